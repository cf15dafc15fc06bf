//! shipshape-core: parsing, rules, fixes, configuration and image reading.
//!
//! Pure: no I/O, no threads, no clock. Everything takes text or bytes and
//! returns data, so the same code serves the CLI, the language server and the
//! browser (wasm32).

pub mod checklist;
pub mod config;
pub mod context;
pub mod decode;
pub mod diagnostic;
pub mod docs;
pub mod engine;
pub mod fix;
pub mod format;
pub mod ide;
pub mod image;
pub mod model;
pub mod output;
pub mod rule;
pub mod rules;
pub mod shell;
pub mod sort;
pub mod suppress;
pub mod syntax;

pub use context::{BuildContext, Date};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use engine::{check, check_parsed, Settings};
pub use syntax::{parse, Span};
