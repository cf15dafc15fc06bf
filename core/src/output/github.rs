//! GitHub Actions workflow commands, which annotate the pull request:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::fmt::Write;

use super::text::clean_path;
use super::Finding;
use crate::diagnostic::Severity;

/// Workflow command for a severity (GitHub has error, warning and notice).
fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders one workflow command per finding.
pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let title = format!("{} ({})", f.code, f.name);
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&clean_path(&f.file)),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            escape_property(&title),
            escape_data(&f.message),
        );
    }
    out
}
