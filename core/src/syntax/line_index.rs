//! Byte offset <-> line/column conversion (a placeholder: the full index with
//! UTF-16 support is being written on the parser branch).

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Chars,
}

/// A 0-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// Line starts of a text, for offset <-> position conversion.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    pub line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    pub fn position(&self, src: &str, offset: usize, enc: Encoding) -> Position {
        let offset = offset.min(src.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let text = src.get(start..offset).unwrap_or("");
        let character = match enc {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.encode_utf16().count(),
            Encoding::Chars => text.chars().count(),
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }
}
