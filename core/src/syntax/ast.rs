//! The syntax tree of a Dockerfile.
//!
//! The tree is lossless: the top-level [`Node`]s tile the input, so every byte
//! of the source (BOM, directives, comments, blank lines, instructions with
//! their continuation lines and heredoc bodies, malformed lines) belongs to
//! exactly one node. Every part carries a byte [`Span`] into the source.
//!
//! Text that a Dockerfile spreads over continuation lines is also kept as a
//! [`LogicalText`]: the text BuildKit sees after joining the lines, with a map
//! back to source offsets, so tools that work on the joined text (the shell
//! splitter, rules) can still report exact source ranges.

use serde::Serialize;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub const fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    /// The source text under this span (empty when out of bounds).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Dockerfile {
    /// The escape character in force (`\` by default, or `` ` `` from `# escape=`).
    pub escape: char,
    /// Whether the input started with a UTF-8 byte order mark (it belongs to the first node).
    pub bom: bool,
    /// Top-level nodes in source order; their spans tile `0..source.len()`.
    pub nodes: Vec<Node>,
}

impl Dockerfile {
    /// Well-formed instructions in source order (error nodes that still hold
    /// a partly parsed instruction are not included; see [`Dockerfile::errors`]).
    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> + '_ {
        self.nodes.iter().filter_map(|n| match &n.kind {
            NodeKind::Instruction(i) => Some(&**i),
            _ => None,
        })
    }
    /// Parser directives at the head of the file.
    pub fn directives(&self) -> impl Iterator<Item = &Directive> + '_ {
        self.nodes.iter().filter_map(|n| match &n.kind {
            NodeKind::Directive(d) => Some(d),
            _ => None,
        })
    }
    /// Syntax errors, in source order.
    pub fn errors(&self) -> impl Iterator<Item = &SyntaxError> + '_ {
        self.nodes.iter().filter_map(|n| match &n.kind {
            NodeKind::Error(e) => Some(e),
            _ => None,
        })
    }
    /// Comments outside instructions (top-level comment lines).
    pub fn comments(&self) -> impl Iterator<Item = &Comment> + '_ {
        self.nodes.iter().filter_map(|n| match &n.kind {
            NodeKind::Comment(c) => Some(c),
            _ => None,
        })
    }
}

/// One top-level piece of the file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// Whole lines, including their line terminators (and the BOM for the first node).
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum NodeKind {
    Directive(Directive),
    Comment(Comment),
    /// An empty or whitespace-only line.
    Blank,
    Instruction(Box<Instruction>),
    Error(SyntaxError),
}

/// A parser directive such as `# syntax=docker/dockerfile:1`, `# escape=\``, `# check=skip=…`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Directive {
    /// From `#` to the end of the line (no terminator).
    pub span: Span,
    /// Lower-cased name (`syntax`, `escape`, `check`).
    pub name: String,
    pub name_span: Span,
    pub value: String,
    pub value_span: Span,
}

/// A comment line (`# …`), from `#` to the end of the line, without the terminator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comment {
    pub span: Span,
    /// The text after `#`, with surrounding whitespace trimmed.
    pub text: String,
}

/// The instruction keywords BuildKit knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// The canonical upper-case spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
        }
    }

    /// Case-insensitive lookup.
    pub fn parse(word: &str) -> Option<Keyword> {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(word))
    }
}

/// One instruction, with all its continuation lines and heredoc bodies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Instruction {
    /// From the keyword to the end of the instruction's last line or heredoc
    /// terminator line, without the final line terminator.
    pub span: Span,
    pub keyword: Keyword,
    /// The keyword as written (any case).
    pub keyword_span: Span,
    /// `--name[=value]` flags before the arguments, in order.
    pub flags: Vec<Flag>,
    /// Everything after the keyword and the flags, continuation lines joined
    /// (escape + newline removed, comment lines inside the instruction dropped,
    /// as BuildKit does), leading/trailing whitespace trimmed. Heredoc bodies
    /// are not part of it.
    pub text: LogicalText,
    /// True when the arguments are a valid JSON array of strings (exec form).
    pub json: bool,
    /// The argument list as BuildKit's parser produces it (its node `Next`
    /// values): JSON items decoded for exec form; for shell-form RUN/CMD/
    /// ENTRYPOINT a single word holding the whole text; whitespace-delimited
    /// words for FROM/COPY/ADD/EXPOSE/VOLUME…; `key`,`value` pairs flattened
    /// for ENV/LABEL; `CMD`/`NONE` first for HEALTHCHECK.
    pub args: Vec<Word>,
    /// For ENV, LABEL and ARG: the declared names and values.
    pub pairs: Vec<KeyValue>,
    /// Heredocs opened on this instruction, in order of their `<<` words.
    pub heredocs: Vec<Heredoc>,
    /// Comment lines inside the instruction's continuation lines.
    pub comments: Vec<Comment>,
    /// ONBUILD's trigger instruction, or HEALTHCHECK's `CMD` instruction.
    pub nested: Option<Box<Instruction>>,
}

impl Instruction {
    /// The flag with this name (without `--`), if present (the last one wins).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name == name)
    }
}

/// A `--name` or `--name=value` flag.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flag {
    /// The whole flag, from `--` to the end of its value.
    pub span: Span,
    /// The name without the leading `--`.
    pub name: String,
    pub name_span: Span,
    /// `None` for a boolean flag written without `=`.
    pub value: Option<Word>,
}

/// A piece of argument text with its source range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    /// The source range (it may include escaped newlines of continuation lines).
    pub span: Span,
    /// The text: continuation lines joined; JSON strings decoded; quotes of
    /// shell-form words kept as written.
    pub text: String,
}

/// `key=value` (or legacy `key value`, or a bare `ARG name`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyValue {
    pub span: Span,
    pub key: Word,
    /// `None` for `ARG name` without a default.
    pub value: Option<Word>,
    /// The value with one level of shell quoting and escapes removed, as
    /// BuildKit assigns it (variables are not expanded).
    pub unquoted: Option<String>,
}

/// A heredoc: the `<<[-]["']NAME["']` word and its body.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Heredoc {
    /// The `<<NAME` word on the instruction line.
    pub span: Span,
    /// The delimiter name, without quotes.
    pub name: String,
    /// `<<-`: leading tabs are stripped from body lines.
    pub strip_tabs: bool,
    /// The delimiter was quoted: no expansion in the body.
    pub quoted: bool,
    /// The body, from the line after the instruction line up to (not
    /// including) the terminator line; includes the body's line terminators.
    pub body: Span,
    /// The terminator line, without its line terminator. Empty (at end of
    /// input) when the heredoc is never closed.
    pub terminator: Span,
}

/// Text that BuildKit sees after joining continuation lines, with a map back
/// to the source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LogicalText {
    pub text: String,
    /// Pieces of `text` that are contiguous in the source, in order: piece
    /// `i` starts at byte `logical` of `text` and at byte `source` of the
    /// source, and runs until the next piece's `logical` (or the end).
    pub pieces: Vec<Piece>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub logical: usize,
    pub source: usize,
}

impl LogicalText {
    /// Text that is contiguous in the source, starting at `source`.
    pub fn contiguous(text: &str, source: usize) -> LogicalText {
        LogicalText {
            text: text.to_string(),
            pieces: vec![Piece { logical: 0, source }],
        }
    }

    /// The source offset of logical offset `at` (`at` may equal `text.len()`).
    pub fn to_source(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.logical <= at);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) => p.source + (at - p.logical),
            None => self.pieces.first().map_or(at, |p| p.source),
        }
    }

    /// The source span of a logical range. The end maps to just after the
    /// last byte of the range, so a range ending right before a continuation
    /// does not take in the escaped newline.
    pub fn span(&self, logical: std::ops::Range<usize>) -> Span {
        let start = self.to_source(logical.start);
        let end = if logical.end > logical.start {
            self.to_source(logical.end - 1) + 1
        } else {
            start
        };
        Span::new(start, end)
    }

    /// The source span of the whole text.
    pub fn source_span(&self) -> Span {
        self.span(0..self.text.len())
    }
}

/// A malformed line or instruction. Parsing goes on at the next line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SyntaxError {
    /// Where the problem is (precise when known, else the whole instruction).
    pub span: Span,
    pub message: String,
    /// The instruction as far as it could be read (for example `COPY onlyone`,
    /// which BuildKit rejects for lack of a destination).
    pub instruction: Option<Box<Instruction>>,
}
