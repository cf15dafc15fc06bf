//! The rules, one file each, and their registry.
//!
//! A rule file holds the rule's metadata ([`RuleMeta`]), its check and its
//! fix. [`RULES`] lists them sorted by code; a test keeps it sorted and
//! complete.

use crate::engine::{Context, Sink};
use crate::rule::RuleMeta;

pub mod support;
mod syntax_error;
pub(crate) mod unused_suppression;

/// A rule: its metadata and its check.
pub struct RuleDef {
    pub meta: RuleMeta,
    pub check: fn(&Context<'_>, &mut Sink<'_>),
}

/// Every rule, sorted by code.
pub static RULES: &[&RuleDef] = &[&syntax_error::RULE, &unused_suppression::RULE];

/// All rule metadata, sorted by code.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| &r.meta)
}

/// The rule with this code, name or peer id (case-insensitive).
/// Codes and names win over peer ids.
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    let key = key.trim();
    all()
        .find(|m| m.code.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
        .or_else(|| all().find(|m| m.matches(key)))
}

/// Every rule that `key` selects: a code, a name, a peer id (several of our
/// rules may share one), a code prefix such as `SS2`, or `ALL`.
pub fn select(key: &str) -> Vec<&'static RuleMeta> {
    let key = key.trim();
    if key.eq_ignore_ascii_case("all") {
        return all().collect();
    }
    let exact: Vec<_> = all().filter(|m| m.matches(key)).collect();
    if !exact.is_empty() {
        return exact;
    }
    let upper = key.to_ascii_uppercase();
    if upper.starts_with("SS") && upper.len() < 5 && upper[2..].bytes().all(|b| b.is_ascii_digit())
    {
        return all().filter(|m| m.code.starts_with(&upper)).collect();
    }
    Vec::new()
}
