//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run; `tool.driver.rules` lists the rules that have findings, ordered
//! by code, and each result points at its rule with `ruleId` and `ruleIndex`.
//! Columns count Unicode code points (`columnKind`), as [`Finding`] does.
//! Fixes are SARIF `fixes` (viewers that cannot apply them ignore them).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::text::{fingerprints, path_to_uri};
use super::{Finding, RuleLookup, HOMEPAGE};
use crate::diagnostic::{Applicability, Severity};
use crate::rule::{Category, RuleMeta};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF `level` for a severity (SARIF has no "hint": it is a note).
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// GitHub's `security-severity` (a CVSS-like score) for security rules.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.5",
        Severity::Info => "3.0",
        Severity::Hint => "1.0",
    }
}

fn is_security(category: Category) -> bool {
    !matches!(category, Category::Syntax | Category::BestPractice)
}

fn region(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    let line = line.max(1);
    let column = column.max(1);
    let end_line = end_line.max(line);
    let end_column = if end_line == line {
        end_column.max(column)
    } else {
        end_column.max(1)
    };
    json!({
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

fn help_markdown(rule: &RuleMeta) -> String {
    let mut md = format!("**{}** ({}): {}\n", rule.code, rule.name, rule.summary);
    if !rule.why.trim().is_empty() {
        md.push('\n');
        md.push_str(rule.why.trim());
        md.push('\n');
    }
    if !rule.bad.trim().is_empty() {
        md.push_str("\nInstead of:\n\n```dockerfile\n");
        md.push_str(rule.bad.trim_end());
        md.push_str("\n```\n");
    }
    if !rule.good.trim().is_empty() {
        md.push_str("\nwrite:\n\n```dockerfile\n");
        md.push_str(rule.good.trim_end());
        md.push_str("\n```\n");
    }
    md.push_str(&format!("\n[Rule documentation]({})\n", rule.url()));
    md
}

fn descriptor(code: &str, name: &str, rule: Option<&RuleMeta>) -> Value {
    let Some(rule) = rule else {
        return json!({
            "id": code,
            "name": name,
            "shortDescription": { "text": name },
        });
    };
    let mut tags: Vec<String> = Vec::new();
    if is_security(rule.category) {
        tags.push("security".to_string());
    }
    tags.push(rule.category.as_str().to_string());
    tags.extend(
        rule.checklist
            .iter()
            .map(|c| format!("checklist/{}", c.id())),
    );
    tags.extend(rule.owasp.iter().map(|o| format!("owasp/{}", o.id())));
    let mut properties = json!({ "tags": tags });
    if is_security(rule.category) {
        properties["security-severity"] = json!(security_severity(rule.severity));
    }
    let full = if rule.why.trim().is_empty() {
        rule.summary
    } else {
        rule.why.trim()
    };
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": full },
        "helpUri": rule.url(),
        "help": {
            "text": format!("{} See {}", rule.summary, rule.url()),
            "markdown": help_markdown(rule),
        },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": properties,
    })
}

fn result(f: &Finding, rule_index: usize, fingerprint: &str) -> Value {
    let uri = path_to_uri(&f.file);
    let mut r = json!({
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": region(f.line, f.column, f.end_line, f.end_column),
            }
        }],
        "partialFingerprints": { "shipshapeFindingHash/v1": fingerprint },
    });
    if let Some(fix) = &f.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(e.line, e.column, e.end_line, e.end_column),
                    "insertedContent": { "text": e.new_text },
                })
            })
            .collect();
        let applicability = match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        };
        r["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri },
                "replacements": replacements,
            }],
            "properties": { "applicability": applicability },
        }]);
    }
    r
}

/// Renders a SARIF 2.1.0 log.
pub fn render(findings: &[Finding], rules: RuleLookup<'_>, tool_version: &str) -> String {
    // Rules with findings, by code; the first finding's name stands in for unknown rules.
    let mut used: BTreeMap<&str, &str> = BTreeMap::new();
    for f in findings {
        used.entry(f.code).or_insert(f.name);
    }
    let index: BTreeMap<&str, usize> = used.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let descriptors: Vec<Value> = used
        .iter()
        .map(|(code, name)| descriptor(code, name, rules(code)))
        .collect();
    let prints = fingerprints(findings);
    let results: Vec<Value> = findings
        .iter()
        .zip(&prints)
        .map(|(f, fp)| result(f, index.get(f.code).copied().unwrap_or(0), fp))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "shipshape",
                    "version": tool_version,
                    "semanticVersion": tool_version,
                    "informationUri": HOMEPAGE,
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}
