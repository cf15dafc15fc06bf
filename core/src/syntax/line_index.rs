//! Byte offset <-> line/column conversion (being written).

/// Line starts of a text, for offset <-> position conversion.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    pub line_starts: Vec<usize>,
}
