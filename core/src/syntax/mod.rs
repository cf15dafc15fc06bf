//! Dockerfile syntax: a lossless, error-tolerant, non-recursive parser that
//! follows BuildKit's `frontend/dockerfile/parser`, and a line index.

pub mod ast;
pub mod line_index;
mod parser;

pub use ast::*;
pub use line_index::{Encoding, LineIndex, Position};
pub use parser::parse;
