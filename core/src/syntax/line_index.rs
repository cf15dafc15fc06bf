//! Byte offset <-> line/column conversion.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol
//! counts them. (BuildKit splits lines at `\n` only and treats a lone `\r` as
//! white space; the parser follows BuildKit, but positions shown to users
//! follow LSP, which is what editors expect.) Columns can be counted in UTF-8
//! bytes, UTF-16 code units or Unicode scalar values.

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (`char`s).
    Chars,
}

/// A 0-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl Position {
    pub const fn new(line: u32, character: u32) -> Self {
        Position { line, character }
    }
}

/// A non-ASCII character: where it starts and its lengths.
#[derive(Clone, Copy, Debug)]
struct Wide {
    start: usize,
    len8: u8,
    len16: u8,
}

/// Line starts of a text, for offset <-> position conversion.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Byte offset where each line starts (the first is 0).
    pub line_starts: Vec<usize>,
    /// Byte offset where each line's text ends (before its terminator).
    line_ends: Vec<usize>,
    /// Non-ASCII characters, in order.
    wide: Vec<Wide>,
    len: usize,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let mut line_ends = Vec::new();
        let mut wide = Vec::new();
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            match c {
                '\n' => {
                    if i == 0 || bytes.get(i - 1) != Some(&b'\r') {
                        line_ends.push(i);
                    }
                    line_starts.push(i + 1);
                }
                '\r' => {
                    line_ends.push(i);
                    if bytes.get(i + 1) != Some(&b'\n') {
                        line_starts.push(i + 1);
                    }
                }
                c if !c.is_ascii() => wide.push(Wide {
                    start: i,
                    len8: c.len_utf8() as u8,
                    len16: c.len_utf16() as u8,
                }),
                _ => {}
            }
        }
        line_ends.push(text.len());
        LineIndex {
            line_starts,
            line_ends,
            wide,
            len: text.len(),
        }
    }

    /// The number of lines (a text ending with a terminator has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The byte range of a line's text, without its terminator.
    pub fn line_span(&self, line: u32) -> Option<crate::syntax::Span> {
        let l = line as usize;
        Some(crate::syntax::Span::new(
            *self.line_starts.get(l)?,
            *self.line_ends.get(l)?,
        ))
    }

    /// Moves `offset` back to the start of the character it falls in, and
    /// clamps it to the text.
    pub fn snap(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        let i = self.wide.partition_point(|w| w.start <= offset);
        match i.checked_sub(1).and_then(|i| self.wide.get(i)) {
            Some(w) if offset < w.start + w.len8 as usize => w.start,
            _ => offset,
        }
    }

    /// The line holding `offset` (offsets inside a line terminator belong to its line).
    pub fn line_of(&self, offset: usize) -> u32 {
        let offset = offset.min(self.len);
        to_u32(
            self.line_starts
                .partition_point(|&s| s <= offset)
                .saturating_sub(1),
        )
    }

    /// The position of a byte offset. Offsets past the end clamp to the end;
    /// offsets inside a character count as its start.
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let offset = self.snap(offset);
        let line = self.line_of(offset);
        let start = self.line_starts.get(line as usize).copied().unwrap_or(0);
        let bytes = offset - start;
        let from = self.wide.partition_point(|w| w.start < start);
        let to = self.wide.partition_point(|w| w.start < offset);
        let wide = self.wide.get(from..to).unwrap_or(&[]);
        let character = match enc {
            Encoding::Utf8 => bytes,
            Encoding::Utf16 => {
                bytes
                    - wide
                        .iter()
                        .map(|w| (w.len8 - w.len16) as usize)
                        .sum::<usize>()
            }
            Encoding::Chars => bytes - wide.iter().map(|w| w.len8 as usize - 1).sum::<usize>(),
        };
        Position::new(line, to_u32(character))
    }

    /// The byte offset of a position. A line past the end gives the end of
    /// the text; a column past the end of its line gives the end of the
    /// line's text; a column inside a character gives the character's start.
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let l = pos.line as usize;
        let (Some(&start), Some(&end)) = (self.line_starts.get(l), self.line_ends.get(l)) else {
            return self.len;
        };
        let want = pos.character as usize;
        let from = self.wide.partition_point(|w| w.start < start);
        let mut at = start; // byte offset reached
        let mut col = 0usize; // columns counted up to `at`
        for w in self.wide.get(from..).unwrap_or(&[]) {
            if w.start >= end {
                break;
            }
            // ASCII run before this character: one column per byte.
            let run = w.start - at;
            if col + run >= want {
                return at + (want - col);
            }
            col += run;
            at = w.start;
            let width = match enc {
                Encoding::Utf8 => w.len8 as usize,
                Encoding::Utf16 => w.len16 as usize,
                Encoding::Chars => 1,
            };
            if col + width > want {
                return at;
            }
            col += width;
            at += w.len8 as usize;
        }
        (at + (want - col).min(end - at)).min(end)
    }
}
