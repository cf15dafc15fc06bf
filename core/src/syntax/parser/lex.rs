//! Word splitting as BuildKit's line parsers do it, on the joined
//! ("logical") text of an instruction. Every function returns byte ranges
//! relative to the string it was given; nothing here recurses.

use std::ops::Range;

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]+`.
pub(super) fn is_sep(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// BuildKit's `parseStringsWhitespaceDelimited`: split on runs of
/// `[\t\v\f\r ]` (no quoting). `s` is already trimmed by the caller.
pub(super) fn split_whitespace(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_sep(c), start) {
            (true, Some(st)) => {
                out.push(st..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    match start {
        Some(st) => out.push(st..s.len()),
        None if !s.is_empty() && out.is_empty() => out.push(0..0),
        None => {}
    }
    out
}

/// BuildKit's `parseWords` (ARG, ENV, LABEL): words split on unquoted white
/// space; quotes and escapes stay in the text, except that an escape token
/// at the very end is dropped. Returns each word's range and text.
pub(super) fn parse_words(s: &str, escape: char) -> Vec<(Range<usize>, String)> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut start: Option<usize> = None;
    let mut blank_ok = false;
    let mut quote: Option<char> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match quote {
            None => {
                if c.is_whitespace() {
                    if let Some(st) = start.take() {
                        if blank_ok || !word.is_empty() {
                            words.push((st..i, std::mem::take(&mut word)));
                        }
                        word.clear();
                        blank_ok = false;
                    }
                    continue;
                }
                start.get_or_insert(i);
                if c == '\'' || c == '"' {
                    quote = Some(c);
                    blank_ok = true;
                }
                if c == escape {
                    match it.next() {
                        None => continue,
                        Some((_, n)) => {
                            word.push(c);
                            word.push(n);
                            continue;
                        }
                    }
                }
                word.push(c);
            }
            Some(q) => {
                if c == q {
                    quote = None;
                }
                if c == escape && q != '\'' {
                    match it.next() {
                        None => {
                            quote = None;
                            continue;
                        }
                        Some((_, n)) => {
                            word.push(c);
                            word.push(n);
                            continue;
                        }
                    }
                }
                word.push(c);
            }
        }
    }
    if let Some(st) = start {
        if blank_ok || !word.is_empty() {
            words.push((st..s.len(), word));
        }
    }
    words
}

/// One `--flag` word found by [`extract_flags`].
pub(super) struct RawFlag {
    /// The word, from `--` to its end.
    pub range: Range<usize>,
    /// The word with quotes and backslash escapes removed (BuildKit's form).
    pub text: String,
}

/// BuildKit's `extractBuilderFlags`: leading words that start with `--`
/// (quotes and `\` escapes removed from them; a bare `--` ends the flags).
/// Returns the flags and where the rest of the arguments starts.
///
/// Deviation: BuildKit walks bytes and turns each byte into a rune, which
/// garbles non-ASCII flag values; here characters stay intact.
pub(super) fn extract_flags(s: &str) -> (Vec<RawFlag>, usize) {
    let mut flags = Vec::new();
    let mut it = s.char_indices().peekable();
    loop {
        // Skip spaces between words.
        while it.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
            it.next();
        }
        let Some(&(start, _)) = it.peek() else {
            return (flags, s.len());
        };
        if !s.get(start..).is_some_and(|r| r.starts_with("--")) {
            return (flags, start);
        }
        let mut text = String::new();
        let mut quote: Option<char> = None;
        let mut blank_ok = false;
        let mut end = s.len();
        while let Some((i, c)) = it.next() {
            match quote {
                None => {
                    if c.is_whitespace() {
                        end = i;
                        break;
                    }
                    if c == '\'' || c == '"' {
                        quote = Some(c);
                        blank_ok = true;
                        continue;
                    }
                    if c == '\\' {
                        if let Some((_, n)) = it.next() {
                            text.push(n);
                        }
                        continue;
                    }
                    text.push(c);
                }
                Some(q) => {
                    if c == q {
                        quote = None;
                        continue;
                    }
                    if c == '\\' {
                        match it.next() {
                            Some((_, n)) => text.push(n),
                            None => quote = None,
                        }
                        continue;
                    }
                    text.push(c);
                }
            }
        }
        if text == "--" {
            return (flags, end);
        }
        if blank_ok || !text.is_empty() {
            flags.push(RawFlag {
                range: start..end,
                text,
            });
        }
    }
}

/// How [`shell_words`] treats quotes and escapes.
#[derive(Clone, Copy)]
pub(super) struct LexMode {
    pub escape: char,
    /// Keep quote characters in the words.
    pub raw_quotes: bool,
    /// Keep escape characters in the words.
    pub raw_escapes: bool,
    /// Split into words at unquoted white space (false: one word, spaces kept).
    pub split: bool,
}

/// A model of BuildKit's shell lexer (`shell.Lex.ProcessWords`) with unset
/// variables left as written: words with their ranges, or `None` on a lexing
/// error (unterminated quote or `${`).
pub(super) fn shell_words(s: &str, mode: LexMode) -> Option<Vec<(Range<usize>, String)>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut start: Option<usize> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if mode.split && c.is_whitespace() {
            if let Some(st) = start.take() {
                if !word.is_empty() {
                    words.push((st..i, std::mem::take(&mut word)));
                }
            }
            continue;
        }
        start.get_or_insert(i);
        match c {
            '\'' => {
                if mode.raw_quotes {
                    word.push(c);
                }
                loop {
                    let (_, n) = it.next()?;
                    if n == '\'' {
                        break;
                    }
                    word.push(n);
                }
                if mode.raw_quotes {
                    word.push(c);
                }
            }
            '"' => {
                if mode.raw_quotes {
                    word.push(c);
                }
                loop {
                    let (_, n) = it.next()?;
                    if n == '"' {
                        break;
                    }
                    if n == mode.escape {
                        match it.peek() {
                            Some(&(_, m)) if m == '"' || m == '$' || m == mode.escape => {
                                if mode.raw_escapes {
                                    word.push(n);
                                }
                                word.push(m);
                                it.next();
                            }
                            _ => word.push(n),
                        }
                        continue;
                    }
                    if n == '$' {
                        word.push(n);
                        dollar(&mut it, &mut word)?;
                        continue;
                    }
                    word.push(n);
                }
                if mode.raw_quotes {
                    word.push(c);
                }
            }
            '$' => {
                word.push(c);
                dollar(&mut it, &mut word)?;
            }
            c if c == mode.escape => {
                if mode.raw_escapes {
                    word.push(c);
                }
                match it.next() {
                    Some((_, n)) => word.push(n),
                    None => break,
                }
            }
            c => word.push(c),
        }
    }
    if let Some(st) = start {
        if !word.is_empty() || !mode.split {
            words.push((st..s.len(), word));
        }
    }
    Some(words)
}

/// After a `$`: copies a `${…}` group (nesting counted, no recursion) into
/// `word`; fails when it is not closed. Plain `$name` needs nothing special.
fn dollar(
    it: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    word: &mut String,
) -> Option<()> {
    if it.peek().map(|&(_, c)| c) != Some('{') {
        return Some(());
    }
    let mut depth = 0usize;
    for (_, c) in it.by_ref() {
        word.push(c);
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(());
                }
            }
            _ => {}
        }
    }
    None
}

/// One level of shell quote and escape removal, white space kept, variables
/// left as written: what a `KEY=value` value becomes before expansion.
/// Unbalanced quotes are kept literally.
pub(super) fn unquote(s: &str, escape: char) -> String {
    let mode = LexMode {
        escape,
        raw_quotes: false,
        raw_escapes: false,
        split: false,
    };
    match shell_words(s, mode) {
        Some(words) => words.into_iter().map(|(_, w)| w).collect(),
        None => s.to_string(),
    }
}
