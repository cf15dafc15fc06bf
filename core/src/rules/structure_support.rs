//! What the structure rules (SS701, SS811–SS828) share: whether an expanded
//! word can be judged, stage chains, variable references in a word, close
//! matches for typos, and the source span of a part of a word.

use crate::engine::Context;
use crate::model::{Expansion, Stage, PLATFORM_ARGS};
use crate::syntax::{Keyword, NodeKind, Span, Word};

/// The proxy build args BuildKit defines without an `ARG` line.
pub(crate) const PROXY_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Whether a name is a build arg BuildKit predefines (platform and proxy
/// args).
pub(crate) fn is_predefined(name: &str) -> bool {
    PLATFORM_ARGS.contains(&name) || PROXY_ARGS.contains(&name)
}

/// Whether the expansion of a word of instruction `idx` says what BuildKit
/// will see: no unknown values, no errors, and no unset names that the base
/// image's environment might set (inside a stage whose chain does not start
/// at `scratch`). FROM lines and global ARGs only see global ARGs, so unset
/// names there are empty.
pub(crate) fn judgeable(cx: &Context<'_>, idx: usize, e: &Expansion) -> bool {
    if !e.is_exact() {
        return false;
    }
    if e.unresolved.is_empty() {
        return true;
    }
    let is_from = cx
        .model
        .instruction(idx)
        .is_some_and(|i| i.keyword == Keyword::From);
    match cx.model.stage_of(idx) {
        Some(s) if !is_from => cx.model.env_known(s),
        _ => true,
    }
}

/// The stage and the earlier stages it is built on, nearest first.
pub(crate) fn chain(stages: &[Stage], stage: usize) -> Vec<&Stage> {
    let mut out = Vec::new();
    let mut cur = Some(stage);
    while let Some(s) = cur {
        let Some(st) = stages.get(s) else { break };
        out.push(st);
        cur = st.parent.filter(|&p| p < s);
    }
    out
}

/// A variable reference in a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VarRef {
    pub name: String,
    /// Byte range of the whole reference (`$X`, `${X:-d}`) in the word.
    pub start: usize,
    pub end: usize,
    /// Written with a default, an alternative or a required-message
    /// (`${X:-d}`, `${X+a}`, `${X:?m}`): an unset value is expected.
    pub guarded: bool,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The variable references of a word as BuildKit reads them: not inside
/// single quotes, not after the escape character. References inside the
/// word of a `${X:-word}` are not listed (they only count when `X` is unset).
pub(crate) fn refs(word: &str, escape: char) -> Vec<VarRef> {
    let b = word.as_bytes();
    let esc = u8::try_from(u32::from(escape)).unwrap_or(b'\\');
    let mut out = Vec::new();
    let mut i = 0;
    let mut double = false;
    while let Some(&c) = b.get(i) {
        if c == esc {
            i += 2;
            continue;
        }
        if c == b'\'' && !double {
            i += 1;
            while b.get(i).is_some_and(|&c| c != b'\'') {
                i += 1;
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            double = !double;
            i += 1;
            continue;
        }
        if c != b'$' {
            i += 1;
            continue;
        }
        let start = i;
        if b.get(i + 1) == Some(&b'{') {
            let name_start = i + 2;
            let mut j = name_start;
            while b.get(j).copied().is_some_and(is_name_byte) {
                j += 1;
            }
            let name = word.get(name_start..j).unwrap_or("");
            let guarded = match b.get(j) {
                Some(b':') => matches!(b.get(j + 1), Some(b'-' | b'+' | b'?')),
                Some(b'-' | b'+' | b'?') => true,
                _ => false,
            };
            // The closing brace, counting nested `${`.
            let mut depth = 1;
            let mut k = j;
            while let Some(&c) = b.get(k) {
                if c == b'$' && b.get(k + 1) == Some(&b'{') {
                    depth += 1;
                    k += 2;
                    continue;
                }
                if c == b'}' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                k += 1;
            }
            let end = (k + 1).min(b.len());
            if !name.is_empty() {
                out.push(VarRef {
                    name: name.to_string(),
                    start,
                    end,
                    guarded,
                });
            }
            i = end.max(i + 1);
            continue;
        }
        let name_start = i + 1;
        let mut j = name_start;
        if b.get(j)
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        {
            while b.get(j).copied().is_some_and(is_name_byte) {
                j += 1;
            }
            out.push(VarRef {
                name: word.get(name_start..j).unwrap_or("").to_string(),
                start,
                end: j,
                guarded: false,
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// The source span of bytes `start..end` of a word: exact when the word is
/// written as one piece, else the whole word.
pub(crate) fn part_span(src: &str, word: &Word, start: usize, end: usize) -> Span {
    if word.span.text(src) == word.text && end <= word.text.len() && start <= end {
        Span::new(word.span.start + start, word.span.start + end)
    } else {
        word.span
    }
}

/// The top-level node holding the instruction that starts at `at`: whole
/// lines with their terminators, for deleting an instruction.
pub(crate) fn instruction_lines(cx: &Context<'_>, at: usize) -> Option<Span> {
    cx.file
        .nodes
        .iter()
        .find(|n| matches!(n.kind, NodeKind::Instruction(_)) && n.span.contains(at))
        .map(|n| n.span)
}

/// Levenshtein distance, capped: anything above `cap` is `cap + 1`.
fn distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(c) = cur.first_mut() {
            *c = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0).min(cap + 1)
}

/// The candidate closest to `name` (a likely typo): equal ignoring case, or
/// at most two edits away (one for names of three letters or fewer). `None` when nothing is close.
pub(crate) fn suggest<'c>(
    name: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    let cap = if name.chars().count() <= 3 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.eq_ignore_ascii_case(name) {
            0
        } else {
            distance(&name.to_ascii_lowercase(), &c.to_ascii_lowercase(), cap) + 1
        };
        if d <= cap + 1 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::{refs, suggest};

    fn names(word: &str) -> Vec<(String, bool)> {
        refs(word, '\\')
            .into_iter()
            .map(|r| (r.name, r.guarded))
            .collect()
    }

    #[test]
    fn finds_references() {
        assert_eq!(
            names("$A/${B}:${C:-x}${D-y}${E#p}"),
            [
                ("A".into(), false),
                ("B".into(), false),
                ("C".into(), true),
                ("D".into(), true),
                ("E".into(), false)
            ]
        );
        assert_eq!(names("'$A' \\$B \"$C\" $1 $"), [("C".into(), false)]);
        assert_eq!(
            names("${A:-$B}x$C"),
            [("A".into(), true), ("C".into(), false)]
        );
        let r = refs("x${AB}y", '\\');
        assert_eq!((r[0].start, r[0].end), (1, 6));
        assert_eq!(names("${"), []);
    }

    #[test]
    fn suggests_close_names() {
        let c = ["PATH", "VERSION", "HOME"];
        assert_eq!(suggest("PAHT", c.into_iter()), Some("PATH"));
        assert_eq!(suggest("VERSOIN", c.into_iter()), Some("VERSION"));
        assert_eq!(suggest("version", c.into_iter()), Some("VERSION"));
        assert_eq!(suggest("FOO", c.into_iter()), None);
        assert_eq!(suggest("PATH", c.into_iter()), None);
    }
}
