//! The semantic model of a Dockerfile: stages, base images, variables, users (being written).

pub mod expand;
pub mod image_ref;

pub use expand::{expand, expand_with, expand_words, ExpandError, Expansion, Lookup};
pub use image_ref::{ImageRef, RefError};
