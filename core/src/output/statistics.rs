//! Counts per rule: the most frequent first.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::Finding;

/// How often one rule fired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// How many of those findings have a fix.
    pub fixable: usize,
}

/// Counts per rule, by count (highest first), then code.
pub fn statistics(findings: &[Finding]) -> Vec<RuleCount> {
    let mut by_code: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for f in findings {
        let entry = by_code.entry(f.code).or_insert(RuleCount {
            code: f.code,
            name: f.name,
            count: 0,
            fixable: 0,
        });
        entry.count += 1;
        entry.fixable += usize::from(f.fix.is_some());
    }
    let mut counts: Vec<RuleCount> = by_code.into_values().collect();
    crate::sort::sort_by(&mut counts, |a, b| {
        b.count.cmp(&a.count).then(a.code.cmp(b.code))
    });
    counts
}

/// A table: count, code, fix marker (`[*]` all fixable, `[-]` some, blank none), name.
pub fn render(findings: &[Finding]) -> String {
    let counts = statistics(findings);
    let width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    let code_width = counts.iter().map(|c| c.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in &counts {
        let marker = if c.fixable == 0 {
            "   "
        } else if c.fixable == c.count {
            "[*]"
        } else {
            "[-]"
        };
        let _ = writeln!(
            out,
            "{:>width$}  {:<code_width$}  {}  {}",
            c.count, c.code, marker, c.name
        );
    }
    let total: usize = counts.iter().map(|c| c.count).sum();
    let fixable: usize = counts.iter().map(|c| c.fixable).sum();
    let _ = writeln!(
        out,
        "{total} finding{} ({fixable} fixable)",
        if total == 1 { "" } else { "s" }
    );
    out
}
