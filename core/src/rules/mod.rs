//! The rules, one file each, and their registry.
//!
//! A rule file holds the rule's metadata ([`RuleMeta`]), its check and its
//! fix. [`RULES`] lists them sorted by code; a test keeps it sorted and
//! complete.

use crate::engine::{Context, Sink};
use crate::rule::RuleMeta;

mod add_instead_of_copy;
mod add_without_checksum;
mod curl_pipe_shell;
mod insecure_download;
mod secret_in_arg_env;
mod secret_value;
pub(crate) mod supply_support;
pub mod support;
mod syntax_error;
pub(crate) mod unused_suppression;

/// A rule: its metadata and its check.
pub struct RuleDef {
    pub meta: RuleMeta,
    pub check: fn(&Context<'_>, &mut Sink<'_>),
}

/// Every rule, sorted by code.
pub static RULES: &[&RuleDef] = &[
    &syntax_error::RULE,
    &unused_suppression::RULE,
    &secret_in_arg_env::RULE,
    &secret_value::RULE,
    &curl_pipe_shell::RULE,
    &add_instead_of_copy::RULE,
    &add_without_checksum::RULE,
    &insecure_download::RULE,
];

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

/// Helpers for the rules' unit tests.
#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod testing {
    use crate::diagnostic::Diagnostic;
    use crate::engine::{check, Settings};
    use crate::fix::fix_all;

    fn only(code: &str) -> Settings {
        let (s, unknown) = Settings::resolve(Some(&[code]), &[], &[], &[]);
        assert!(unknown.is_empty(), "no rule {code}");
        s
    }

    /// The findings of one rule on `src`.
    pub fn run(code: &str, src: &str) -> Vec<Diagnostic> {
        check(src, &only(code))
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The 1-based lines where rule `code` reports on `src`.
    pub fn lines(code: &str, src: &str) -> Vec<usize> {
        run(code, src)
            .iter()
            .map(|d| src[..d.span.start].matches('\n').count() + 1)
            .collect()
    }

    /// The text under each finding's span.
    pub fn texts<'a>(code: &str, src: &'a str) -> Vec<&'a str> {
        run(code, src).iter().map(|d| d.span.text(src)).collect()
    }

    /// `src` with this rule's fixes applied (unsafe ones too when asked),
    /// asserting the fixed text parses and no longer has the finding.
    pub fn fixed(code: &str, src: &str, unsafe_fixes: bool) -> String {
        let settings = only(code);
        let outcome = fix_all(src, &settings, unsafe_fixes);
        assert!(
            !outcome.broke_syntax,
            "{code}: fix broke the syntax:\n{}",
            outcome.text
        );
        let left = run(code, &outcome.text);
        assert!(
            left.is_empty(),
            "{code}: still reported after the fix:\n{}\n{left:#?}",
            outcome.text
        );
        outcome.text
    }
}
