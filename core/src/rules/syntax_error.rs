//! SS001 syntax-error: what BuildKit would refuse to parse.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS001",
        name: "syntax-error",
        summary: "The Dockerfile cannot be parsed the way BuildKit parses it",
        severity: Severity::Error,
        category: Category::Syntax,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL1000"),
            Equivalent::similar(Tool::Hadolint, "DL3043"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "BuildKit refuses the whole build when one line cannot be parsed: an unknown \
instruction, a missing argument, an unterminated heredoc. shipshape reports each such line \
here and still checks the rest of the file, so one typo does not hide every other finding.\n\n\
`ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER` are among these errors: BuildKit \
refuses them when it parses the file, which hadolint reports as DL3043.",
        bad: "FROM alpine:3.20\nCOPY onlyone\n",
        good: "FROM alpine:3.20\nCOPY app /app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for err in cx.file.errors() {
        out.report(err.span, err.message.clone());
    }
}
