//! Code Climate engine issues: one JSON object per finding, each followed by
//! a NUL byte, as the Code Climate engine specification streams them.

use serde_json::json;

use super::gitlab::severity;
use super::text::{clean_path, fingerprints};
use super::{Finding, RuleLookup};
use crate::rule::Category;

/// Code Climate's category for a rule category.
fn category(c: Category) -> &'static str {
    match c {
        Category::Syntax => "Bug Risk",
        Category::BestPractice => "Style",
        _ => "Security",
    }
}

/// Renders Code Climate issues.
pub fn render(findings: &[Finding], rules: RuleLookup<'_>) -> String {
    let mut out = String::new();
    for (f, fingerprint) in findings.iter().zip(fingerprints(findings)) {
        let rule = rules(f.code);
        let mut issue = json!({
            "type": "issue",
            "check_name": f.code,
            "description": f.message,
            "categories": [rule.map_or("Bug Risk", |r| category(r.category))],
            "location": {
                "path": clean_path(&f.file),
                "positions": {
                    "begin": { "line": f.line.max(1), "column": f.column.max(1) },
                    "end": { "line": f.end_line.max(1), "column": f.end_column.max(1) },
                },
            },
            "severity": severity(f.severity),
            "fingerprint": fingerprint,
        });
        if let Some(r) = rule {
            let url = r.url();
            let body = [r.summary, r.why.trim(), url.as_str()]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            issue["content"] = json!({ "body": body });
        }
        out.push_str(&serde_json::to_string(&issue).unwrap_or_default());
        out.push('\0');
    }
    out
}
