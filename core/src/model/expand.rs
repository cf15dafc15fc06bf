//! Variable expansion in Dockerfile words, with the semantics of BuildKit's
//! word lexer (`frontend/dockerfile/shell`): the rules BuildKit applies to
//! `FROM`, `ENV`, `ARG`, `USER`, `WORKDIR`, `COPY`/`ADD` paths and flags, and
//! the other instructions it expands itself (not `RUN`, which the shell runs).
//!
//! Supported: `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`,
//! `${VAR+word}`, `${VAR:?msg}`, `${VAR?msg}`, `${VAR#pat}`, `${VAR##pat}`,
//! `${VAR%pat}`, `${VAR%%pat}`, `${VAR/pat/repl}`, `${VAR//pat/repl}`;
//! single and double quote removal; the escape character (`\` or `` ` ``).
//! Patterns use `*` and `?` (no bracket expressions, as in BuildKit).
//!
//! The expander is a loop over an explicit stack (no recursion), never
//! panics, and caps every intermediate and final result at
//! [`MAX_EXPANSION_LEN`] bytes.

use serde::Serialize;

/// The longest text an expansion may produce; longer results are cut and
/// reported as an error.
pub const MAX_EXPANSION_LEN: usize = 64 * 1024;

/// What a variable lookup found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The variable is set to this value.
    Set(String),
    /// The variable exists but its value is not known from the file (for
    /// example `TARGETARCH`, or an image's environment). References to it are
    /// left as written in the output text.
    Unknown,
    /// The variable is not set: it expands to the empty string.
    Unset,
}

/// The result of expanding one word.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Expansion {
    /// The expanded text, quotes removed. References to variables whose
    /// value is unknown are kept as written. After an error, the text
    /// produced so far followed by the rest of the word unexpanded.
    pub text: String,
    /// The whitespace-split words (only filled by the `*_words` functions;
    /// quoted and escaped whitespace does not split).
    pub words: Vec<String>,
    /// Names referenced but not set, in first-use order, without duplicates.
    pub unresolved: Vec<String>,
    /// Names referenced whose value is unknown, in first-use order.
    pub unknown: Vec<String>,
    /// Syntax or `${VAR?msg}` errors; BuildKit would fail the build.
    pub errors: Vec<ExpandError>,
}

impl Expansion {
    /// True when the text is exactly what BuildKit would produce with the
    /// given variables: no unknown values and no errors.
    pub fn is_exact(&self) -> bool {
        self.unknown.is_empty() && self.errors.is_empty()
    }
}

/// An expansion error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExpandError {
    /// Byte offset in the word of the construct that failed (its `$` or quote).
    pub offset: usize,
    pub message: String,
}

/// Expands `word`; `lookup` returns a variable's value, or `None` when unset.
pub fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Expansion {
    let mut f = |name: &str| lookup(name).map_or(Lookup::Unset, Lookup::Set);
    expand_with(word, escape, false, &mut f)
}

/// Like [`expand`], and also splits the result into words on unquoted
/// whitespace, after expansion (for `FROM`, `EXPOSE`, `VOLUME` and the like).
pub fn expand_words(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Expansion {
    let mut f = |name: &str| lookup(name).map_or(Lookup::Unset, Lookup::Set);
    expand_with(word, escape, true, &mut f)
}

/// The general form: a lookup that can answer "exists, value unknown", and
/// optional word splitting.
pub fn expand_with(
    word: &str,
    escape: char,
    split_words: bool,
    lookup: &mut dyn FnMut(&str) -> Lookup,
) -> Expansion {
    let mut lx = Lexer {
        src: word,
        pos: 0,
        escape,
        lookup,
        out: Expansion::default(),
        split: split_words.then(Splitter::default),
        stack: Vec::new(),
        failed: None,
        overflow: false,
    };
    lx.run();
    lx.finish()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Unquoted text or a variable's value: whitespace splits words.
    Split,
    /// Quoted or escaped text: kept whole.
    Raw,
}

#[derive(Default)]
struct Splitter {
    word: String,
    words: Vec<String>,
    in_word: bool,
}

impl Splitter {
    fn add(&mut self, s: &str, class: Class) {
        if class == Class::Raw {
            self.word.push_str(s);
            self.in_word = true;
            return;
        }
        for ch in s.chars() {
            if ch.is_whitespace() {
                if self.in_word && !self.word.is_empty() {
                    self.words.push(std::mem::take(&mut self.word));
                    self.in_word = false;
                }
            } else {
                self.word.push(ch);
                self.in_word = true;
            }
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.words.push(self.word);
        }
        self.words
    }
}

#[derive(Clone)]
enum Op {
    /// `-` / `:-`
    Default { null_is_unset: bool },
    /// `+` / `:+`
    Alt { null_is_unset: bool },
    /// `?` / `:?`
    Require { null_is_unset: bool },
    /// `#`, `##`, `%`, `%%` (the doubled form is seen in the word).
    Trim { suffix: bool },
    /// A modifier BuildKit does not support; reported once the word is read.
    Unsupported(String),
    /// `/pat` or `//pat`: reading the pattern.
    ReplacePattern { all: bool },
    /// `/pat/repl`: reading the replacement.
    Replace { all: bool, pattern: String },
}

enum Kind {
    Top,
    DoubleQuote,
    /// Inside `${name<op>…`, reading a word up to `stop`.
    Sub {
        name: (usize, usize),
        op: Op,
        stop: char,
    },
}

struct Frame {
    kind: Kind,
    buf: String,
    raw_escapes: bool,
    /// Offset of the `$` or `"` that opened the frame.
    start: usize,
}

struct Lexer<'w, 'l> {
    src: &'w str,
    pos: usize,
    escape: char,
    lookup: &'l mut dyn FnMut(&str) -> Lookup,
    out: Expansion,
    split: Option<Splitter>,
    stack: Vec<Frame>,
    /// Offset of the construct that failed, once something failed.
    failed: Option<usize>,
    overflow: bool,
}

impl Lexer<'_, '_> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn fail(&mut self, offset: usize, message: impl Into<String>) {
        self.out.errors.push(ExpandError {
            offset,
            message: message.into(),
        });
        self.failed = Some(offset);
    }

    /// Appends to the innermost frame (and to the word splitter at top level).
    fn emit(&mut self, s: &str, class: Class) {
        if self.failed.is_some() {
            return;
        }
        let depth = self.stack.len();
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let room = MAX_EXPANSION_LEN.saturating_sub(frame.buf.len());
        let mut piece = s;
        if piece.len() > room {
            let mut cut = room;
            while !piece.is_char_boundary(cut) {
                cut -= 1;
            }
            piece = &piece[..cut];
        }
        frame.buf.push_str(piece);
        if depth == 1 {
            if let Some(sp) = self.split.as_mut() {
                sp.add(piece, class);
            }
        }
        if piece.len() < s.len() {
            self.overflow = true;
            let at = self.pos;
            self.fail(
                at,
                format!("expansion is longer than {MAX_EXPANSION_LEN} bytes"),
            );
        }
    }

    fn emit_char(&mut self, c: char, class: Class) {
        let mut b = [0u8; 4];
        self.emit(c.encode_utf8(&mut b), class);
    }

    fn get(&mut self, name: &str) -> Lookup {
        let found = (self.lookup)(name);
        let list = match found {
            Lookup::Set(_) => None,
            Lookup::Unknown => Some(&mut self.out.unknown),
            Lookup::Unset => Some(&mut self.out.unresolved),
        };
        if let Some(list) = list {
            if !list.iter().any(|n| n == name) {
                list.push(name.to_string());
            }
        }
        found
    }

    fn run(&mut self) {
        self.stack.push(Frame {
            kind: Kind::Top,
            buf: String::with_capacity(self.src.len()),
            raw_escapes: false,
            start: 0,
        });
        while self.failed.is_none() {
            let Some(frame) = self.stack.last() else {
                break;
            };
            let raw_escapes = frame.raw_escapes;
            let start = frame.start;
            let peek = self.peek();
            match &frame.kind {
                Kind::DoubleQuote => self.step_double_quote(peek, raw_escapes, start),
                Kind::Top => {
                    if peek.is_none() {
                        break;
                    }
                    self.step_word(peek, raw_escapes);
                }
                Kind::Sub { stop, op, .. } => {
                    let stop = *stop;
                    match peek {
                        None => {
                            let msg = if matches!(op, Op::ReplacePattern { .. }) {
                                "syntax error: missing '/' in ${}"
                            } else {
                                "syntax error: missing '}'"
                            };
                            self.fail(start, msg);
                        }
                        Some(c) if c == stop => {
                            self.pos += c.len_utf8();
                            self.finish_sub();
                        }
                        _ => self.step_word(peek, raw_escapes),
                    }
                }
            }
        }
    }

    /// One step in unquoted text (top level or a `${…}` word).
    fn step_word(&mut self, peek: Option<char>, raw_escapes: bool) {
        let Some(c) = peek else { return };
        match c {
            '$' => self.dollar(),
            '\'' => {
                let start = self.pos;
                let body = start + 1;
                match self.src.get(body..).and_then(|s| s.find('\'')) {
                    Some(len) => {
                        let text = self.src.get(body..body + len).unwrap_or("");
                        self.pos = body + len + 1;
                        self.emit(text, Class::Raw);
                    }
                    None => self.fail(
                        start,
                        "unexpected end of statement while looking for matching single-quote",
                    ),
                }
            }
            '"' => {
                let start = self.pos;
                self.pos += 1;
                self.stack.push(Frame {
                    kind: Kind::DoubleQuote,
                    buf: String::new(),
                    raw_escapes,
                    start,
                });
            }
            _ => {
                self.pos += c.len_utf8();
                if c == self.escape {
                    if raw_escapes {
                        self.emit_char(c, Class::Raw);
                    }
                    // A trailing escape is dropped.
                    if let Some(n) = self.next() {
                        self.emit_char(n, Class::Raw);
                    }
                } else {
                    self.emit_char(c, Class::Split);
                }
            }
        }
    }

    fn step_double_quote(&mut self, peek: Option<char>, raw_escapes: bool, start: usize) {
        match peek {
            None => self.fail(
                start,
                "unexpected end of statement while looking for matching double-quote",
            ),
            Some('"') => {
                self.pos += 1;
                if let Some(frame) = self.stack.pop() {
                    self.emit(&frame.buf, Class::Raw);
                }
            }
            Some('$') => self.dollar(),
            Some(c) => {
                self.pos += c.len_utf8();
                let mut ch = c;
                if c == self.escape {
                    if raw_escapes {
                        self.emit_char(c, Class::Raw);
                    }
                    match self.peek() {
                        // The escape before the end is dropped; the next
                        // step reports the missing quote.
                        None => return,
                        Some(n) if n == '"' || n == '$' || n == self.escape => {
                            self.pos += n.len_utf8();
                            ch = n;
                        }
                        Some(_) => {}
                    }
                }
                self.emit_char(ch, Class::Raw);
            }
        }
    }

    /// Reads a variable name: a run of digits, one special parameter
    /// character, or letters, digits and `_`.
    fn name(&mut self) -> (usize, usize) {
        let start = self.pos;
        match self.peek() {
            Some(c) if c.is_numeric() => {
                while self.peek().is_some_and(char::is_numeric) {
                    self.next();
                }
            }
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => {
                self.next();
            }
            _ => {
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.next();
                }
            }
        }
        (start, self.pos)
    }

    fn dollar(&mut self) {
        let start = self.pos;
        self.pos += 1;
        if self.peek() != Some('{') {
            let (a, b) = self.name();
            if a == b {
                self.emit("$", Class::Split);
            } else {
                self.simple(a, b, start);
            }
            return;
        }
        self.pos += 1;
        match self.peek() {
            None => return self.fail(start, "syntax error: missing '}'"),
            Some('{' | '}' | ':') => return self.fail(start, "syntax error: bad substitution"),
            Some(_) => {}
        }
        let name = self.name();
        let (op, stop, raw_escapes) = match self.next() {
            None => return self.fail(start, "syntax error: missing '}'"),
            Some('}') => return self.simple(name.0, name.1, start),
            Some(':') => {
                let m = self.next();
                let op = match m {
                    Some('-') => Op::Default {
                        null_is_unset: true,
                    },
                    Some('+') => Op::Alt {
                        null_is_unset: true,
                    },
                    Some('?') => Op::Require {
                        null_is_unset: true,
                    },
                    Some('#') => Op::Trim { suffix: false },
                    Some('%') => Op::Trim { suffix: true },
                    Some(c) => Op::Unsupported(format!(":{c}")),
                    None => Op::Unsupported(":".to_string()),
                };
                (op, '}', matches!(m, Some('#' | '%')))
            }
            Some('-') => (
                Op::Default {
                    null_is_unset: false,
                },
                '}',
                false,
            ),
            Some('+') => (
                Op::Alt {
                    null_is_unset: false,
                },
                '}',
                false,
            ),
            Some('?') => (
                Op::Require {
                    null_is_unset: false,
                },
                '}',
                false,
            ),
            Some('#') => (Op::Trim { suffix: false }, '}', true),
            Some('%') => (Op::Trim { suffix: true }, '}', true),
            Some('/') => {
                let all = self.peek() == Some('/');
                if all {
                    self.pos += 1;
                }
                (Op::ReplacePattern { all }, '/', true)
            }
            Some(c) => {
                return self.fail(start, format!("unsupported modifier ({c}) in substitution"))
            }
        };
        self.stack.push(Frame {
            kind: Kind::Sub { name, op, stop },
            buf: String::new(),
            raw_escapes,
            start,
        });
    }

    /// `$name` or `${name}`.
    fn simple(&mut self, a: usize, b: usize, start: usize) {
        let name = self.src.get(a..b).unwrap_or("");
        match self.get(name) {
            Lookup::Set(v) => self.emit(&v, Class::Split),
            Lookup::Unset => {}
            Lookup::Unknown => {
                let raw = self.src.get(start..self.pos).unwrap_or("");
                self.emit(raw, Class::Split);
            }
        }
    }

    /// The stop character of a `${…}` word was just consumed.
    fn finish_sub(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let Kind::Sub { name, op, .. } = frame.kind else {
            return;
        };
        let word = frame.buf;
        let start = frame.start;
        if let Op::ReplacePattern { all } = op {
            self.stack.push(Frame {
                kind: Kind::Sub {
                    name,
                    op: Op::Replace { all, pattern: word },
                    stop: '}',
                },
                buf: String::new(),
                raw_escapes: true,
                start,
            });
            return;
        }
        let name = self.src.get(name.0..name.1).unwrap_or("");
        let (value, set) = match self.get(name) {
            Lookup::Set(v) => (v, true),
            Lookup::Unset => (String::new(), false),
            Lookup::Unknown => {
                let raw = self.src.get(start..self.pos).unwrap_or("");
                return self.emit(raw, Class::Split);
            }
        };
        let result: Result<String, String> = match op {
            Op::Default { null_is_unset } => Ok(if !set || (null_is_unset && value.is_empty()) {
                word
            } else {
                value
            }),
            Op::Alt { null_is_unset } => Ok(if !set || (null_is_unset && value.is_empty()) {
                String::new()
            } else {
                word
            }),
            Op::Require { null_is_unset } => {
                let default = if !set {
                    Some("is not allowed to be unset")
                } else if null_is_unset && value.is_empty() {
                    Some("is not allowed to be empty")
                } else {
                    None
                };
                match default {
                    None => Ok(value),
                    Some(d) => Err(format!(
                        "{name}: {}",
                        if word.is_empty() { d } else { word.as_str() }
                    )),
                }
            }
            Op::Trim { suffix } => {
                let mark = if suffix { '%' } else { '#' };
                let (greedy, pat) = match word.strip_prefix(mark) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                trim(&value, pat, suffix, greedy)
            }
            Op::Replace { all, pattern } => replace(&value, &pattern, &word, all),
            Op::Unsupported(m) => Err(format!("unsupported modifier ({m}) in substitution")),
            Op::ReplacePattern { .. } => Ok(String::new()),
        };
        match result {
            Ok(s) => self.emit(&s, Class::Split),
            Err(e) => self.fail(start, e),
        }
    }

    fn finish(mut self) -> Expansion {
        let mut frames = std::mem::take(&mut self.stack).into_iter();
        let top = frames.next().map(|f| f.buf).unwrap_or_default();
        let mut text = top;
        if let Some(failed) = self.failed {
            if !self.overflow {
                // The outermost unfinished construct and everything after it,
                // as written.
                let from = frames.next().map_or(failed, |f| f.start);
                text.push_str(self.src.get(from..).unwrap_or(""));
            }
        }
        self.out.text = text;
        if let Some(sp) = self.split.take() {
            self.out.words = sp.finish();
        }
        self.out
    }
}

#[derive(Clone, Copy)]
enum Glob {
    Star,
    One,
    Lit(char),
}

/// Reads a `${…}` pattern: `*`, `?`, literals; `\*`, `\?`, `\\` are literal,
/// `\}` and `\/` stand for `}` and `/`; any other escape is an error.
fn glob(pattern: &str) -> Result<Vec<Glob>, String> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut it = pattern.chars();
    while let Some(c) = it.next() {
        out.push(match c {
            '*' => Glob::Star,
            '?' => Glob::One,
            '\\' => match it.next() {
                Some(n @ ('*' | '?' | '\\' | '}' | '/')) => Glob::Lit(n),
                Some(n) => return Err(format!("invalid escape '\\{n}'")),
                None => return Err("invalid escape '\\'".to_string()),
            },
            c => Glob::Lit(c),
        });
    }
    Ok(out)
}

/// A backtracking matcher for [`Glob`] patterns with the semantics the
/// regex `^`-anchored translation (`*` → `.*`/`.*?`, `?` → `.`) had: at each
/// `*` a greedy match tries one more character before moving on, a lazy one
/// the other way round; the first success in that order wins; `*` and `?` do
/// not match a newline. States (a `*` at a position) that failed once are
/// remembered, so a search costs at most patterns × characters steps.
struct Matcher<'a> {
    toks: &'a [Glob],
    chars: &'a [char],
    greedy: bool,
    /// For each token, its index among the stars.
    star: Vec<usize>,
    /// Failed (star, position) states, `stars × (chars + 1)` bits.
    failed: Vec<u64>,
    stack: Vec<(usize, usize)>,
}

impl<'a> Matcher<'a> {
    fn new(toks: &'a [Glob], chars: &'a [char], greedy: bool) -> Self {
        let mut stars = 0;
        let star = toks
            .iter()
            .map(|t| {
                let i = stars;
                if matches!(t, Glob::Star) {
                    stars += 1;
                }
                i
            })
            .collect();
        let bits = stars * (chars.len() + 1);
        Matcher {
            toks,
            chars,
            greedy,
            star,
            failed: vec![0; bits.div_ceil(64)],
            stack: Vec::new(),
        }
    }

    fn bit(&self, ti: usize, pos: usize) -> usize {
        self.star.get(ti).copied().unwrap_or(0) * (self.chars.len() + 1) + pos
    }

    /// Marks the state; whether it was marked already.
    fn mark(&mut self, ti: usize, pos: usize) -> bool {
        let b = self.bit(ti, pos);
        match self.failed.get_mut(b / 64) {
            Some(w) => {
                let was = *w & (1 << (b % 64)) != 0;
                *w |= 1 << (b % 64);
                was
            }
            None => false,
        }
    }

    /// Forgets the marks at `pos`: after a success they may belong to the
    /// successful path rather than to failures.
    fn unmark_at(&mut self, pos: usize) {
        for (ti, t) in self.toks.iter().enumerate() {
            if matches!(t, Glob::Star) {
                let b = self.bit(ti, pos);
                if let Some(w) = self.failed.get_mut(b / 64) {
                    *w &= !(1 << (b % 64));
                }
            }
        }
    }

    fn takes(&self, pos: usize) -> bool {
        self.chars.get(pos).is_some_and(|c| *c != '\n')
    }

    /// The end (a char index) of the match anchored at `from`, if any.
    fn at(&mut self, from: usize) -> Option<usize> {
        self.stack.clear();
        self.stack.push((0, from));
        while let Some((mut ti, mut pos)) = self.stack.pop() {
            loop {
                match self.toks.get(ti) {
                    None => return Some(pos),
                    Some(Glob::Lit(c)) if self.chars.get(pos) == Some(c) => {
                        ti += 1;
                        pos += 1;
                    }
                    Some(Glob::One) if self.takes(pos) => {
                        ti += 1;
                        pos += 1;
                    }
                    Some(Glob::Star) => {
                        if !self.mark(ti, pos) {
                            // Pushed last is tried first.
                            let take = self.takes(pos);
                            if self.greedy {
                                self.stack.push((ti + 1, pos));
                                if take {
                                    self.stack.push((ti, pos + 1));
                                }
                            } else {
                                if take {
                                    self.stack.push((ti, pos + 1));
                                }
                                self.stack.push((ti + 1, pos));
                            }
                        }
                        break;
                    }
                    Some(_) => break,
                }
            }
        }
        None
    }
}

/// `${v#pat}` / `${v##pat}` (prefix) and `${v%pat}` / `${v%%pat}` (suffix).
/// The suffix forms reverse both value and pattern and trim a prefix, as
/// BuildKit does.
fn trim(value: &str, pattern: &str, suffix: bool, greedy: bool) -> Result<String, String> {
    let mut toks =
        glob(pattern).map_err(|e| format!("invalid pattern ({pattern}) in substitution: {e}"))?;
    let mut chars: Vec<char> = value.chars().collect();
    if suffix {
        toks.reverse();
        chars.reverse();
    }
    let end = Matcher::new(&toks, &chars, greedy).at(0).unwrap_or(0);
    let rest = chars.get(end..).unwrap_or(&[]);
    Ok(if suffix {
        rest.iter().rev().collect()
    } else {
        rest.iter().collect()
    })
}

/// `${v/pat/repl}` (first match) and `${v//pat/repl}` (every match), with
/// greedy wildcards, leftmost matches first, and no empty match right where
/// the previous match ended; the result is capped at [`MAX_EXPANSION_LEN`].
fn replace(value: &str, pattern: &str, repl: &str, all: bool) -> Result<String, String> {
    let toks =
        glob(pattern).map_err(|e| format!("invalid pattern ({pattern}) in substitution: {e}"))?;
    let chars: Vec<char> = value.chars().collect();
    let mut m = Matcher::new(&toks, &chars, true);
    let mut out = String::new();
    let mut last = 0;
    let mut last_end: Option<usize> = None;
    let mut start = 0;
    while start <= chars.len() {
        let Some(end) = m.at(start) else {
            start += 1;
            continue;
        };
        if end == start && last_end == Some(start) {
            start += 1;
            continue;
        }
        m.unmark_at(end);
        out.extend(chars.get(last..start).unwrap_or(&[]));
        out.push_str(repl);
        last = end;
        last_end = Some(end);
        if out.len() > MAX_EXPANSION_LEN {
            return Err(format!(
                "expansion is longer than {MAX_EXPANSION_LEN} bytes"
            ));
        }
        if !all {
            break;
        }
        start = end;
    }
    out.extend(chars.get(last..).unwrap_or(&[]));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex translation the matcher replaced (it kept `regex` out of
    /// the wasm bundle): trimming and replacing must give the same results.
    fn regex_of(toks: &[Glob], greedy: bool, anchored: bool) -> regex::Regex {
        let mut re = String::from(if anchored { "^" } else { "" });
        for t in toks {
            match t {
                Glob::Star => re.push_str(if greedy { ".*" } else { ".*?" }),
                Glob::One => re.push('.'),
                Glob::Lit(c) => re.push_str(&regex::escape(&c.to_string())),
            }
        }
        regex::Regex::new(&re).unwrap()
    }

    fn trim_by_regex(value: &str, pattern: &str, suffix: bool, greedy: bool) -> String {
        let mut toks = glob(pattern).unwrap();
        if suffix {
            toks.reverse();
            let reversed: String = value.chars().rev().collect();
            let re = regex_of(&toks, greedy, true);
            let rest = re
                .find(&reversed)
                .map_or(&reversed[..], |m| &reversed[m.end()..]);
            return rest.chars().rev().collect();
        }
        let re = regex_of(&toks, greedy, true);
        re.find(value)
            .map_or(value, |m| &value[m.end()..])
            .to_string()
    }

    fn replace_by_regex(value: &str, pattern: &str, repl: &str, all: bool) -> String {
        let re = regex_of(&glob(pattern).unwrap(), true, false);
        if all {
            re.replace_all(value, regex::NoExpand(repl)).into_owned()
        } else {
            re.replace(value, regex::NoExpand(repl)).into_owned()
        }
    }

    #[test]
    fn glob_matching_agrees_with_the_regex_translation() {
        let vals = [
            "", "a", "ab", "aab", "abab", "a\nb", "b\na\n", "xaybza", "éaé", "aaaa\n",
        ];
        let pats = [
            "", "*", "?", "a", "a*", "*a", "*a*", "a?b", "?*", "*?", "**", "a*b", "*b*a", "é",
            "?\\*", "\\?", "b*", "*\\\\",
        ];
        for v in vals {
            for p in pats {
                for (suffix, greedy) in [(false, false), (false, true), (true, false), (true, true)]
                {
                    assert_eq!(
                        trim(v, p, suffix, greedy).unwrap(),
                        trim_by_regex(v, p, suffix, greedy),
                        "trim {v:?} {p:?} suffix={suffix} greedy={greedy}"
                    );
                }
                for all in [false, true] {
                    assert_eq!(
                        replace(v, p, "<>", all).unwrap(),
                        replace_by_regex(v, p, "<>", all),
                        "replace {v:?} {p:?} all={all}"
                    );
                }
            }
        }
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |n| {
            pairs
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        }
    }

    const ENV: &[(&str, &str)] = &[
        ("A", "alpha"),
        ("EMPTY", ""),
        ("PATHV", "/usr/local/bin/tool.tar.gz"),
        ("SP", "x y"),
    ];

    fn x(word: &str) -> String {
        let e = expand(word, '\\', &env(ENV));
        assert!(e.errors.is_empty(), "{word}: {:?}", e.errors);
        e.text
    }

    fn err(word: &str) -> String {
        let e = expand(word, '\\', &env(ENV));
        match e.errors.first() {
            Some(er) => er.message.clone(),
            None => panic!("{word}: expected an error, got {:?}", e.text),
        }
    }

    #[test]
    fn plain_references() {
        assert_eq!(x("$A"), "alpha");
        assert_eq!(x("${A}"), "alpha");
        assert_eq!(x("pre-${A}-post"), "pre-alpha-post");
        assert_eq!(x("$A.b"), "alpha.b");
        assert_eq!(x("$Ab"), "");
        assert_eq!(x("$NOPE"), "");
        assert_eq!(x("a$"), "a$");
        assert_eq!(x("$/x"), "$/x");
        assert_eq!(x("no vars"), "no vars");
    }

    #[test]
    fn unresolved_names_are_reported_once() {
        let e = expand("$X ${X} ${Y:-d} $A", '\\', &env(ENV));
        assert_eq!(e.unresolved, vec!["X", "Y"]);
        assert_eq!(e.text, "  d alpha");
    }

    #[test]
    fn defaults_and_alternatives() {
        assert_eq!(x("${NOPE:-def}"), "def");
        assert_eq!(x("${NOPE-def}"), "def");
        assert_eq!(x("${EMPTY:-def}"), "def");
        assert_eq!(x("${EMPTY-def}"), "");
        assert_eq!(x("${A:-def}"), "alpha");
        assert_eq!(x("${A:+alt}"), "alt");
        assert_eq!(x("${A+alt}"), "alt");
        assert_eq!(x("${EMPTY:+alt}"), "");
        assert_eq!(x("${EMPTY+alt}"), "alt");
        assert_eq!(x("${NOPE+alt}"), "");
        assert_eq!(x("${NOPE:-$A}"), "alpha");
        assert_eq!(x("${NOPE:-${EMPTY:-${A}}}"), "alpha");
        assert_eq!(x("${NOPE:-a b}"), "a b");
    }

    #[test]
    fn required_variables() {
        assert_eq!(x("${A:?boom}"), "alpha");
        assert_eq!(err("${NOPE?}"), "NOPE: is not allowed to be unset");
        assert_eq!(err("${NOPE:?}"), "NOPE: is not allowed to be unset");
        assert_eq!(err("${EMPTY:?}"), "EMPTY: is not allowed to be empty");
        assert_eq!(err("${NOPE?need it}"), "NOPE: need it");
        assert_eq!(x("${EMPTY?x}"), "");
    }

    #[test]
    fn prefix_and_suffix_trimming() {
        assert_eq!(x("${PATHV#*/}"), "usr/local/bin/tool.tar.gz");
        assert_eq!(x("${PATHV##*/}"), "tool.tar.gz");
        assert_eq!(x("${PATHV%.*}"), "/usr/local/bin/tool.tar");
        assert_eq!(x("${PATHV%%.*}"), "/usr/local/bin/tool");
        assert_eq!(x("${PATHV#/usr}"), "/local/bin/tool.tar.gz");
        assert_eq!(x("${PATHV#nomatch}"), "/usr/local/bin/tool.tar.gz");
        assert_eq!(x("${A#?}"), "lpha");
        assert_eq!(x("${A%?}"), "alph");
        assert_eq!(x("${NOPE#x}"), "");
        assert_eq!(x("${A#a.}"), "alpha", "a dot is literal");
    }

    #[test]
    fn replacement() {
        assert_eq!(x("${A/a/A}"), "Alpha");
        assert_eq!(x("${A//a/A}"), "AlphA");
        // An escaped `/` in the pattern is a literal slash; in the
        // replacement the escape is kept, as BuildKit does.
        assert_eq!(x("${PATHV/\\/usr/_}"), "_/local/bin/tool.tar.gz");
        assert_eq!(x("${PATHV//\\//\\/}"), "\\/usr\\/local\\/bin\\/tool.tar.gz");
        assert_eq!(x("${A/l*a/X}"), "aX");
        assert_eq!(x("${A/zz/X}"), "alpha");
        assert_eq!(x("${A/a/}"), "lpha");
        assert_eq!(err("${A/a"), "syntax error: missing '/' in ${}");
        assert_eq!(err("${A/a/b"), "syntax error: missing '}'");
        assert!(err("${A/\\x/b}").contains("invalid escape"));
    }

    #[test]
    fn patterns_from_variables_and_special_characters() {
        const E: &[(&str, &str)] = &[
            ("F", "/foo*/*/*.txt"),
            ("N", "\\*/"),
            ("R", "()[]{}^$.*?|\\x"),
            ("S", "a***yy*"),
            ("Q", "???y"),
        ];
        let y = |w: &str| expand(w, '\\', &env(E)).text;
        // A pattern built from a variable is still a pattern.
        assert_eq!(y("${F/$N/.} - ${F//$N/.}"), "/foo.*/*.txt - /foo..*.txt");
        // Regex metacharacters are literal; `\}` does not close the braces.
        assert_eq!(y("${R#()[]{\\}^$.\\*\\?|\\\\}"), "x");
        assert_eq!(y("${S%%\\**\\*}"), "a");
        assert_eq!(y("${Q#?\\?}"), "?y");
    }

    #[test]
    fn quotes_are_removed() {
        assert_eq!(x("'$A'"), "$A");
        assert_eq!(x("\"$A\""), "alpha");
        assert_eq!(x("\"it's\""), "it's");
        assert_eq!(x("'say \"hi\"'"), "say \"hi\"");
        assert_eq!(x("a'b'\"c\"d"), "abcd");
        assert_eq!(x("\"${A:-'q'}\""), "alpha");
        assert_eq!(x("\"${NOPE:-'q'}\""), "q");
        assert_eq!(x("\"${NOPE:-\"q r\"}\""), "q r");
        assert!(err("'open").contains("single-quote"));
        assert!(err("\"open").contains("double-quote"));
    }

    #[test]
    fn escapes() {
        assert_eq!(x("\\$A"), "$A");
        assert_eq!(x("a\\ b"), "a b");
        assert_eq!(x("trailing\\"), "trailing");
        assert_eq!(x("\"\\$A \\\" \\\\ \\n\""), "$A \" \\ \\n");
        // With the backtick escape, a backslash is an ordinary character.
        let e = expand("C:\\dir\\`$A", '`', &env(ENV));
        assert_eq!(e.text, "C:\\dir\\$A");
        let e = expand("\"`\"x`\"\"", '`', &env(ENV));
        assert_eq!(e.text, "\"x\"");
    }

    #[test]
    fn syntax_errors_keep_the_rest_of_the_word() {
        assert_eq!(err("${"), "syntax error: missing '}'");
        assert_eq!(err("${}"), "syntax error: bad substitution");
        assert_eq!(err("${:x}"), "syntax error: bad substitution");
        assert_eq!(err("${{A}}"), "syntax error: bad substitution");
        assert_eq!(err("${A"), "syntax error: missing '}'");
        assert_eq!(err("${A:-x"), "syntax error: missing '}'");
        assert_eq!(err("${A!}"), "unsupported modifier (!) in substitution");
        assert_eq!(err("${A:=x}"), "unsupported modifier (:=) in substitution");
        let e = expand("$A-${A:-x", '\\', &env(ENV));
        assert_eq!(e.text, "alpha-${A:-x");
        assert_eq!(e.errors.first().map(|e| e.offset), Some(3));
        assert!(!e.is_exact());
    }

    #[test]
    fn special_parameters_and_digits() {
        // `$$`, `$1` and friends are names BuildKit looks up (normally unset).
        let e = expand("$$ $1x ${#}", '\\', &env(ENV));
        assert_eq!(e.text, " x ");
        assert_eq!(e.unresolved, vec!["$", "1", "#"]);
    }

    #[test]
    fn unknown_values_stay_as_written() {
        let mut f = |n: &str| match n {
            "TARGETARCH" => Lookup::Unknown,
            "A" => Lookup::Set("alpha".into()),
            _ => Lookup::Unset,
        };
        let e = expand_with("img-$TARGETARCH:${TARGETARCH:-x}/$A", '\\', false, &mut f);
        assert_eq!(e.text, "img-$TARGETARCH:${TARGETARCH:-x}/alpha");
        assert_eq!(e.unknown, vec!["TARGETARCH"]);
        assert!(e.unresolved.is_empty());
        assert!(!e.is_exact());
    }

    #[test]
    fn word_splitting_after_expansion() {
        let e = expand_words("a  \"b c\" $SP 'd e'f\\ g", '\\', &env(ENV));
        assert_eq!(e.words, vec!["a", "b c", "x", "y", "d ef g"]);
        assert_eq!(e.text, "a  b c x y d ef g");
        let e = expand_words("  ", '\\', &env(ENV));
        assert!(e.words.is_empty());
        // `expand` does not split.
        assert!(expand("a b", '\\', &env(ENV)).words.is_empty());
    }

    #[test]
    fn output_is_bounded() {
        let big = "x".repeat(MAX_EXPANSION_LEN / 2 + 10);
        let f = move |n: &str| (n == "B").then(|| big.clone());
        let e = expand("$B$B$B", '\\', &f);
        assert!(e.text.len() <= MAX_EXPANSION_LEN);
        assert!(e.errors.iter().any(|e| e.message.contains("longer")));
        // Replacing every match cannot multiply the size unboundedly.
        let small = "y".repeat(4000);
        let g = move |n: &str| (n == "S").then(|| small.clone());
        let word = format!("${{S//y/{}}}", "z".repeat(100));
        let e = expand(&word, '\\', &g);
        assert!(e.text.len() <= MAX_EXPANSION_LEN);
        assert!(!e.errors.is_empty());
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 20_000;
        let word = format!("{}v{}", "${N:-".repeat(depth), "}".repeat(depth));
        let e = expand(&word, '\\', &env(ENV));
        assert_eq!(e.text, "v");
        let open = "${N:-\"".repeat(depth);
        let e = expand(&open, '\\', &env(ENV));
        assert!(!e.errors.is_empty());
    }

    #[test]
    fn odd_input_never_panics() {
        for w in [
            "$",
            "${",
            "${é}",
            "${é:-é}",
            "é$é",
            "\\",
            "\"\\",
            "'",
            "${A/",
            "${A//",
            "${A#\\",
            "${A%%",
            "$\u{10FFFF}",
            "${A:",
            "${A:}",
            "${-}",
            "${A/[/x}",
            "${A/(/x}",
        ] {
            let _ = expand(w, '\\', &env(ENV));
            let _ = expand_words(w, '`', &env(ENV));
        }
    }
}
