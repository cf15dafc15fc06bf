//! SS002 unused-suppression: a suppression comment that hides nothing.
//!
//! The engine reports it after the other rules ran and suppressions were
//! applied; this file holds the metadata.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, FixKind, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS002",
        name: "unused-suppression",
        summary: "A suppression comment hides no finding",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: false,
        why: "A `# shipshape ignore=` (or `# hadolint ignore=`) comment left behind after the \
problem was fixed will silently hide the problem when it comes back. Remove suppressions that \
no longer hide anything. A key that names no rule is reported too. Off by default; select it \
with `--extend-select unused-suppression`.",
        bad: "FROM alpine:3.20\n# shipshape ignore=syntax-error\nRUN echo ok\n",
        good: "FROM alpine:3.20\nRUN echo ok\n",
    },
    check,
};

/// Reported by the engine (see `engine::report_unused`).
fn check(_: &Context<'_>, _: &mut Sink<'_>) {}
