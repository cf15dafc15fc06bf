//! SS816 copy-from-own-stage (hadolint DL3023, Trivy DS-0006): `COPY
//! --from` names the stage the instruction is in.

use super::copy_from_unknown_stage::{copy_from, FromRef};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS816",
        name: "copy-from-own-stage",
        summary: "COPY --from names the stage it is in",
        severity: Severity::Error,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3023"),
            Equivalent::similar(Tool::Trivy, "DS-0006"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "A stage cannot copy from itself: its files do not exist until the stage is \
built. BuildKit stops with \"circular dependency detected on stage\". To move files inside \
a stage, use `RUN cp` or `RUN mv`; to copy from another stage, name that stage.\n\n\
The stage is recognised by its name (without case, as BuildKit compares names) or its \
index, after variable expansion.\n\n\
hadolint DL3023 and Trivy DS-0006 compare the name as written and case-sensitively, and do \
not recognise the stage's index (`--from=0` in the first stage).",
        bad: "FROM golang:1.23 AS build\nRUN go build -o /out/app\nCOPY --from=build /out/app /usr/local/bin/app\n",
        good: "FROM golang:1.23 AS build\nRUN go build -o /out/app\nRUN cp /out/app /usr/local/bin/app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for idx in 0..cx.model.instructions().len() {
        let Some((w, text, FromRef::Stage(s))) = copy_from(cx, idx) else {
            continue;
        };
        if cx.model.stage_of(idx) != Some(s) {
            continue;
        }
        let reported = out.report(
            w.span,
            format!("`--from={text}` names the stage this COPY is in, which does not exist yet"),
        );
        if let Some(span) = cx.model.stage(s).and_then(|st| st.name_span) {
            reported.related(span, "the stage is defined here");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS816";

    #[test]
    fn own_stage_by_name_or_index() {
        let src = "FROM alpine:3.20 AS Build\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\nFROM alpine:3.20\nCOPY --from=1 /a /b\n";
        assert_eq!(texts(CODE, src), ["build", "0", "1"]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "`--from=build` names the stage this COPY is in, which does not exist yet"
        );
        assert_eq!(d[0].related[0].span.text(src), "Build");
    }

    #[test]
    fn other_stages_are_clean() {
        for src in [
            "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=a /x /x\nCOPY --from=0 /x /x\n",
            "FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b\n",
            "FROM alpine:3.20 AS a\nRUN --mount=from=b,target=/m true\nFROM alpine:3.20 AS b\n",
            "FROM alpine:3.20 AS a\nCOPY --from=alpine:3.20 /x /x\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn values_are_expanded() {
        let src = "FROM alpine:3.20 AS app\nARG FROM=app\nCOPY --from=$FROM /x /y\n";
        assert_eq!(lines(CODE, src), [3]);
    }
}
