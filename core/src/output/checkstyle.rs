//! Checkstyle XML: `<checkstyle><file name><error line column severity message source/></file></checkstyle>`.
//! Files by name; `source` is the rule code.

use std::fmt::Write;

use super::text::{by_file, xml_escape};
use super::Finding;
use crate::diagnostic::Severity;

/// Checkstyle's severity (it has no hint: info).
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "info",
    }
}

/// Renders a Checkstyle report. `tool_version` fills the root `version` attribute.
pub fn render(findings: &[Finding], tool_version: &str) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<checkstyle version=\"{}\">", xml_escape(tool_version));
    for (file, list) in by_file(findings) {
        let _ = writeln!(out, "  <file name=\"{}\">", xml_escape(file));
        for f in list {
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"{}\"/>",
                f.line,
                f.column,
                severity(f.severity),
                xml_escape(&f.message),
                xml_escape(f.code),
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}
