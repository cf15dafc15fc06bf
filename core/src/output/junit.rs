//! JUnit XML: one `<testsuite>` per file, one failing `<testcase>` per finding.
//! No timestamps or durations, so the output is deterministic.

use std::fmt::Write;

use super::text::{by_file, xml_escape};
use super::Finding;

/// Renders a JUnit report.
pub fn render(findings: &[Finding]) -> String {
    let files = by_file(findings);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"shipshape\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
        n = findings.len()
    );
    for (file, list) in files {
        let file = xml_escape(file);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{file}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">",
            n = list.len()
        );
        for f in list {
            let message = xml_escape(&f.message);
            let _ = writeln!(
                out,
                "    <testcase name=\"{code} ({name}) at {line}:{col}\" classname=\"{file}\" file=\"{file}\" line=\"{line}\">",
                code = xml_escape(f.code),
                name = xml_escape(f.name),
                line = f.line,
                col = f.column,
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{message}\" type=\"{sev}\">{file}:{line}:{col}: {sev}: {message} [{code}]</failure>",
                sev = f.severity,
                line = f.line,
                col = f.column,
                code = xml_escape(f.code),
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
