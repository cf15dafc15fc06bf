//! SS818 reserved-stage-name (hadolint DL3063, BuildKit ReservedStageName):
//! a stage is named `scratch` or `context`.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS818",
        name: "reserved-stage-name",
        summary: "A stage is named `scratch` or `context`",
        severity: Severity::Error,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Buildkit, "ReservedStageName"),
            Equivalent::similar(Tool::Hadolint, "DL3063"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "`scratch` is the empty image and `context` is the build context \
(`COPY --from=context`, named contexts). A stage with one of these names is ambiguous: \
`FROM scratch` may mean the empty image or the stage, depending on the builder. BuildKit \
reports these names as reserved. Choose another name.\n\n\
Names are compared without case, as BuildKit lower-cases stage names (`AS Scratch` is \
reported); hadolint DL3063 compares case-sensitively.",
        bad: "FROM alpine:3.20 AS scratch\nRUN touch /x\n",
        good: "FROM alpine:3.20 AS base\nRUN touch /x\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for st in &cx.model.stages {
        let (Some(name), Some(span)) = (st.name.as_deref(), st.name_span) else {
            continue;
        };
        if name == "scratch" || name == "context" {
            out.report(span, format!("Stage name `{name}` is reserved"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{run, texts};

    const CODE: &str = "SS818";

    #[test]
    fn reserved_names() {
        let src = "FROM alpine:3.20 AS scratch\nFROM alpine:3.20 AS Context\n";
        assert_eq!(texts(CODE, src), ["scratch", "Context"]);
        assert_eq!(
            run(CODE, src)[1].message,
            "Stage name `context` is reserved"
        );
    }

    #[test]
    fn other_names_are_clean() {
        for src in [
            "FROM scratch\n",
            "FROM scratch AS base\n",
            "FROM alpine:3.20 AS scratchpad\n",
            "FROM alpine:3.20 AS build-context\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
