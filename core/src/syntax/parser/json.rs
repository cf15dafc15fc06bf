//! A small, non-recursive JSON reader for exec-form arguments.
//!
//! BuildKit decodes exec form with Go's `json.Unmarshal` into `[]any` after
//! checking that the (left-trimmed) text starts with `[`. The whole text must
//! be one JSON value (trailing text makes it invalid, so `["a"] extra` is
//! shell form); an array holding anything but strings is a hard error.

use std::ops::Range;

pub(super) enum JsonArray {
    /// Not a JSON array: the caller falls back to shell form.
    NotJson,
    /// Valid JSON, but this element is not a string (BuildKit rejects it).
    NotStrings(Range<usize>),
    /// The decoded strings, each with the range of its literal (quotes included).
    Strings(Vec<(Range<usize>, String)>),
}

fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Parses `s` as a JSON array of strings. Ranges are relative to `s`.
pub(super) fn parse_array(s: &str) -> JsonArray {
    let b = s.as_bytes();
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'[') {
        return JsonArray::NotJson;
    }
    i += 1;
    let mut items = Vec::new();
    let mut non_string: Option<Range<usize>> = None;
    i = ws(b, i);
    if b.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            i = ws(b, i);
            let start = i;
            if b.get(i) == Some(&b'"') {
                match string(s, i) {
                    Some((end, text)) => {
                        items.push((start..end, text));
                        i = end;
                    }
                    None => return JsonArray::NotJson,
                }
            } else {
                match skip_value(s, i) {
                    Some(end) => {
                        if non_string.is_none() {
                            non_string = Some(start..end);
                        }
                        i = end;
                    }
                    None => return JsonArray::NotJson,
                }
            }
            i = ws(b, i);
            match b.get(i) {
                Some(b',') => i += 1,
                Some(b']') => {
                    i += 1;
                    break;
                }
                _ => return JsonArray::NotJson,
            }
        }
    }
    if ws(b, i) != b.len() {
        return JsonArray::NotJson;
    }
    match non_string {
        Some(r) => JsonArray::NotStrings(r),
        None => JsonArray::Strings(items),
    }
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let mut v = 0u32;
    for k in 0..4 {
        let d = (*b.get(i + k)? as char).to_digit(16)?;
        v = v * 16 + d;
    }
    Some(v)
}

/// Decodes the string literal starting at `i` (a `"`); returns its end and text.
fn string(s: &str, mut i: usize) -> Option<(usize, String)> {
    let b = s.as_bytes();
    i += 1;
    let mut out = String::new();
    let mut run = i;
    loop {
        let c = *b.get(i)?;
        match c {
            b'"' => {
                out.push_str(s.get(run..i)?);
                return Some((i + 1, out));
            }
            b'\\' => {
                out.push_str(s.get(run..i)?);
                let e = *b.get(i + 1)?;
                i += 2;
                match e {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let hi = hex4(b, i)?;
                        i += 4;
                        if (0xD800..0xDC00).contains(&hi)
                            && b.get(i) == Some(&b'\\')
                            && b.get(i + 1) == Some(&b'u')
                        {
                            if let Some(lo) =
                                hex4(b, i + 2).filter(|lo| (0xDC00..0xE000).contains(lo))
                            {
                                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                i += 6;
                                run = i;
                                continue;
                            }
                        }
                        // Lone surrogates decode to U+FFFD, as in Go.
                        out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                    }
                    _ => return None,
                }
                run = i;
            }
            0..=0x1f => return None,
            _ => i += 1,
        }
    }
}

fn number(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits = |i: usize| {
        let mut j = i;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(i),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        let j = digits(i + 1);
        if j == i + 1 {
            return None;
        }
        i = j;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let j = digits(i);
        if j == i {
            return None;
        }
        i = j;
    }
    Some(i)
}

/// Skips one object key and its colon (`"k" :`), starting at whitespace.
fn key(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let i = ws(b, i);
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let (end, _) = string(s, i)?;
    let i = ws(b, end);
    (b.get(i) == Some(&b':')).then_some(i + 1)
}

/// Skips any JSON value starting at `i`, with an explicit stack for nesting.
fn skip_value(s: &str, mut i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut stack: Vec<u8> = Vec::new();
    loop {
        i = ws(b, i);
        // One value (or the opening of a non-empty container).
        match *b.get(i)? {
            b'"' => i = string(s, i)?.0,
            b'[' => {
                i = ws(b, i + 1);
                if b.get(i) == Some(&b']') {
                    i += 1;
                } else {
                    stack.push(b'[');
                    continue;
                }
            }
            b'{' => {
                let j = ws(b, i + 1);
                if b.get(j) == Some(&b'}') {
                    i = j + 1;
                } else {
                    stack.push(b'{');
                    i = key(s, j)?;
                    continue;
                }
            }
            b't' => i = literal(b, i, b"true")?,
            b'f' => i = literal(b, i, b"false")?,
            b'n' => i = literal(b, i, b"null")?,
            _ => i = number(b, i)?,
        }
        // Close finished containers; stop when the outer value is done.
        loop {
            let Some(&top) = stack.last() else {
                return Some(i);
            };
            i = ws(b, i);
            match (*b.get(i)?, top) {
                (b',', b'[') => {
                    i += 1;
                    break;
                }
                (b',', _) => {
                    i = key(s, i + 1)?;
                    break;
                }
                (b']', b'[') | (b'}', b'{') => {
                    i += 1;
                    stack.pop();
                }
                _ => return None,
            }
        }
    }
}

fn literal(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    (b.get(i..i + word.len())? == word).then_some(i + word.len())
}
