//! GNU error format: `file:line.col-endline.endcol: severity: message [code]`.

use std::fmt::Write;

use super::text::one_line;
use super::Finding;
use crate::diagnostic::Severity;

/// Severity words editors recognise (`note` for hints: Emacs reads unknown words as errors).
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
        Severity::Hint => "note",
    }
}

/// Renders one line per finding.
pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}:{}.{}-{}.{}: {}: {} [{}]",
            one_line(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            severity(f.severity),
            one_line(&f.message),
            f.code,
        );
    }
    out
}
