//! The scanner: one pass over a text with explicit stacks (no recursion).
//!
//! Frames (`Frame`) hold one command list each: the top level, a subshell,
//! a brace group, a `case`, a command/process substitution or a backtick
//! substitution. A word being read lives in the frame it started in; when it
//! contains `$(`, a new frame is pushed and the word waits until the frame
//! closes, then takes the whole `$(…)` text literally. Quote and `${…}` /
//! `$((…))` nesting inside a word lives on the word's own mode stack.

use std::collections::HashSet;

use super::map::Map;
use super::wrap::{self, is_assignment, Reentry};
use super::{Command, Op, Origin, Redirect, Script, ShellError, ShellWord, MAX_REENTRY};
use crate::syntax::Span;

struct Job {
    text: String,
    map: Map,
    depth: u32,
    level: u32,
}

struct Out<'t> {
    /// The text given to the splitter.
    top: &'t str,
    commands: Vec<Command>,
    errors: Vec<ShellError>,
    jobs: Vec<Job>,
    next_pipeline: usize,
    /// Bytes that may still be copied into words for nested substitutions.
    budget: usize,
}

impl Out<'_> {
    fn next_id(&mut self) -> usize {
        self.next_pipeline += 1;
        self.next_pipeline
    }
}

pub(crate) fn run(text: &str) -> Script {
    let mut out = Out {
        top: text,
        commands: Vec::new(),
        errors: Vec::new(),
        jobs: Vec::new(),
        next_pipeline: 0,
        budget: text.len().saturating_mul(8).saturating_add(1 << 16),
    };
    let identity = Map::identity();
    Scanner::new(text, &identity, 0, Origin::TopLevel, 0, &mut out).run();
    let top_level = out.commands.len();
    while let Some(job) = out.jobs.pop() {
        Scanner::new(
            &job.text,
            &job.map,
            job.depth,
            Origin::ShellString,
            job.level,
            &mut out,
        )
        .run();
    }
    // A command found in the outer text and again inside a re-entered string
    // (the outer shell already expanded it) is kept once: the first, outer one.
    let mut commands = out.commands;
    if commands.len() > top_level {
        let mut seen: HashSet<(Span, String)> = HashSet::new();
        commands.retain(|c| seen.insert((c.span, c.name_str().to_string())));
    }
    crate::sort::sort_by_key(&mut commands, |c| c.span.start);
    let mut script = Script {
        commands,
        errors: out.errors,
    };
    // Spans are built on char boundaries; this is a safety net for the
    // elided text of pathological nesting.
    script.map_spans(|s| clamp(text, s));
    script
}

fn clamp(text: &str, s: Span) -> Span {
    let fix = |mut x: usize| {
        x = x.min(text.len());
        while !text.is_char_boundary(x) {
            x -= 1;
        }
        x
    };
    let start = fix(s.start);
    Span::new(start, fix(s.end).max(start))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CaseState {
    /// `case WORD` before `in`.
    Subject,
    /// Reading `pattern | pattern )`.
    Patterns,
    /// The commands of an arm.
    Body,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Root,
    Subshell,
    Group,
    CmdSubst,
    Backtick,
    ProcSubst,
    Case(CaseState),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Skip {
    None,
    /// After `for`/`select`, up to `do`.
    ForHeader,
    /// After `function`: the name.
    FuncName,
    /// After `function NAME`: an optional `()`.
    FuncParens,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kw {
    If,
    Loop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    DQuote,
    Param,
    /// `$((…))` with the count of open inner parentheses.
    Arith(u32),
}

struct WordB {
    start: usize,
    text: String,
    /// (cooked offset, local offset) pieces, see `Map`.
    segs: Vec<(usize, usize)>,
    modes: Vec<(Mode, usize)>,
    quoted: bool,
    /// Inside `${…}` or `$((…))`: text is copied as written.
    verbatim: u32,
}

impl WordB {
    fn new(start: usize) -> WordB {
        WordB {
            start,
            text: String::new(),
            segs: Vec::new(),
            modes: Vec::new(),
            quoted: false,
            verbatim: 0,
        }
    }
    fn push(&mut self, s: &str, at: usize) {
        if s.is_empty() {
            return;
        }
        let c = self.text.len();
        let contiguous = self
            .segs
            .last()
            .is_some_and(|&(pc, pl)| pl + (c - pc) == at);
        if !contiguous {
            self.segs.push((c, at));
        }
        self.text.push_str(s);
    }
    fn raw(&mut self, src: &str, a: usize, b: usize) {
        self.push(src.get(a..b).unwrap_or(""), a);
    }
}

struct ArgB {
    word: ShellWord,
    segs: Vec<(usize, usize)>,
    end: usize,
}

struct RedirB {
    start: usize,
    fd: Option<u32>,
    op: &'static str,
    /// After a compound command (`done > log`): not attached to any command.
    discard: bool,
}

#[derive(Default)]
struct CmdB {
    start: Option<usize>,
    end: usize,
    name: Option<ShellWord>,
    args: Vec<ArgB>,
    assigns: Vec<ShellWord>,
    redirects: Vec<Redirect>,
}

impl CmdB {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.args.is_empty()
            && self.assigns.is_empty()
            && self.redirects.is_empty()
    }
    fn touch(&mut self, a: usize, b: usize) {
        self.start.get_or_insert(a);
        self.end = self.end.max(b);
    }
}

struct Frame {
    kind: Kind,
    start: usize,
    depth: u32,
    origin: Origin,
    word: Option<WordB>,
    cmd: CmdB,
    pending_op: Option<Op>,
    /// A command or compound command since the last operator.
    has_item: bool,
    /// An operator (`&&`, `||`, `|`) that still needs its right-hand command.
    need_cmd: Option<(Op, usize, usize)>,
    after_compound: bool,
    pipeline: usize,
    pipe_index: u32,
    skip: Skip,
    dbracket: bool,
    redirect: Option<RedirB>,
    open: Vec<(Kw, usize, usize)>,
}

impl Frame {
    fn new(kind: Kind, start: usize, depth: u32, origin: Origin, pipeline: usize) -> Frame {
        Frame {
            kind,
            start,
            depth,
            origin,
            word: None,
            cmd: CmdB::default(),
            pending_op: None,
            has_item: false,
            need_cmd: None,
            after_compound: false,
            pipeline,
            pipe_index: 0,
            skip: Skip::None,
            dbracket: false,
            redirect: None,
            open: Vec::new(),
        }
    }
    fn start_list(&mut self) {
        self.pending_op = None;
        self.has_item = false;
        self.need_cmd = None;
        self.after_compound = false;
    }
    fn end_compound(&mut self) {
        self.has_item = true;
        self.after_compound = true;
        self.need_cmd = None;
    }
}

/// What the word reader asks the scanner to do next.
enum Action {
    Continue,
    /// The word ends here (the byte at `pos` is not part of it).
    End,
    /// The word is a file descriptor number before `<`/`>`.
    Fd,
    /// Open a substitution frame at `pos` and skip its opener.
    Push(Kind, usize),
    Error(usize, usize, &'static str),
}

const KEYWORDS: &[&str] = &[
    "if", "then", "elif", "else", "fi", "for", "select", "while", "until", "do", "done", "case",
    "esac", "function", "{", "}", "!", "time",
];

/// Reserved words that may directly follow a compound command.
const AFTER_COMPOUND: &[&str] = &["then", "elif", "else", "fi", "do", "done", "esac", "}"];

struct Scanner<'a, 't> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    map: &'a Map,
    root: Frame,
    stack: Vec<Frame>,
    out: &'a mut Out<'t>,
    level: u32,
    /// Here-documents whose bodies start after the next newline:
    /// (delimiter, strip tabs, span of the delimiter word).
    heredocs: Vec<(String, bool, usize, usize)>,
}

fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r')
}

impl<'a, 't> Scanner<'a, 't> {
    fn new(
        s: &'a str,
        map: &'a Map,
        depth: u32,
        origin: Origin,
        level: u32,
        out: &'a mut Out<'t>,
    ) -> Scanner<'a, 't> {
        let id = out.next_id();
        Scanner {
            s,
            b: s.as_bytes(),
            pos: 0,
            map,
            root: Frame::new(Kind::Root, 0, depth, origin, id),
            stack: Vec::new(),
            out,
            level,
            heredocs: Vec::new(),
        }
    }

    fn top(&mut self) -> &mut Frame {
        self.stack.last_mut().unwrap_or(&mut self.root)
    }

    fn err(&mut self, a: usize, b: usize, message: impl Into<String>) {
        let span = self.map.span(a, b.max(a).min(self.b.len()));
        self.out.errors.push(ShellError {
            span,
            message: message.into(),
        });
    }

    /// The top-level span of a word or command. Inside a re-entered string
    /// it also covers the backslashes that escaped its first character
    /// (`\"hi\"` rather than `"hi\"`).
    fn wspan(&self, a: usize, b: usize) -> Span {
        let mut sp = self.map.span(a, b);
        if self.level > 0 {
            let top = self.out.top.as_bytes();
            while sp.start > 0 && top.get(sp.start - 1) == Some(&b'\\') {
                sp.start -= 1;
            }
        }
        sp
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn run(mut self) {
        while self.pos < self.b.len() {
            if self.top().word.is_some() {
                self.word_step();
            } else {
                self.gap_step();
            }
        }
        self.pos = self.b.len();
        while !self.stack.is_empty() {
            let end = self.b.len();
            self.close_top(end, true);
        }
        self.finish_contents();
    }

    fn push_frame(&mut self, kind: Kind, start: usize) {
        let id = self.out.next_id();
        let parent = self.top();
        let depth = parent.depth + u32::from(!matches!(kind, Kind::Case(_)));
        let origin = match kind {
            Kind::CmdSubst | Kind::Backtick => Origin::CommandSubstitution,
            Kind::ProcSubst => Origin::ProcessSubstitution,
            _ => parent.origin,
        };
        self.stack.push(Frame::new(kind, start, depth, origin, id));
    }

    // ---- between words -------------------------------------------------

    fn gap_step(&mut self) {
        let pos = self.pos;
        let Some(c) = self.byte(pos) else { return };
        let next = self.byte(pos + 1);
        let (kind, dbr) = {
            let f = self.top();
            (f.kind, f.dbracket)
        };
        match c {
            b' ' | b'\t' | b'\r' | 0x0c => self.pos += 1,
            b'\\' if next == Some(b'\n') => self.pos += 2,
            b'\\' if next == Some(b'\r') && self.byte(pos + 2) == Some(b'\n') => self.pos += 3,
            b'\n' => {
                self.pos += 1;
                self.newline();
                self.skip_heredocs();
            }
            b'#' => {
                let stop_at_backtick = kind == Kind::Backtick;
                let mut e = pos;
                while let Some(c) = self.byte(e) {
                    if c == b'\n' || (stop_at_backtick && c == b'`') {
                        break;
                    }
                    e += 1;
                }
                self.pos = e;
            }
            b';' => self.semicolon(),
            b'&' if !dbr => match next {
                Some(b'&') => self.op(Op::And, pos, 2),
                Some(b'>') => self.redirect(None, pos),
                _ => self.op(Op::Background, pos, 1),
            },
            b'|' if !dbr => {
                if kind == Kind::Case(CaseState::Patterns) {
                    self.pos += 1;
                } else {
                    match next {
                        Some(b'|') => self.op(Op::Or, pos, 2),
                        Some(b'&') => self.op(Op::Pipe, pos, 2),
                        _ => self.op(Op::Pipe, pos, 1),
                    }
                }
            }
            b'(' if !dbr => self.open_paren(),
            b')' if !dbr => self.close_paren(),
            b'<' | b'>' if !dbr => {
                if next == Some(b'(') {
                    self.top().word = Some(WordB::new(pos));
                    self.push_frame(Kind::ProcSubst, pos);
                    self.pos += 2;
                } else {
                    self.redirect(None, pos);
                }
            }
            b'`' if kind == Kind::Backtick => {
                self.close_top(pos + 1, false);
                self.pos = pos + 1;
            }
            _ => self.top().word = Some(WordB::new(pos)),
        }
    }

    fn semicolon(&mut self) {
        let pos = self.pos;
        let rest = self.b.get(pos..).unwrap_or(&[]);
        let n = if rest.starts_with(b";;&") {
            3
        } else if rest.starts_with(b";;") || rest.starts_with(b";&") {
            2
        } else {
            1
        };
        if n == 1 {
            self.op(Op::Seq, pos, 1);
            return;
        }
        if self.top().kind == Kind::Case(CaseState::Body) {
            self.pos = pos + n;
            self.end_pending_redirect();
            self.finish_cmd();
            if let Some((op, a, l)) = self.top().need_cmd.take() {
                self.err(a, a + l, format!("missing command after `{}`", op.as_str()));
            }
            let id = self.out.next_id();
            let f = self.top();
            f.kind = Kind::Case(CaseState::Patterns);
            f.start_list();
            f.pipeline = id;
            f.pipe_index = 0;
        } else {
            self.err(pos, pos + n, "case terminator outside a `case` arm");
            self.op(Op::Seq, pos, n);
        }
    }

    fn end_pending_redirect(&mut self) {
        if let Some(r) = self.top().redirect.take() {
            let pos = self.pos;
            self.err(r.start, pos, format!("missing target after `{}`", r.op));
        }
    }

    fn op(&mut self, op: Op, at: usize, n: usize) {
        self.pos = at + n;
        self.end_pending_redirect();
        self.finish_cmd();
        let kind = self.top().kind;
        if matches!(kind, Kind::Case(CaseState::Subject | CaseState::Patterns)) {
            self.err(
                at,
                at + n,
                format!("unexpected `{}` in a case pattern", op.as_str()),
            );
            return;
        }
        let (has_item, need, skip) = {
            let f = self.top();
            (f.has_item, f.need_cmd.take(), f.skip)
        };
        match op {
            Op::And | Op::Or | Op::Pipe => {
                if let Some((o, a, l)) = need {
                    self.err(a, a + l, format!("missing command after `{}`", o.as_str()));
                } else if !has_item {
                    self.err(
                        at,
                        at + n,
                        format!("missing command before `{}`", op.as_str()),
                    );
                }
                self.top().need_cmd = Some((op, at, n));
            }
            Op::Seq | Op::Background => {
                if let Some((o, a, l)) = need {
                    self.err(a, a + l, format!("missing command after `{}`", o.as_str()));
                } else if !has_item && skip != Skip::ForHeader {
                    self.err(at, at + n, format!("unexpected `{}`", op.as_str()));
                }
            }
        }
        let id = self.out.next_id();
        let f = self.top();
        if op == Op::Pipe {
            f.pipe_index += 1;
        } else {
            f.pipeline = id;
            f.pipe_index = 0;
        }
        f.pending_op = Some(op);
        f.has_item = false;
        f.after_compound = false;
    }

    fn newline(&mut self) {
        self.end_pending_redirect();
        self.finish_cmd();
        let id = self.out.next_id();
        let f = self.top();
        if matches!(f.kind, Kind::Case(CaseState::Subject | CaseState::Patterns))
            || f.skip == Skip::ForHeader
            || f.need_cmd.is_some()
            || !f.has_item
        {
            return;
        }
        f.pending_op = Some(Op::Seq);
        f.pipeline = id;
        f.pipe_index = 0;
        f.has_item = false;
        f.after_compound = false;
    }

    fn skip_heredocs(&mut self) {
        let docs = std::mem::take(&mut self.heredocs);
        for (delim, strip, a, b) in docs {
            loop {
                if self.pos >= self.b.len() {
                    self.err(a, b, format!("here-document `{delim}` is not terminated"));
                    return;
                }
                let rest = self.b.get(self.pos..).unwrap_or(&[]);
                let e = rest
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(self.b.len(), |i| self.pos + i);
                let mut line = self.s.get(self.pos..e).unwrap_or("");
                line = line.strip_suffix('\r').unwrap_or(line);
                if strip {
                    line = line.trim_start_matches('\t');
                }
                let done = line == delim;
                self.pos = (e + 1).min(self.b.len());
                if done {
                    break;
                }
            }
        }
    }

    fn redirect(&mut self, fd: Option<u32>, start: usize) {
        let rest = self.b.get(self.pos..).unwrap_or(&[]);
        const OPS: &[&str] = &[
            "<<<", "<<-", "<<", "<>", "<&", "<", ">>", ">|", ">&", ">", "&>>", "&>",
        ];
        let op = OPS
            .iter()
            .copied()
            .find(|o| rest.starts_with(o.as_bytes()))
            .unwrap_or("<");
        self.end_pending_redirect();
        self.pos += op.len();
        let f = self.top();
        let discard = f.after_compound
            || f.skip == Skip::ForHeader
            || matches!(f.kind, Kind::Case(CaseState::Subject | CaseState::Patterns));
        f.redirect = Some(RedirB {
            start,
            fd,
            op,
            discard,
        });
    }

    fn open_paren(&mut self) {
        let pos = self.pos;
        let next = self.byte(pos + 1);
        let f = self.top();
        if matches!(f.kind, Kind::Case(CaseState::Subject | CaseState::Patterns)) {
            self.pos += 1;
            return;
        }
        let func_def = f.skip == Skip::FuncParens
            || (f.cmd.args.is_empty()
                && f.cmd.assigns.is_empty()
                && f.cmd.redirects.is_empty()
                && f.cmd.name.as_ref().is_some_and(|n| !n.quoted));
        if func_def {
            let mut e = pos + 1;
            while self.byte(e).is_some_and(is_blank) {
                e += 1;
            }
            if self.byte(e) == Some(b')') {
                let f = self.top();
                f.skip = Skip::None;
                f.cmd = CmdB::default();
                f.start_list();
                self.pos = e + 1;
                return;
            }
        }
        let f = self.top();
        if next == Some(b'(') && (f.cmd.is_empty() || f.skip == Skip::ForHeader) {
            self.skip_arith_command();
            return;
        }
        if !f.cmd.is_empty() {
            self.err(pos, pos + 1, "unexpected `(`");
            self.finish_cmd();
        }
        let f = self.top();
        f.need_cmd = None;
        f.skip = Skip::None;
        self.push_frame(Kind::Subshell, pos);
        self.pos += 1;
    }

    /// `(( … ))` as a command (or a `for ((…))` header): no commands inside.
    fn skip_arith_command(&mut self) {
        let start = self.pos;
        let mut i = start + 2;
        let mut depth = 0u32;
        let end = loop {
            match self.byte(i) {
                None => break None,
                Some(b'(') => depth += 1,
                Some(b')') => {
                    if depth > 0 {
                        depth -= 1;
                    } else if self.byte(i + 1) == Some(b')') {
                        break Some(i + 2);
                    }
                }
                Some(b'\\') => i += 1,
                Some(q @ (b'\'' | b'"')) => {
                    let rest = self.b.get(i + 1..).unwrap_or(&[]);
                    match rest.iter().position(|&c| c == q) {
                        Some(k) => i += k + 1,
                        None => break None,
                    }
                }
                _ => {}
            }
            i += 1;
        };
        let end = match end {
            Some(e) => e,
            None => {
                self.err(start, start + 2, "`((` is not closed by `))`");
                self.b.len()
            }
        };
        self.pos = end;
        let f = self.top();
        if f.skip != Skip::ForHeader {
            f.end_compound();
        }
    }

    fn close_paren(&mut self) {
        loop {
            let pos = self.pos;
            let kind = self.top().kind;
            match kind {
                Kind::Case(CaseState::Patterns) => {
                    let f = self.top();
                    f.kind = Kind::Case(CaseState::Body);
                    f.start_list();
                    self.pos += 1;
                    return;
                }
                Kind::Subshell | Kind::CmdSubst | Kind::ProcSubst => {
                    self.close_top(pos + 1, false);
                    self.pos = pos + 1;
                    return;
                }
                Kind::Group | Kind::Case(_) if !self.stack.is_empty() => {
                    self.close_top(pos, true);
                }
                _ => {
                    self.err(pos, pos + 1, "unexpected `)`");
                    self.pos += 1;
                    return;
                }
            }
        }
    }

    /// Finishes the top frame's pending word, redirection and command, and
    /// reports what it leaves open.
    fn finish_contents(&mut self) {
        if self.top().word.is_some() {
            self.finish_word();
        }
        self.end_pending_redirect();
        self.finish_cmd();
        if let Some((op, a, l)) = self.top().need_cmd.take() {
            self.err(a, a + l, format!("missing command after `{}`", op.as_str()));
        }
        let open = std::mem::take(&mut self.top().open);
        for (kw, a, b) in open {
            let msg = match kw {
                Kw::If => "`if` is not closed by `fi`",
                Kw::Loop => "loop is not closed by `done`",
            };
            self.err(a, b, msg);
        }
    }

    /// Closes the top frame: its contents end at `self.pos`, the frame's
    /// text (for substitutions) at `end`.
    fn close_top(&mut self, end: usize, unterminated: bool) {
        if self.stack.is_empty() {
            return;
        }
        self.finish_contents();
        let Some(f) = self.stack.pop() else { return };
        if unterminated {
            let (n, msg) = match f.kind {
                Kind::Subshell => (1, "`(` is not closed by `)`"),
                Kind::CmdSubst => (2, "`$(` is not closed by `)`"),
                Kind::ProcSubst => (2, "process substitution is not closed by `)`"),
                Kind::Backtick => (1, "backtick substitution is not closed"),
                Kind::Group => (1, "`{` is not closed by `}`"),
                Kind::Case(_) => (4, "`case` is not closed by `esac`"),
                Kind::Root => (0, ""),
            };
            self.err(f.start, f.start + n, msg);
        }
        match f.kind {
            Kind::CmdSubst | Kind::Backtick | Kind::ProcSubst => {
                let end = end.min(self.b.len()).max(f.start);
                let slice = self.s.get(f.start..end).unwrap_or("");
                let fits = slice.len() <= self.out.budget;
                if fits {
                    self.out.budget -= slice.len();
                }
                let opener = if f.kind == Kind::Backtick { 1 } else { 2 };
                let s = self.s;
                let parent = self.top();
                let w = parent.word.get_or_insert_with(|| WordB::new(f.start));
                if fits {
                    w.push(slice, f.start);
                } else {
                    w.raw(s, f.start, f.start + opener);
                    w.push("…", f.start + opener);
                }
            }
            Kind::Subshell | Kind::Group | Kind::Case(_) => self.top().end_compound(),
            Kind::Root => {}
        }
    }

    // ---- words -----------------------------------------------------------

    fn word_step(&mut self) {
        match self.read_word() {
            Action::Continue => {}
            Action::End => self.finish_word(),
            Action::Fd => {
                let Some(w) = self.top().word.take() else {
                    return;
                };
                let fd = w.text.parse::<u32>().ok();
                self.redirect(fd, w.start);
            }
            Action::Push(kind, n) => {
                let pos = self.pos;
                self.push_frame(kind, pos);
                self.pos += n;
            }
            Action::Error(a, b, msg) => self.err(a, b, msg),
        }
    }

    /// Reads one piece of the top frame's word.
    fn read_word(&mut self) -> Action {
        let s = self.s;
        let b = self.b;
        let pos = self.pos;
        let len = b.len();
        let Some(&c) = b.get(pos) else {
            return Action::End;
        };
        let next = b.get(pos + 1).copied();
        let f = self.stack.last_mut().unwrap_or(&mut self.root);
        let (kind, dbr) = (f.kind, f.dbracket);
        let Some(w) = f.word.as_mut() else {
            return Action::End;
        };
        let mode = w.modes.last().map(|m| m.0);
        let verbatim = w.verbatim > 0;
        // Shared handling of `$`, backticks and backslashes.
        match c {
            b'$' => return self.dollar(mode),
            b'`' => {
                return if kind == Kind::Backtick {
                    Action::End
                } else {
                    Action::Push(Kind::Backtick, 1)
                };
            }
            _ => {}
        }
        let char_len = |i: usize| {
            s.get(i..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8)
        };
        match mode {
            None => match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | 0x0c => Action::End,
                b'&' | b'|' | b'<' | b'>' | b'(' | b')' if dbr => {
                    w.raw(s, pos, pos + 1);
                    self.pos += 1;
                    Action::Continue
                }
                b'<' | b'>' => {
                    let digits = !w.text.is_empty()
                        && !w.quoted
                        && w.text.len() == pos - w.start
                        && w.text.bytes().all(|d| d.is_ascii_digit());
                    if digits && next != Some(b'(') {
                        Action::Fd
                    } else {
                        Action::End
                    }
                }
                b'(' => {
                    let so_far = s.get(w.start..pos).unwrap_or("");
                    let array = so_far.ends_with('=') && is_assignment(so_far);
                    let extglob = so_far.ends_with(['?', '*', '+', '@', '!']);
                    if !(array || extglob) {
                        return Action::End;
                    }
                    let e = balanced_paren_end(b, pos);
                    w.raw(s, pos, e);
                    self.pos = e;
                    if e >= len && b.last() != Some(&b')') {
                        return Action::Error(pos, pos + 1, "`(` is not closed by `)`");
                    }
                    Action::Continue
                }
                b'&' | b'|' | b')' => Action::End,
                b'\\' => {
                    match next {
                        None => {
                            w.raw(s, pos, pos + 1);
                            self.pos += 1;
                        }
                        Some(b'\n') => self.pos += 2,
                        Some(b'\r') if b.get(pos + 2) == Some(&b'\n') => self.pos += 3,
                        Some(_) => {
                            let n = char_len(pos + 1);
                            w.quoted = true;
                            if verbatim {
                                w.raw(s, pos, pos + 1 + n);
                            } else {
                                w.raw(s, pos + 1, pos + 1 + n);
                            }
                            self.pos += 1 + n;
                        }
                    }
                    Action::Continue
                }
                b'\'' => {
                    w.quoted = true;
                    match b
                        .get(pos + 1..)
                        .and_then(|r| r.iter().position(|&q| q == b'\''))
                    {
                        Some(k) => {
                            let e = pos + 1 + k;
                            if verbatim {
                                w.raw(s, pos, e + 1);
                            } else {
                                w.raw(s, pos + 1, e);
                            }
                            self.pos = e + 1;
                            Action::Continue
                        }
                        None => {
                            w.raw(s, pos + 1, len);
                            self.pos = len;
                            Action::Error(pos, pos + 1, "unterminated single quote")
                        }
                    }
                }
                b'"' => {
                    w.quoted = true;
                    w.modes.push((Mode::DQuote, pos));
                    if verbatim {
                        w.raw(s, pos, pos + 1);
                    }
                    self.pos += 1;
                    Action::Continue
                }
                _ => {
                    let mut e = pos + 1;
                    while let Some(&d) = b.get(e) {
                        if matches!(
                            d,
                            b' ' | b'\t'
                                | b'\r'
                                | b'\n'
                                | 0x0c
                                | b';'
                                | b'&'
                                | b'|'
                                | b'<'
                                | b'>'
                                | b'('
                                | b')'
                                | b'\\'
                                | b'\''
                                | b'"'
                                | b'$'
                                | b'`'
                        ) {
                            break;
                        }
                        e += 1;
                    }
                    w.raw(s, pos, e);
                    self.pos = e;
                    Action::Continue
                }
            },
            Some(Mode::DQuote) => match c {
                b'"' => {
                    w.modes.pop();
                    if verbatim {
                        w.raw(s, pos, pos + 1);
                    }
                    self.pos += 1;
                    Action::Continue
                }
                b'\\' => {
                    match next {
                        Some(b'\n') => self.pos += 2,
                        Some(b'$' | b'`' | b'"' | b'\\') => {
                            if verbatim {
                                w.raw(s, pos, pos + 2);
                            } else {
                                w.raw(s, pos + 1, pos + 2);
                            }
                            self.pos += 2;
                        }
                        _ => {
                            w.raw(s, pos, pos + 1);
                            self.pos += 1;
                        }
                    }
                    Action::Continue
                }
                _ => {
                    let mut e = pos + 1;
                    while let Some(&d) = b.get(e) {
                        if matches!(d, b'"' | b'\\' | b'$' | b'`') {
                            break;
                        }
                        e += 1;
                    }
                    w.raw(s, pos, e);
                    self.pos = e;
                    Action::Continue
                }
            },
            Some(m @ (Mode::Param | Mode::Arith(_))) => {
                match c {
                    b'}' if m == Mode::Param => {
                        w.modes.pop();
                        w.verbatim = w.verbatim.saturating_sub(1);
                        w.raw(s, pos, pos + 1);
                        self.pos += 1;
                    }
                    b'(' if m != Mode::Param => {
                        if let Some((Mode::Arith(d), _)) = w.modes.last_mut() {
                            *d += 1;
                        }
                        w.raw(s, pos, pos + 1);
                        self.pos += 1;
                    }
                    b')' if m != Mode::Param => {
                        let mut n = 1;
                        if let Some((Mode::Arith(d), _)) = w.modes.last_mut() {
                            if *d > 0 {
                                *d -= 1;
                            } else {
                                if next == Some(b')') {
                                    n = 2;
                                }
                                w.modes.pop();
                                w.verbatim = w.verbatim.saturating_sub(1);
                            }
                        }
                        w.raw(s, pos, pos + n);
                        self.pos += n;
                    }
                    b'"' => {
                        w.modes.push((Mode::DQuote, pos));
                        w.raw(s, pos, pos + 1);
                        self.pos += 1;
                    }
                    b'\'' => {
                        let e = b
                            .get(pos + 1..)
                            .and_then(|r| r.iter().position(|&q| q == b'\''))
                            .map_or(pos + 1, |k| pos + k + 2);
                        w.raw(s, pos, e);
                        self.pos = e;
                    }
                    b'\\' => {
                        let e =
                            (pos + 1 + if next.is_some() { char_len(pos + 1) } else { 0 }).min(len);
                        w.raw(s, pos, e);
                        self.pos = e;
                    }
                    _ => {
                        let mut e = pos + 1;
                        while let Some(&d) = b.get(e) {
                            if matches!(d, b'}' | b'(' | b')' | b'"' | b'\'' | b'\\' | b'$' | b'`')
                            {
                                break;
                            }
                            e += 1;
                        }
                        w.raw(s, pos, e);
                        self.pos = e;
                    }
                }
                Action::Continue
            }
        }
    }

    /// `$` inside a word (at `self.pos`).
    fn dollar(&mut self, mode: Option<Mode>) -> Action {
        let s = self.s;
        let b = self.b;
        let pos = self.pos;
        let next = b.get(pos + 1).copied();
        let f = self.stack.last_mut().unwrap_or(&mut self.root);
        let Some(w) = f.word.as_mut() else {
            return Action::End;
        };
        match next {
            Some(b'(') if b.get(pos + 2) == Some(&b'(') => {
                w.modes.push((Mode::Arith(0), pos));
                w.verbatim += 1;
                w.raw(s, pos, pos + 3);
                self.pos += 3;
                Action::Continue
            }
            Some(b'(') => Action::Push(Kind::CmdSubst, 2),
            Some(b'{') => {
                w.modes.push((Mode::Param, pos));
                w.verbatim += 1;
                w.raw(s, pos, pos + 2);
                self.pos += 2;
                Action::Continue
            }
            Some(b'\'') if mode != Some(Mode::DQuote) => self.ansi_c(),
            Some(b'"') if mode.is_none() && w.verbatim == 0 => {
                self.pos += 1;
                Action::Continue
            }
            _ => {
                w.raw(s, pos, pos + 1);
                self.pos += 1;
                Action::Continue
            }
        }
    }

    /// `$'…'` at `self.pos`.
    fn ansi_c(&mut self) -> Action {
        let s = self.s;
        let b = self.b;
        let start = self.pos;
        let f = self.stack.last_mut().unwrap_or(&mut self.root);
        let Some(w) = f.word.as_mut() else {
            return Action::End;
        };
        let verbatim = w.verbatim > 0;
        w.quoted = true;
        if verbatim {
            w.raw(s, start, start + 2);
        }
        let mut i = start + 2;
        loop {
            let run_end = b
                .get(i..)
                .and_then(|r| r.iter().position(|&c| c == b'\'' || c == b'\\'))
                .map_or(b.len(), |k| i + k);
            w.raw(s, i, run_end);
            i = run_end;
            match b.get(i) {
                None => {
                    self.pos = b.len();
                    return Action::Error(start, start + 2, "unterminated `$'` quote");
                }
                Some(b'\'') => {
                    if verbatim {
                        w.raw(s, i, i + 1);
                    }
                    self.pos = i + 1;
                    return Action::Continue;
                }
                Some(_) => {
                    let esc = b.get(i + 1).copied();
                    let cooked = match esc {
                        Some(b'n') => Some("\n"),
                        Some(b't') => Some("\t"),
                        Some(b'r') => Some("\r"),
                        Some(b'a') => Some("\u{7}"),
                        Some(b'b') => Some("\u{8}"),
                        Some(b'e' | b'E') => Some("\u{1b}"),
                        Some(b'f') => Some("\u{c}"),
                        Some(b'v') => Some("\u{b}"),
                        Some(b'\\') => Some("\\"),
                        Some(b'\'') => Some("'"),
                        Some(b'"') => Some("\""),
                        Some(b'?') => Some("?"),
                        _ => None,
                    };
                    match cooked {
                        Some(t) if !verbatim => w.push(t, i + 1),
                        Some(_) => w.raw(s, i, i + 2),
                        None => {
                            // Kept as written (the next char is copied by the next run).
                            w.raw(s, i, i + 1);
                            i += 1;
                            continue;
                        }
                    }
                    i += 2;
                }
            }
        }
    }

    fn finish_word(&mut self) {
        let pos = self.pos;
        let Some(w) = self.top().word.take() else {
            return;
        };
        if let Some(&(mode, at)) = w.modes.first() {
            let (n, msg) = match mode {
                Mode::DQuote => (1, "unterminated double quote"),
                Mode::Param => (2, "`${` is not closed by `}`"),
                Mode::Arith(_) => (3, "`$((` is not closed by `))`"),
            };
            self.err(at, at + n, msg);
        }
        let word = ShellWord {
            span: self.wspan(w.start, pos),
            text: w.text,
            quoted: w.quoted,
        };
        self.accept_word(word, w.segs, w.start, pos);
    }

    fn accept_word(&mut self, word: ShellWord, segs: Vec<(usize, usize)>, a: usize, b: usize) {
        let s = self.s;
        let map = self.map;
        let plain = |t: &str| !word.quoted && word.text == t;
        let f = self.stack.last_mut().unwrap_or(&mut self.root);
        if let Some(r) = f.redirect.take() {
            if r.op == "<<" || r.op == "<<-" {
                self.heredocs.push((word.text.clone(), r.op == "<<-", a, b));
            }
            if !r.discard {
                f.cmd.redirects.push(Redirect {
                    span: map.span(r.start, b),
                    fd: r.fd,
                    op: r.op.to_string(),
                    target: Some(word),
                });
                f.cmd.touch(r.start, b);
            }
            return;
        }
        if f.dbracket {
            if plain("]]") {
                f.dbracket = false;
            }
            f.cmd.args.push(ArgB { word, segs, end: b });
            f.cmd.touch(a, b);
            return;
        }
        match f.skip {
            Skip::ForHeader => {
                if plain("do") {
                    self.keyword("do", a, b);
                } else {
                    f.has_item = true;
                }
                return;
            }
            Skip::FuncName => {
                f.skip = Skip::FuncParens;
                return;
            }
            Skip::FuncParens => f.skip = Skip::None,
            Skip::None => {}
        }
        match f.kind {
            Kind::Case(CaseState::Subject) => {
                if plain("in") {
                    f.kind = Kind::Case(CaseState::Patterns);
                }
                return;
            }
            Kind::Case(CaseState::Patterns) => {
                if plain("esac") {
                    let pos = self.pos;
                    self.close_top(pos, false);
                }
                return;
            }
            _ => {}
        }
        if f.cmd.is_empty() && !word.quoted && KEYWORDS.contains(&word.text.as_str()) {
            let ok = !f.after_compound || AFTER_COMPOUND.contains(&word.text.as_str());
            if ok {
                let kw = word.text;
                self.keyword(&kw, a, b);
                return;
            }
        }
        if f.cmd.name.is_none() {
            if f.after_compound {
                f.after_compound = false;
                self.err(a, b, "unexpected word after a compound command");
            }
            let f = self.stack.last_mut().unwrap_or(&mut self.root);
            if is_assignment(s.get(a..b).unwrap_or("")) {
                f.cmd.assigns.push(word);
            } else {
                if plain("[[") {
                    f.dbracket = true;
                }
                f.cmd.name = Some(word);
            }
        } else {
            f.cmd.args.push(ArgB { word, segs, end: b });
        }
        let f = self.stack.last_mut().unwrap_or(&mut self.root);
        f.cmd.touch(a, b);
    }

    fn keyword(&mut self, kw: &str, a: usize, b: usize) {
        let f = self.top();
        let mut problem: Option<&'static str> = None;
        match kw {
            "if" => {
                f.open.push((Kw::If, a, b));
                f.start_list();
            }
            "then" | "elif" | "else" => {
                if f.open.last().map(|o| o.0) != Some(Kw::If) {
                    problem = Some("reserved word outside `if … fi`");
                }
                f.start_list();
            }
            "fi" => {
                if f.open.last().map(|o| o.0) == Some(Kw::If) {
                    f.open.pop();
                } else {
                    problem = Some("`fi` without `if`");
                }
                f.end_compound();
            }
            "while" | "until" => {
                f.open.push((Kw::Loop, a, b));
                f.start_list();
            }
            "for" | "select" => {
                f.open.push((Kw::Loop, a, b));
                f.start_list();
                f.skip = Skip::ForHeader;
                f.has_item = true;
            }
            "do" => {
                if f.skip == Skip::ForHeader {
                    f.skip = Skip::None;
                }
                if f.open.last().map(|o| o.0) != Some(Kw::Loop) {
                    problem = Some("`do` outside a loop");
                }
                f.start_list();
            }
            "done" => {
                if f.open.last().map(|o| o.0) == Some(Kw::Loop) {
                    f.open.pop();
                } else {
                    problem = Some("`done` without a loop");
                }
                f.end_compound();
            }
            "case" => {
                f.need_cmd = None;
                self.push_frame(Kind::Case(CaseState::Subject), a);
            }
            "esac" => {
                if matches!(f.kind, Kind::Case(_)) {
                    let pos = self.pos;
                    self.close_top(pos, false);
                } else {
                    problem = Some("`esac` without `case`");
                }
            }
            "{" => {
                f.need_cmd = None;
                self.push_frame(Kind::Group, a);
            }
            "}" => {
                if f.kind == Kind::Group {
                    let pos = self.pos;
                    self.close_top(pos, false);
                } else {
                    problem = Some("`}` without `{`");
                }
            }
            "function" => f.skip = Skip::FuncName,
            _ => {} // `!`, `time`: the command follows.
        }
        if let Some(p) = problem {
            self.err(a, b, p);
        }
    }

    fn finish_cmd(&mut self) {
        let f = self.stack.last_mut().unwrap_or(&mut self.root);
        if f.cmd.is_empty() {
            return;
        }
        let cmd = std::mem::take(&mut f.cmd);
        f.has_item = true;
        f.need_cmd = None;
        f.dbracket = false;
        let joined_by = f.pending_op.take();
        let (depth, origin, pipeline, pipe_index) = (f.depth, f.origin, f.pipeline, f.pipe_index);
        let start = cmd.start.unwrap_or(cmd.end);
        let mut args = Vec::with_capacity(cmd.args.len());
        let mut arg_segs = Vec::with_capacity(cmd.args.len());
        for ArgB { word, segs, end } in cmd.args {
            args.push(word);
            arg_segs.push((segs, end));
        }
        let command = Command {
            name: cmd.name,
            args,
            assignments: cmd.assigns,
            redirects: cmd.redirects,
            span: self.wspan(start, cmd.end),
            depth,
            joined_by,
            origin,
            pipeline,
            pipe_index,
        };
        if self.level < MAX_REENTRY {
            let re = command.effective().and_then(|v| wrap::reentry(&v));
            if let Some(re) = re {
                self.queue(&re, &command, &arg_segs, depth);
            }
        }
        self.out.commands.push(command);
    }

    /// Queues the shell text a re-entering command runs.
    fn queue(
        &mut self,
        re: &Reentry,
        cmd: &Command,
        segs: &[(Vec<(usize, usize)>, usize)],
        depth: u32,
    ) {
        let (text, pieces) = match *re {
            Reentry::Arg(i) => match (cmd.args.get(i), segs.get(i)) {
                (Some(w), Some((sg, _))) => (w.text.clone(), sg.clone()),
                _ => return,
            },
            Reentry::From(i) => {
                let mut text = String::new();
                let mut pieces = Vec::new();
                let mut prev_end = None;
                for (w, (sg, end)) in cmd.args.iter().zip(segs).skip(i) {
                    if let Some(e) = prev_end {
                        pieces.push((text.len(), e));
                        text.push(' ');
                    }
                    let base = text.len();
                    pieces.extend(sg.iter().map(|&(c, l)| (c + base, l)));
                    text.push_str(&w.text);
                    prev_end = Some(*end);
                }
                (text, pieces)
            }
        };
        if text.trim().is_empty() || pieces.is_empty() {
            return;
        }
        let map = self.map.compose(&pieces, text.len());
        self.out.jobs.push(Job {
            text,
            map,
            depth: depth + 1,
            level: self.level + 1,
        });
    }
}

/// The end (exclusive) of a parenthesised group starting at `pos`, or the
/// end of the input.
fn balanced_paren_end(b: &[u8], pos: usize) -> usize {
    let mut depth = 0u32;
    let mut i = pos;
    while let Some(&c) = b.get(i) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\\' => i += 1,
            b'\'' | b'"' => {
                if let Some(k) = b.get(i + 1..).and_then(|r| r.iter().position(|&q| q == c)) {
                    i += k + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}
