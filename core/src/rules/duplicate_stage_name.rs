//! SS817 duplicate-stage-name (hadolint DL3024, Trivy DS-0012, Checkov
//! CKV_DOCKER_11, BuildKit DuplicateStageName): two stages share a name.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS817",
        name: "duplicate-stage-name",
        summary: "Two stages have the same name",
        severity: Severity::Error,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Buildkit, "DuplicateStageName"),
            Equivalent::similar(Tool::Hadolint, "DL3024"),
            Equivalent::similar(Tool::Trivy, "DS-0012"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_11"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "A stage name must say which stage `FROM <name>`, `COPY --from=<name>` and \
`--target <name>` mean. With two stages of the same name, which one is used depends on the \
builder and on where the reference is, and a later edit silently switches it. BuildKit \
warns and the classic builder refuses the file. Give every stage its own name.\n\n\
Names are compared without case, as BuildKit lower-cases them (`AS Build` and `AS build` \
are the same stage name). The finding is on the later name, with a note on the first. \
There is no automatic fix: renaming a stage means renaming its uses, and only you know \
which one they mean.\n\n\
hadolint DL3024 and Trivy DS-0012 compare names case-sensitively; Checkov CKV_DOCKER_11 \
only recognises a lower-case ` as `.",
        bad: "FROM golang:1.23 AS build\nRUN go build ./cmd/a\nFROM golang:1.23 AS build\nRUN go build ./cmd/b\n",
        good: "FROM golang:1.23 AS build-a\nRUN go build ./cmd/a\nFROM golang:1.23 AS build-b\nRUN go build ./cmd/b\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let stages = &cx.model.stages;
    for (i, st) in stages.iter().enumerate() {
        let (Some(name), Some(span)) = (st.name.as_deref(), st.name_span) else {
            continue;
        };
        let first = stages
            .iter()
            .take(i)
            .find(|s| s.name.as_deref() == Some(name));
        if let Some(first) = first {
            let reported = out.report(span, format!("Stage name `{name}` is already used"));
            if let Some(fs) = first.name_span {
                reported.related(fs, "first used here");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run};

    const CODE: &str = "SS817";

    #[test]
    fn duplicates_are_reported_at_the_later_name() {
        let src =
            "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS Build\nFROM alpine:3.20 AS build\n";
        assert_eq!(lines(CODE, src), [2, 3]);
        let d = run(CODE, src);
        assert_eq!(d[0].message, "Stage name `build` is already used");
        assert_eq!(d[0].related[0].span.text(src), "build");
        assert_eq!(d[0].span.text(src), "Build");
    }

    #[test]
    fn distinct_names_are_clean() {
        for src in [
            "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\n",
            "FROM alpine:3.20\nFROM alpine:3.20\n",
            "FROM alpine:3.20 AS build\nFROM build AS build2\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM alpine:3.20 AS a\nFROM alpine:3.20 \\\n  AS a\n";
        assert_eq!(lines(CODE, src), [3]);
    }
}
