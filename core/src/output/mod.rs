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

/// Resolves diagnostics of one file into findings.
pub fn findings(file: &str, src: &str, diags: &[crate::Diagnostic]) -> Vec<Finding> {
    let index = crate::syntax::LineIndex::new(src);
    let pos = |offset: usize| {
        let p = index.position(offset, crate::syntax::line_index::Encoding::Chars);
        (p.line as usize + 1, p.character as usize + 1)
    };
    diags
        .iter()
        .map(|d| {
            let (line, column) = pos(d.span.start);
            let (end_line, end_column) = pos(d.span.end);
            Finding {
                file: file.to_string(),
                code: d.code,
                name: d.name,
                severity: d.severity,
                message: d.message.clone(),
                line,
                column,
                end_line,
                end_column,
                fix: d.fix.as_ref().map(|f| FindingFix {
                    title: f.title.clone(),
                    applicability: f.applicability,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| {
                            let (line, column) = pos(e.span.start);
                            let (end_line, end_column) = pos(e.span.end);
                            FindingEdit {
                                line,
                                column,
                                end_line,
                                end_column,
                                new_text: e.new_text.clone(),
                            }
                        })
                        .collect(),
                }),
            }
        })
        .collect()
}
