//! Open documents: text, version and language, keyed by URI.
//!
//! Changes are applied in the order they arrive; a change whose version is
//! not newer than the stored one is rejected (and reported to the caller),
//! so diagnostics are always computed from the latest text.

use std::collections::HashMap;

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub language_id: String,
    /// Whether the server checks it (a Dockerfile by name or language id).
    pub checked: bool,
}

/// A text change in byte offsets (converted from LSP positions by the
/// adapter): `range: None` replaces the whole text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub range: Option<(usize, usize)>,
    pub text: String,
}

/// Why a change was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// No such open document.
    NotOpen,
    /// The change's version is not newer than the stored one.
    Stale { stored: i32, got: i32 },
}

/// The open documents.
#[derive(Debug, Default)]
pub struct Store {
    docs: HashMap<String, Document>,
}

impl Store {
    pub fn open(&mut self, uri: &str, doc: Document) {
        self.docs.insert(uri.to_string(), doc);
    }

    pub fn close(&mut self, uri: &str) -> Option<Document> {
        self.docs.remove(uri)
    }

    pub fn get(&self, uri: &str) -> Option<&Document> {
        self.docs.get(uri)
    }

    pub fn uris(&self) -> Vec<String> {
        self.docs.keys().cloned().collect()
    }

    /// Applies changes in order. `to_offsets` converts each LSP range to
    /// byte offsets in the text as it is when that change applies.
    pub fn change<R>(
        &mut self,
        uri: &str,
        version: i32,
        changes: Vec<(Option<R>, String)>,
        to_offsets: impl Fn(&str, &R) -> (usize, usize),
    ) -> Result<&Document, Rejected> {
        let doc = self.docs.get_mut(uri).ok_or(Rejected::NotOpen)?;
        if version <= doc.version {
            return Err(Rejected::Stale {
                stored: doc.version,
                got: version,
            });
        }
        for (range, text) in changes {
            let change = Change {
                range: range.map(|r| to_offsets(&doc.text, &r)),
                text,
            };
            apply(&mut doc.text, &change);
        }
        doc.version = version;
        Ok(doc)
    }
}

/// Applies one change; offsets are clamped to the text and to char
/// boundaries, so no input can make it panic.
pub fn apply(text: &mut String, change: &Change) {
    match change.range {
        None => change.text.clone_into(text),
        Some((a, b)) => {
            let mut start = a.min(b).min(text.len());
            let mut end = a.max(b).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, version: i32) -> Document {
        Document {
            text: text.into(),
            version,
            language_id: "dockerfile".into(),
            checked: true,
        }
    }

    #[test]
    fn changes_apply_in_order_and_stale_versions_are_rejected() {
        let mut s = Store::default();
        s.open("u", doc("FROM a\n", 1));
        let offs = |_: &str, r: &(usize, usize)| *r;
        let d = s
            .change(
                "u",
                2,
                vec![(Some((5, 6)), "b".into()), (Some((6, 6)), ":1".into())],
                offs,
            )
            .map(|d| d.text.clone());
        assert_eq!(d, Ok("FROM b:1\n".to_string()));
        let r = s.change("u", 2, vec![(None, "X".into())], offs).map(|_| ());
        assert_eq!(r, Err(Rejected::Stale { stored: 2, got: 2 }));
        assert_eq!(s.get("u").map(|d| d.text.as_str()), Some("FROM b:1\n"));
        let r = s.change("v", 9, vec![(None, "X".into())], offs).map(|_| ());
        assert_eq!(r, Err(Rejected::NotOpen));
    }

    #[test]
    fn out_of_range_edits_are_clamped() {
        let mut t = String::from("aé");
        apply(
            &mut t,
            &Change {
                range: Some((2, 99)),
                text: "x".into(),
            },
        );
        assert_eq!(t, "ax");
    }
}
