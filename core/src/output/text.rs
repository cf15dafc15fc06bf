//! Small text helpers shared by the renderers.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Finding;

/// Escapes text for an XML attribute value or element content.
///
/// `& < > " '` become entities; tab, newline and carriage return become
/// character references (so attribute values keep them); other characters XML
/// 1.0 cannot hold at all (C0 controls, U+FFFE, U+FFFF, lone surrogates
/// cannot occur in `&str`) become U+FFFD.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Folds line breaks into spaces, for line-oriented formats.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// FNV-1a, 128 bits, as 32 lowercase hex digits. Not cryptographic: a stable
/// identifier for a finding across runs and platforms.
pub(crate) fn fnv1a_128(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator that cannot occur in text, so ("ab","c") != ("a","bc").
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for b in part.bytes() {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}

/// Fingerprints for findings: a hash of file, code, line and message, plus an
/// occurrence number when the same four repeat, so every fingerprint in one
/// report is distinct.
pub(crate) fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen: BTreeMap<(&str, &str, usize, &str), usize> = BTreeMap::new();
    findings
        .iter()
        .map(|f| {
            let n = seen
                .entry((f.file.as_str(), f.code, f.line, f.message.as_str()))
                .or_insert(0);
            *n += 1;
            let line = f.line.to_string();
            if *n == 1 {
                fnv1a_128(&[&f.file, f.code, &line, &f.message])
            } else {
                fnv1a_128(&[&f.file, f.code, &line, &f.message, &n.to_string()])
            }
        })
        .collect()
}

/// A path as CI services show it: `/` separators, no leading `./`.
pub(crate) fn clean_path(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p
}

/// A file path as a URI reference: `/` separators, `./` dropped, and bytes
/// outside the URI path characters percent-encoded. Absolute paths become
/// `file://` URIs (SARIF wants relative ones, which the CLI gives).
pub(crate) fn path_to_uri(path: &str) -> String {
    let p = clean_path(path);
    let (prefix, p) = if p.starts_with('/') {
        ("file://", p.as_str())
    } else if is_drive_path(&p) {
        // A Windows drive path, `C:/x`.
        ("file:///", p.as_str())
    } else {
        ("", p.as_str())
    };
    let mut out = String::from(prefix);
    for b in p.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'')
            || matches!(b, b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@')
            // In a relative reference a colon could read as a scheme.
            || (b == b':' && !prefix.is_empty());
        if keep {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `C:/…` or `C:`: a Windows drive path.
fn is_drive_path(p: &str) -> bool {
    let b = p.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.get(1) == Some(&b':')
        && matches!(b.get(2), None | Some(b'/'))
}

/// Findings grouped by file, files in name order, findings in their given order.
pub(crate) fn by_file(findings: &[Finding]) -> BTreeMap<&str, Vec<&Finding>> {
    let mut map: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        map.entry(f.file.as_str()).or_default().push(f);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_vectors() {
        // FNV-1a 128 of "" is the offset basis; of "a" a published test vector.
        assert_eq!(fnv1a_128(&[""]), "6c62272e07bb014262b821756295c58d");
        assert_eq!(fnv1a_128(&["a"]), "d228cb696f1a8caf78912b704e4a8964");
        assert_ne!(fnv1a_128(&["ab", "c"]), fnv1a_128(&["a", "bc"]));
    }

    #[test]
    fn uris() {
        assert_eq!(path_to_uri("./docker/Dockerfile"), "docker/Dockerfile");
        assert_eq!(path_to_uri("a b\\c#1.txt"), "a%20b/c%231.txt");
        assert_eq!(path_to_uri("/abs/x"), "file:///abs/x");
        assert_eq!(path_to_uri("C:\\x\\y"), "file:///C:/x/y");
        assert_eq!(path_to_uri("é"), "%C3%A9");
        assert_eq!(path_to_uri("a:b"), "a%3Ab");
        assert_eq!(path_to_uri(":b"), "%3Ab");
    }

    #[test]
    fn clean_paths() {
        assert_eq!(clean_path("././a\\b"), "a/b");
        assert_eq!(clean_path("../a"), "../a");
    }

    #[test]
    fn xml() {
        assert_eq!(
            xml_escape("a<b>&\"c'\n\u{1}é"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{fffd}é"
        );
    }

    #[test]
    fn lines() {
        assert_eq!(one_line("a\r\nb\nc\rd"), "a b c d");
    }
}
