//! GitLab code quality report: a JSON array of
//! `{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`.

use serde_json::{json, Value};

use super::text::{clean_path, fingerprints};
use super::Finding;
use crate::diagnostic::Severity;

/// Code Climate / GitLab severity: info | minor | major | critical | blocker.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Hint => "info",
    }
}

/// Renders a GitLab code quality report. Fingerprints hash file, code, line
/// and message (FNV-1a 128), with an occurrence number for exact repeats.
pub fn render(findings: &[Finding]) -> String {
    let issues: Vec<Value> = findings
        .iter()
        .zip(fingerprints(findings))
        .map(|(f, fingerprint)| {
            json!({
                "description": format!("{}: {}", f.code, f.message),
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": severity(f.severity),
                "location": {
                    "path": clean_path(&f.file),
                    "lines": { "begin": f.line.max(1) },
                },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}
