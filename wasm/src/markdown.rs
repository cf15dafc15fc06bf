//! A Markdown report of findings (for pasting into an issue or a pull
//! request): a summary line, then one table row per finding.

use std::fmt::Write;

use shipshape_core::output::Finding;
use shipshape_core::Severity;

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push('\''),
            _ => out.push(c),
        }
    }
    out
}

pub fn render(findings: &[Finding], version: &str) -> String {
    let mut s = String::from("# shipshape report\n\n");
    if findings.is_empty() {
        let _ = writeln!(s, "No findings.\n\n_shipshape {version}_");
        return s;
    }
    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    let parts: Vec<String> = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Hint,
    ]
    .into_iter()
    .filter(|sev| count(*sev) > 0)
    .map(|sev| format!("{} {}", count(sev), sev))
    .collect();
    let _ = writeln!(
        s,
        "{} finding{}: {}.\n",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        parts.join(", ")
    );
    s.push_str("| Location | Severity | Rule | Message | Fix |\n|---|---|---|---|---|\n");
    for f in findings {
        let fix = f.fix.as_ref().map_or(String::new(), |x| {
            format!("{} ({})", cell(&x.title), x.applicability_str())
        });
        let place = match &f.location {
            Some(loc) => format!("{}: {}", cell(&f.file), cell(loc)),
            None => format!("{}:{}:{}", cell(&f.file), f.line, f.column),
        };
        let _ = writeln!(
            s,
            "| {} | {} | [{}]({}) {} | {} | {} |",
            place,
            f.severity,
            f.code,
            shipshape_core::rules::find(f.code).map_or(String::new(), |m| m.url()),
            f.name,
            cell(&f.message),
            fix
        );
    }
    let _ = writeln!(s, "\n_shipshape {version}_");
    s
}

trait ApplicabilityStr {
    fn applicability_str(&self) -> &'static str;
}

impl ApplicabilityStr for shipshape_core::output::FindingFix {
    fn applicability_str(&self) -> &'static str {
        match self.applicability {
            shipshape_core::Applicability::Safe => "safe",
            shipshape_core::Applicability::Unsafe => "unsafe",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::output::{Finding, FindingFix};
    use shipshape_core::Applicability;

    fn finding(message: &str, fix: Option<FindingFix>) -> Finding {
        Finding {
            file: "a|b/Dockerfile".into(),
            code: "SS001",
            name: "syntax-error",
            severity: Severity::Error,
            message: message.into(),
            line: 3,
            column: 2,
            end_line: 3,
            end_column: 5,
            location: None,
            fix,
        }
    }

    #[test]
    fn empty_report_says_so() {
        assert!(render(&[], "1.0").contains("No findings."));
    }

    #[test]
    fn rows_escape_cells_and_show_fixes() {
        let fix = FindingFix {
            title: "Use `COPY`".into(),
            applicability: Applicability::Unsafe,
            edits: vec![],
        };
        let md = render(
            &[finding("a | b\nc <x>", Some(fix)), finding("two", None)],
            "1.0",
        );
        assert!(md.contains("2 findings: 2 error."), "{md}");
        assert!(md.contains("a\\|b/Dockerfile:3:2"), "{md}");
        assert!(md.contains("a \\| b c &lt;x&gt;"), "{md}");
        assert!(md.contains("Use 'COPY' (unsafe)"), "{md}");
        // Header, separator and two rows: every row has the same number of cells.
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(rows.len(), 4);
        for r in rows {
            assert_eq!(r.replace("\\|", "").matches('|').count(), 6, "{r}");
        }
    }
}
