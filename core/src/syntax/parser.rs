//! The Dockerfile parser: a line-driven loop modelled on BuildKit's
//! `frontend/dockerfile/parser` (`Parse`, `processLine`,
//! `trimContinuationCharacter`, the line parsers of `line_parsers.go`,
//! directives and heredoc scanning), plus the argument-count checks that
//! BuildKit's `instructions` package makes right after parsing. Unlike
//! BuildKit it never stops at an error: a rejected line or instruction becomes
//! an error node and parsing goes on with the next line.
//!
//! Lines end at `\n` only, as in BuildKit (a lone `\r` is white space there;
//! `\r` before `\n` is dropped like BuildKit's `trimNewline`).
//!
//! Nothing here recurses: lines are read in a loop, ONBUILD's trigger is
//! analysed by a separate non-nesting function, and the JSON and shell
//! lexers keep explicit state.

mod json;
mod lex;

use std::ops::Range;

use super::ast::{
    Comment, Directive, Dockerfile, Flag, Heredoc, Instruction, KeyValue, Keyword, LogicalText,
    Node, NodeKind, Piece, Span, SyntaxError, Word,
};
use json::JsonArray;
use lex::{extract_flags, is_sep, parse_words, shell_words, split_whitespace, unquote, LexMode};

const BOM: &str = "\u{feff}";
const NOT_STRINGS: &str = "when using JSON array syntax, arrays must be comprised of strings only";

/// Parses a Dockerfile. Never fails: malformed lines become error nodes.
pub fn parse(src: &str) -> Dockerfile {
    let bom = src.starts_with(BOM);
    let mut p = Parser {
        src,
        escape: '\\',
        nodes: Vec::new(),
        directives_done: false,
        seen: Vec::new(),
        bom,
    };
    let mut pos = 0;
    while pos < src.len() {
        let next = p.item(pos);
        // Every item consumes at least one line; guard anyway.
        pos = if next > pos { next } else { src.len() };
    }
    Dockerfile {
        escape: p.escape,
        bom,
        nodes: p.nodes,
    }
}

/// One physical line: `start..content_end` is its text without trailing
/// `\r`/`\n` (BuildKit's `trimNewline`), `end` is after its `\n`.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

fn line_at(src: &str, start: usize) -> Line {
    let rest = src.get(start..).unwrap_or("");
    let end = rest.find('\n').map_or(src.len(), |i| start + i + 1);
    let content = src
        .get(start..end)
        .unwrap_or("")
        .trim_end_matches(['\r', '\n']);
    Line {
        start,
        content_end: start + content.len(),
        end,
    }
}

/// BuildKit's `lineContinuationRegex`: the escape token followed only by
/// spaces and tabs, and not itself preceded by the escape token. Returns the
/// offset of the escape token (the kept text ends there).
fn continuation(content: &str, escape: char) -> Option<usize> {
    let before = content.trim_end_matches([' ', '\t']).strip_suffix(escape)?;
    if before.ends_with(escape) {
        return None;
    }
    Some(before.len())
}

/// Go's `\s`: `[\t\n\f\r ]`.
fn re_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// BuildKit's directive pattern `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
/// on a left-trimmed line. Returns the name and value ranges.
fn directive_match(s: &str) -> Option<(Range<usize>, Range<usize>)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'#') {
        return None;
    }
    let skip = |mut i: usize| {
        while b.get(i).copied().is_some_and(re_space) {
            i += 1;
        }
        i
    };
    let ns = skip(1);
    if !b.get(ns).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut ne = ns;
    while b.get(ne).is_some_and(u8::is_ascii_alphanumeric) {
        ne += 1;
    }
    let eq = skip(ne);
    if b.get(eq) != Some(&b'=') {
        return None;
    }
    let after = eq + 1;
    if after >= b.len() {
        return None;
    }
    let mut ve = b.len();
    while ve > after && b.get(ve - 1).copied().is_some_and(re_space) {
        ve -= 1;
    }
    let value = if ve == after {
        // Only white space after `=`: the lazy `.+?` takes the last character.
        b.len() - 1..b.len()
    } else {
        skip(after)..ve
    };
    Some((ns..ne, value))
}

/// The result of analysing the text of one instruction.
struct Analyzed {
    instr: Option<Instruction>,
    error: Option<(Span, String)>,
    /// Logical ranges of the keyword and of the arguments after the flags.
    keyword: Range<usize>,
    rest: Range<usize>,
}

/// A heredoc word found on an instruction line.
struct HeredocWord {
    span: Span,
    name: String,
    strip_tabs: bool,
    quoted: bool,
}

struct Parser<'s> {
    src: &'s str,
    escape: char,
    nodes: Vec<Node>,
    directives_done: bool,
    seen: Vec<String>,
    bom: bool,
}

impl Parser<'_> {
    fn push(&mut self, start: usize, end: usize, kind: NodeKind) {
        self.nodes.push(Node {
            span: Span::new(start, end),
            kind,
        });
    }

    /// Reads the item (directive, comment, blank line or instruction) that
    /// starts at `pos`, adds its node and returns where the next one starts.
    fn item(&mut self, pos: usize) -> usize {
        let src = self.src;
        let line = line_at(src, pos);
        let text_start = if pos == 0 && self.bom {
            BOM.len().min(line.content_end)
        } else {
            pos
        };
        let content = src.get(text_start..line.content_end).unwrap_or("");
        let stripped = content.trim_start();
        let s0 = line.content_end - stripped.len();

        if !self.directives_done {
            if let Some(kind) = self.directive(stripped, s0) {
                self.push(pos, line.end, kind);
                return line.end;
            }
            self.directives_done = true;
        }
        if stripped.is_empty() {
            self.push(pos, line.end, NodeKind::Blank);
            return line.end;
        }
        if let Some(body) = stripped.strip_prefix('#') {
            let comment = Comment {
                span: Span::new(s0, line.content_end),
                text: body.trim().to_string(),
            };
            self.push(pos, line.end, NodeKind::Comment(comment));
            return line.end;
        }
        self.instruction(line, s0)
    }

    /// A parser directive on a line (`stripped` starts at `s0`), or `None`
    /// when the line ends directive scanning.
    fn directive(&mut self, stripped: &str, s0: usize) -> Option<NodeKind> {
        let (n, v) = directive_match(stripped)?;
        let name = stripped.get(n.clone())?.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            return None;
        }
        let value = stripped.get(v.clone())?.to_string();
        let span = Span::new(s0, s0 + stripped.len());
        let error = |message: String| {
            NodeKind::Error(SyntaxError {
                span,
                message,
                instruction: None,
            })
        };
        if self.seen.contains(&name) {
            return Some(error(format!(
                "only one {name} parser directive can be used"
            )));
        }
        self.seen.push(name.clone());
        if name == "escape" {
            match value.as_str() {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => {
                    return Some(error(format!(
                        "invalid escape token '{value}' does not match ` or \\"
                    )))
                }
            }
        }
        Some(NodeKind::Directive(Directive {
            span,
            name,
            name_span: Span::new(s0 + n.start, s0 + n.end),
            value,
            value_span: Span::new(s0 + v.start, s0 + v.end),
        }))
    }

    /// Reads an instruction whose first line is `first` (text from `s0`):
    /// its continuation lines, then its heredoc bodies.
    fn instruction(&mut self, first: Line, s0: usize) -> usize {
        let src = self.src;
        let esc = self.escape;
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let mut comments = Vec::new();
        let first_text = src.get(s0..first.content_end).unwrap_or("");
        let mut more = match continuation(first_text, esc) {
            Some(i) => {
                segs.push((s0, s0 + i));
                true
            }
            None => {
                segs.push((s0, first.content_end));
                false
            }
        };
        let mut end = first.content_end;
        let mut next = first.end;
        while more && next < src.len() {
            let l = line_at(src, next);
            next = l.end;
            let content = src.get(l.start..l.content_end).unwrap_or("");
            let t = content.trim_start();
            if let Some(body) = t.strip_prefix('#') {
                // BuildKit drops comment lines inside continuations.
                comments.push(Comment {
                    span: Span::new(l.content_end - t.len(), l.content_end),
                    text: body.trim().to_string(),
                });
                end = l.content_end;
                continue;
            }
            if t.is_empty() {
                // Empty continuation lines are skipped (BuildKit warns).
                continue;
            }
            match continuation(content, esc) {
                Some(i) => segs.push((l.start, l.start + i)),
                None => {
                    segs.push((l.start, l.content_end));
                    more = false;
                }
            }
            end = l.content_end;
        }
        let full = logical(src, &segs);
        let analyzed = analyze(&full, esc);

        // Heredocs: BuildKit looks for them on RUN/COPY/ADD (also as an
        // ONBUILD trigger) in shell form, whatever else is wrong.
        let mut heredocs = Vec::new();
        let mut unterminated = None;
        if let Some(ins) = &analyzed.instr {
            let target = match (&ins.keyword, &ins.nested) {
                (Keyword::Onbuild, Some(n)) => n,
                _ => ins,
            };
            let can = matches!(target.keyword, Keyword::Run | Keyword::Copy | Keyword::Add)
                && !target.json;
            if can && full.text.contains("<<") {
                for w in heredoc_words(&full) {
                    if unterminated.is_some() {
                        let at = Span::empty(src.len());
                        heredocs.push(heredoc(w, at, at));
                        continue;
                    }
                    let body_start = next;
                    let mut terminator = None;
                    while next < src.len() {
                        let l = line_at(src, next);
                        next = l.end;
                        let content = src.get(l.start..l.content_end).unwrap_or("");
                        let candidate = if w.strip_tabs {
                            content.trim_start_matches('\t')
                        } else {
                            content
                        };
                        if candidate == w.name {
                            terminator = Some(l);
                            break;
                        }
                    }
                    match terminator {
                        Some(l) => {
                            end = l.content_end;
                            let body = Span::new(body_start, l.start);
                            heredocs.push(heredoc(w, body, Span::new(l.start, l.content_end)));
                        }
                        None => {
                            end = src.len();
                            unterminated = Some(w.span);
                            let body = Span::new(body_start.min(src.len()), src.len());
                            heredocs.push(heredoc(w, body, Span::empty(src.len())));
                        }
                    }
                }
            }
        }

        let span = Span::new(s0, end.max(s0));
        let mut error = analyzed.error;
        if let Some(at) = unterminated {
            error.get_or_insert((at, "unterminated heredoc".to_string()));
        }
        let instr = analyzed.instr.map(|mut ins| {
            ins.span = span;
            ins.comments = comments;
            if let Some(n) = ins
                .nested
                .as_mut()
                .filter(|_| ins.keyword == Keyword::Onbuild)
            {
                // The trigger's heredocs are also the trigger's own.
                n.heredocs = heredocs.clone();
                n.span = Span::new(n.span.start, span.end);
            }
            ins.heredocs = heredocs;
            Box::new(ins)
        });
        let kind = match error {
            Some((at, message)) => NodeKind::Error(SyntaxError {
                span: if at.is_empty() { span } else { at },
                message,
                instruction: instr,
            }),
            None => match instr {
                Some(ins) => NodeKind::Instruction(ins),
                None => NodeKind::Error(SyntaxError {
                    span,
                    message: "malformed instruction".to_string(),
                    instruction: None,
                }),
            },
        };
        self.push(first.start, next, kind);
        next
    }
}

fn heredoc(w: HeredocWord, body: Span, terminator: Span) -> Heredoc {
    Heredoc {
        span: w.span,
        name: w.name,
        strip_tabs: w.strip_tabs,
        quoted: w.quoted,
        body,
        terminator,
    }
}

/// Joins source segments into logical text with its source map.
fn logical(src: &str, segs: &[(usize, usize)]) -> LogicalText {
    let mut text = String::new();
    let mut pieces = Vec::new();
    for &(s, e) in segs {
        if e > s {
            pieces.push(Piece {
                logical: text.len(),
                source: s,
            });
            text.push_str(src.get(s..e).unwrap_or(""));
        }
    }
    if pieces.is_empty() {
        pieces.push(Piece {
            logical: 0,
            source: segs.first().map_or(0, |s| s.0),
        });
    }
    LogicalText { text, pieces }
}

/// The part `r` of a logical text, with its own source map.
fn sub(full: &LogicalText, r: Range<usize>) -> LogicalText {
    let text = full.text.get(r.clone()).unwrap_or("").to_string();
    let mut pieces = vec![Piece {
        logical: 0,
        source: full.to_source(r.start),
    }];
    let from = full.pieces.partition_point(|p| p.logical <= r.start);
    for p in full.pieces.iter().skip(from) {
        if p.logical >= r.end {
            break;
        }
        pieces.push(Piece {
            logical: p.logical - r.start,
            source: p.source,
        });
    }
    LogicalText { text, pieces }
}

/// `r` without leading and trailing (Unicode) white space.
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    let start = r.start + (s.len() - s.trim_start().len());
    start..start + s.trim().len()
}

/// BuildKit's heredoc detection (`heredocsFromLine` + `ParseHeredoc`): shell
/// words of the whole line matching `^(\d*)<<(-?)([^<]*)$`, whose rest lexes
/// to exactly one word (the name, quotes removed).
fn heredoc_words(full: &LogicalText) -> Vec<HeredocWord> {
    let raw = LexMode {
        escape: '\\',
        raw_quotes: true,
        raw_escapes: true,
        split: true,
    };
    let Some(words) = shell_words(&full.text, raw) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (range, word) in words {
        let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Some(after) = word.get(digits..).and_then(|w| w.strip_prefix("<<")) else {
            continue;
        };
        let (strip_tabs, rest) = match after.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, after),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let plain = LexMode {
            raw_quotes: false,
            raw_escapes: false,
            ..raw
        };
        let (Some(names), Some(raws)) = (
            shell_words(rest, plain),
            shell_words(
                rest,
                LexMode {
                    raw_escapes: false,
                    ..raw
                },
            ),
        ) else {
            continue;
        };
        let [(_, name)] = names.as_slice() else {
            continue;
        };
        let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
        let raw_quotes = raws.first().map_or(0, |(_, w)| quotes(w));
        out.push(HeredocWord {
            span: full.span(range),
            name: name.clone(),
            strip_tabs,
            quoted: quotes(name) != raw_quotes,
        });
    }
    out
}

/// Analyses a whole instruction (ONBUILD's trigger included).
fn analyze(full: &LogicalText, esc: char) -> Analyzed {
    let mut a = analyze_one(full, 0..full.text.len(), esc);
    let Some(ins) = a.instr.as_mut() else {
        return a;
    };
    if ins.keyword != Keyword::Onbuild {
        return a;
    }
    if a.rest.is_empty() {
        a.error.get_or_insert((
            ins.keyword_span,
            "ONBUILD requires at least one argument".to_string(),
        ));
        return a;
    }
    // The trigger, parsed as an instruction of its own (BuildKit's
    // parseSubCommand); ONBUILD's arguments become the trigger's keyword
    // followed by its arguments (BuildKit's `nodeArgs`).
    let inner = analyze_one(full, a.rest.clone(), esc);
    match inner.instr {
        Some(n) => {
            ins.args.push(Word {
                span: n.keyword_span,
                text: full
                    .text
                    .get(inner.keyword.clone())
                    .unwrap_or("")
                    .to_string(),
            });
            ins.args.extend(n.args.iter().cloned());
            let problem = match n.keyword {
                Keyword::Onbuild => {
                    Some("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string())
                }
                Keyword::From | Keyword::Maintainer => Some(format!(
                    "{} isn't allowed as an ONBUILD trigger",
                    n.keyword.as_str()
                )),
                _ => None,
            };
            if let Some(message) = problem {
                a.error.get_or_insert((n.keyword_span, message));
            }
            if let Some(e) = inner.error {
                a.error.get_or_insert(e);
            }
            if let Some(ins) = a.instr.as_mut() {
                ins.nested = Some(Box::new(n));
            }
        }
        None => {
            // BuildKit only notices an unknown trigger when a child image
            // is built; it is reported here straight away.
            if let Some((span, message)) = inner.error {
                a.error
                    .get_or_insert((span, format!("{message} (in ONBUILD trigger)")));
            }
        }
    }
    a
}

/// Analyses the instruction in `range` of the logical text: keyword, flags
/// and arguments, with BuildKit's parse-time and argument-count checks.
fn analyze_one(full: &LogicalText, range: Range<usize>, esc: char) -> Analyzed {
    let text = full.text.as_str();
    let r = trim(text, range);
    let line = text.get(r.clone()).unwrap_or("");
    let kw_end = line.find(is_sep).map_or(r.end, |i| r.start + i);
    let after_kw = text.get(kw_end..r.end).unwrap_or("");
    let args_start = kw_end + (after_kw.len() - after_kw.trim_start_matches(is_sep).len());
    let cmd = text.get(r.start..kw_end).unwrap_or("");
    let kw_span = full.span(r.start..kw_end);
    let Some(keyword) = Keyword::parse(cmd) else {
        let message = if cmd.is_empty() {
            "line continuation without an instruction".to_string()
        } else {
            format!("unknown instruction: {cmd}")
        };
        return Analyzed {
            instr: None,
            error: Some((kw_span, message)),
            keyword: r.start..kw_end,
            rest: args_start..r.end,
        };
    };
    let (raw_flags, rest_rel) = extract_flags(text.get(args_start..r.end).unwrap_or(""));
    let flags = raw_flags
        .into_iter()
        .map(|f| flag(full, args_start, f))
        .collect();
    let rest_range = trim(text, args_start + rest_rel..r.end);
    let mut ins = Instruction {
        span: full.span(r.clone()),
        keyword,
        keyword_span: kw_span,
        flags,
        text: sub(full, rest_range.clone()),
        json: false,
        args: Vec::new(),
        pairs: Vec::new(),
        heredocs: Vec::new(),
        comments: Vec::new(),
        nested: None,
    };
    let error = arguments(full, &mut ins, rest_range.clone(), esc);
    Analyzed {
        instr: Some(ins),
        error,
        keyword: r.start..kw_end,
        rest: rest_range,
    }
}

fn flag(full: &LogicalText, base: usize, f: lex::RawFlag) -> Flag {
    let start = base + f.range.start;
    let end = base + f.range.end;
    let processed = f.text.strip_prefix("--").unwrap_or(&f.text);
    let (name, value) = match processed.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (processed, None),
    };
    let raw = full.text.get(start..end).unwrap_or("");
    let eq = raw.find('=').map(|i| start + i);
    let name_end = eq.unwrap_or(end);
    Flag {
        span: full.span(start..end),
        name: name.to_string(),
        name_span: full.span((start + 2).min(name_end)..name_end),
        value: value.map(|v| Word {
            span: match eq {
                Some(e) => full.span(e + 1..end),
                None => Span::empty(full.span(start..end).end),
            },
            text: v.to_string(),
        }),
    }
}

/// Fills `args`/`pairs`/`json`/`nested` following BuildKit's line parser
/// for the keyword, and returns the first problem BuildKit would report.
fn arguments(
    full: &LogicalText,
    ins: &mut Instruction,
    rest_range: Range<usize>,
    esc: char,
) -> Option<(Span, String)> {
    let text = full.text.as_str();
    let rest = text.get(rest_range.clone()).unwrap_or("");
    let r0 = rest_range.start;
    let kw = ins.keyword.as_str();
    let word = |r: Range<usize>, t: &str| Word {
        span: full.span(r),
        text: t.to_string(),
    };
    let word_at = |r: Range<usize>| word(r.clone(), text.get(r).unwrap_or(""));
    let whole = if rest.is_empty() {
        ins.keyword_span
    } else {
        full.span(rest_range.clone())
    };
    let mut error: Option<(Span, String)> = None;
    match ins.keyword {
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
            // parseMaybeJSON
            if let Err(e) = maybe_json(full, ins, rest_range.clone(), false) {
                return Some(e);
            }
            if ins.keyword == Keyword::Shell {
                if !ins.json {
                    return Some((
                        whole,
                        "SHELL requires the arguments to be in JSON form".into(),
                    ));
                }
                if ins.args.is_empty() {
                    return Some((whole, "SHELL requires at least one argument".into()));
                }
            }
        }
        Keyword::Copy | Keyword::Add | Keyword::Volume => {
            // parseMaybeJSONToList
            if let Err(e) = maybe_json(full, ins, rest_range.clone(), true) {
                return Some(e);
            }
            if ins.keyword == Keyword::Volume {
                if ins.args.is_empty() {
                    return Some((whole, "VOLUME requires at least one argument".into()));
                }
                if let Some(w) = ins.args.iter().find(|w| w.text.trim().is_empty()) {
                    return Some((w.span, "VOLUME specified can not be an empty string".into()));
                }
            } else if ins.args.len() < 2 {
                return Some((whole, format!("{kw} requires at least two arguments")));
            } else if let Some(dest) = ins.args.last().filter(|w| is_heredoc_word(&w.text)) {
                return Some((
                    dest.span,
                    format!("{kw} cannot use a heredoc as its destination"),
                ));
            }
        }
        Keyword::From | Keyword::Expose => {
            ins.args = split_whitespace(rest)
                .into_iter()
                .map(|r| word_at(r0 + r.start..r0 + r.end))
                .collect();
            if ins.keyword == Keyword::Expose {
                if ins.args.is_empty() {
                    error = Some((whole, "EXPOSE requires at least one argument".into()));
                }
            } else {
                match ins.args.as_slice() {
                    [_] => {}
                    [_, as_, name] if as_.text.eq_ignore_ascii_case("as") => {
                        let lower = name.text.to_ascii_lowercase();
                        let mut chars = lower.chars();
                        let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
                            && chars.all(|c| {
                                c.is_ascii_lowercase()
                                    || c.is_ascii_digit()
                                    || matches!(c, '-' | '_' | '.')
                            });
                        if !ok {
                            error = Some((
                                name.span,
                                format!(
                                    "invalid name for build stage: {:?}, name can't start with a number or contain symbols",
                                    name.text
                                ),
                            ));
                        }
                    }
                    _ => {
                        error = Some((whole, "FROM requires either one or three arguments".into()))
                    }
                }
            }
        }
        Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
            // parseString: the whole rest is one argument.
            if rest.is_empty() {
                error = Some((whole, format!("{kw} requires exactly one argument")));
            } else {
                ins.args.push(word_at(rest_range.clone()));
            }
        }
        Keyword::Arg => {
            // parseNameOrNameVal: words as written; the instructions
            // package splits each at its first `=`.
            for (r, w) in parse_words(rest, esc) {
                let r = r0 + r.start..r0 + r.end;
                ins.args.push(word(r.clone(), &w));
                let kv = match w.split_once('=') {
                    Some((k, v)) => {
                        if k.is_empty() && error.is_none() {
                            error =
                                Some((full.span(r.clone()), "ARG names can not be blank".into()));
                        }
                        let vs = r.start + k.len() + 1;
                        KeyValue {
                            span: full.span(r.clone()),
                            key: word(r.start..r.start + k.len(), k),
                            value: Some(word(vs..r.end, v)),
                            unquoted: Some(unquote(v, esc)),
                        }
                    }
                    None => KeyValue {
                        span: full.span(r.clone()),
                        key: word(r.clone(), &w),
                        value: None,
                        unquoted: None,
                    },
                };
                ins.pairs.push(kv);
            }
            if ins.args.is_empty() {
                error = Some((whole, "ARG requires at least one argument".into()));
            }
        }
        Keyword::Env | Keyword::Label => {
            error = name_values(full, ins, rest_range.clone(), esc);
        }
        Keyword::Healthcheck => {
            // parseHealthConfig: a type word, then parseMaybeJSON.
            if rest.is_empty() {
                return Some((whole, "HEALTHCHECK requires at least one argument".into()));
            }
            let typ_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let typ_r = r0..r0 + typ_len;
            let typ = rest.get(..typ_len).unwrap_or("");
            let cmd_r = trim(text, typ_r.end..rest_range.end);
            let mut cmd = Instruction {
                span: full.span(typ_r.start..rest_range.end),
                keyword: Keyword::Cmd,
                keyword_span: full.span(typ_r.clone()),
                flags: Vec::new(),
                text: sub(full, cmd_r.clone()),
                json: false,
                args: Vec::new(),
                pairs: Vec::new(),
                heredocs: Vec::new(),
                comments: Vec::new(),
                nested: None,
            };
            if let Err(e) = maybe_json(full, &mut cmd, cmd_r, false) {
                return Some(e);
            }
            ins.json = cmd.json;
            ins.args.push(word_at(typ_r.clone()));
            ins.args.extend(cmd.args.iter().cloned());
            let typ_span = full.span(typ_r);
            if typ.eq_ignore_ascii_case("none") {
                if ins.args.len() > 1 {
                    error = Some((whole, "HEALTHCHECK NONE takes no arguments".into()));
                }
            } else if typ.eq_ignore_ascii_case("cmd") {
                if cmd.args.is_empty() {
                    error = Some((typ_span, "Missing command after HEALTHCHECK CMD".into()));
                }
                ins.nested = Some(Box::new(cmd));
            } else {
                error = Some((
                    typ_span,
                    format!(
                        "Unknown type {:?} in HEALTHCHECK (try CMD)",
                        typ.to_ascii_uppercase()
                    ),
                ));
            }
        }
        Keyword::Onbuild => {
            // Handled by `analyze` (the trigger is an instruction itself).
        }
    }
    error
}

fn is_heredoc_word(w: &str) -> bool {
    let w = w.trim_start_matches(|c: char| c.is_ascii_digit());
    w.strip_prefix("<<")
        .map(|r| r.strip_prefix('-').unwrap_or(r))
        .is_some_and(|r| !r.is_empty() && !r.contains('<'))
}

/// BuildKit's parseMaybeJSON (`list == false`: shell form is one word) and
/// parseMaybeJSONToList (`list == true`: shell form is split on white space).
fn maybe_json(
    full: &LogicalText,
    ins: &mut Instruction,
    rest_range: Range<usize>,
    list: bool,
) -> Result<(), (Span, String)> {
    let rest = full.text.get(rest_range.clone()).unwrap_or("");
    let r0 = rest_range.start;
    if rest.is_empty() {
        return Ok(());
    }
    match json::parse_array(rest) {
        JsonArray::Strings(items) => {
            ins.json = true;
            ins.args = items
                .into_iter()
                .map(|(r, t)| Word {
                    span: full.span(r0 + r.start..r0 + r.end),
                    text: t,
                })
                .collect();
            Ok(())
        }
        JsonArray::NotStrings(r) => Err((full.span(r0 + r.start..r0 + r.end), NOT_STRINGS.into())),
        JsonArray::NotJson if list => {
            ins.args = split_whitespace(rest)
                .into_iter()
                .map(|r| Word {
                    span: full.span(r0 + r.start..r0 + r.end),
                    text: rest.get(r).unwrap_or("").to_string(),
                })
                .collect();
            Ok(())
        }
        JsonArray::NotJson => {
            ins.args = vec![Word {
                span: full.span(rest_range.clone()),
                text: rest.to_string(),
            }];
            Ok(())
        }
    }
}

/// BuildKit's parseNameVal (ENV, LABEL): `k=v k2=v2 …`, or the legacy
/// `k v…` form when the first word has no `=`. `args` gets `key, value`
/// pairs flattened (BuildKit also chains a `=`/`` separator node after each
/// pair; it is left out here, `pairs` says which form was used).
fn name_values(
    full: &LogicalText,
    ins: &mut Instruction,
    rest_range: Range<usize>,
    esc: char,
) -> Option<(Span, String)> {
    let text = full.text.as_str();
    let rest = text.get(rest_range.clone()).unwrap_or("");
    let r0 = rest_range.start;
    let kw = ins.keyword.as_str();
    let words = parse_words(rest, esc);
    let word = |r: Range<usize>, t: &str| Word {
        span: full.span(r),
        text: t.to_string(),
    };
    let Some((first_r, first)) = words.first() else {
        return Some((
            ins.keyword_span,
            format!("{kw} requires at least one argument"),
        ));
    };
    if !first.contains('=') {
        // Legacy form: the key, then everything after the white space.
        let key_len = rest.find(is_sep).unwrap_or(rest.len());
        let after = rest.get(key_len..).unwrap_or("");
        let value_start = key_len + (after.len() - after.trim_start_matches(is_sep).len());
        let key_r = r0..r0 + key_len;
        let key = word(key_r.clone(), rest.get(..key_len).unwrap_or(""));
        if key_len == rest.len() {
            ins.args.push(key.clone());
            ins.pairs.push(KeyValue {
                span: key.span,
                key,
                value: None,
                unquoted: None,
            });
            let at = full.span(r0 + first_r.start..r0 + first_r.end);
            return Some((at, format!("{kw} must have two arguments")));
        }
        let value_r = r0 + value_start..rest_range.end;
        let value_text = text.get(value_r.clone()).unwrap_or("");
        let value = word(value_r.clone(), value_text);
        ins.args.push(key.clone());
        ins.args.push(value.clone());
        ins.pairs.push(KeyValue {
            span: full.span(key_r.start..value_r.end),
            key,
            value: Some(value),
            unquoted: Some(unquote(value_text, esc)),
        });
        return None;
    }
    let mut error = None;
    for (r, w) in &words {
        let r = r0 + r.start..r0 + r.end;
        let Some((k, v)) = w.split_once('=') else {
            error.get_or_insert((
                full.span(r),
                format!("Syntax error - can't find = in {w:?}. Must be of the form: name=value"),
            ));
            continue;
        };
        if k.is_empty() {
            error.get_or_insert((full.span(r.clone()), format!("{kw} names can not be blank")));
        }
        let key = word(r.start..r.start + k.len(), k);
        let value = word(r.start + k.len() + 1..r.end, v);
        ins.args.push(key.clone());
        ins.args.push(value.clone());
        ins.pairs.push(KeyValue {
            span: full.span(r),
            key,
            value: Some(value),
            unquoted: Some(unquote(v, esc)),
        });
    }
    error
}
