//! Output renderers, shared by the CLI and the wasm page.
//!
//! Every renderer works from [`Finding`]s: diagnostics with their positions
//! resolved to 1-based lines and columns (columns count Unicode characters).
//! The JSON shape of `Finding` is a public interface (`--format json`).

use serde::Serialize;

use crate::diagnostic::{Applicability, Severity};

/// One diagnostic as users see it, positions resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The checked file's path as given (or the `--stdin-filename`).
    pub file: String,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in Unicode characters.
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub fix: Option<FindingFix>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingFix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<FindingEdit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingEdit {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub new_text: String,
}

/// `--format json`: a flat JSON array, one object per finding.
pub fn json(findings: &[Finding]) -> String {
    let mut s = serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}
