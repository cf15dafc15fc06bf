//! Turning the bytes of a file into text without losing it.
//!
//! Dockerfiles are UTF-8. A UTF-16 file with a byte order mark is decoded; a
//! file with invalid UTF-8 is checked as far as it can be (invalid bytes
//! become U+FFFD) and the first bad byte is reported with its position.

use std::borrow::Cow;

/// Why the bytes were not clean UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeProblem {
    /// Byte offset in the *decoded* text where the problem is.
    pub offset: usize,
    pub message: String,
}

/// Decodes a file's bytes. Never fails; see [`DecodeProblem`].
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<DecodeProblem>) {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes, "UTF-16BE");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(e) => {
            let good = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let problem = DecodeProblem {
                offset: good,
                message: format!(
                    "the file is not valid UTF-8 (byte 0x{:02X} at byte offset {good}); invalid bytes were read as U+FFFD",
                    bytes.get(good).copied().unwrap_or(0)
                ),
            };
            (Cow::Owned(text), Some(problem))
        }
    }
}

fn decode_utf16(
    rest: &[u8],
    word: fn([u8; 2]) -> u16,
    name: &str,
) -> (Cow<'static, str>, Option<DecodeProblem>) {
    let units = rest.chunks(2).map(|c| match c {
        [a, b] => word([*a, *b]),
        _ => 0xFFFD,
    });
    let text: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    let problem = DecodeProblem {
        offset: 0,
        message: format!("the file is {name}; Docker reads Dockerfiles as UTF-8, save it as UTF-8"),
    };
    (Cow::Owned(text), Some(problem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed_and_clean() {
        let (t, p) = decode("FROM alpine\n".as_bytes());
        assert!(matches!(t, Cow::Borrowed(_)));
        assert_eq!(p, None);
    }

    #[test]
    fn invalid_utf8_keeps_the_text_and_says_where() {
        let (t, p) = decode(b"FROM a\nRUN echo \xff ok\n");
        assert_eq!(t, "FROM a\nRUN echo \u{FFFD} ok\n");
        assert_eq!(p.map(|p| p.offset), Some(16));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut b = vec![0xFF, 0xFE];
        for u in "FROM a\n".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let (t, p) = decode(&b);
        assert_eq!(t, "FROM a\n");
        assert!(p.is_some_and(|p| p.message.contains("UTF-16LE")));
    }
}
