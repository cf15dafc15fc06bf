//! The semantic model of a Dockerfile: stages, base images, variables, users (being written).

pub mod image_ref;

pub use image_ref::{ImageRef, RefError};
