//! SS825 invalid-default-arg-in-from (BuildKit InvalidDefaultArgInFrom):
//! with the ARG defaults alone, a `FROM` image is empty or invalid.

use super::structure_support::refs;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::Base;
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS825",
        name: "invalid-default-arg-in-from",
        summary: "With the ARG defaults, a FROM image is empty or not a valid reference",
        severity: Severity::Error,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "InvalidDefaultArgInFrom")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A `FROM` built from build arguments must still name an image when nobody passes \
`--build-arg`. With `ARG TAG` (no default) and `FROM alpine:${TAG}`, a plain `docker build` \
tries to pull `alpine:` and fails, and tools that read the file (scanners, `docker build \
--check`, Dependabot) cannot tell which image it uses. Give the ARG a default \
(`ARG TAG=3.20`) or use one in place (`${TAG:-3.20}`).\n\n\
Values the file cannot know (the platform arguments) are not judged.",
        bad: "ARG TAG\nFROM alpine:${TAG}\n",
        good: "ARG TAG=3.20\nFROM alpine:${TAG}\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let esc = cx.model.escape();
    for stage in &cx.model.stages {
        let e = &stage.base_expansion;
        let used = refs(&stage.base_raw, esc);
        if used.is_empty() || !e.is_exact() {
            continue;
        }
        if !matches!(stage.base, Base::Unresolved(_) | Base::Invalid(_)) {
            continue;
        }
        let what = if e.text.is_empty() {
            "empty".to_string()
        } else {
            format!("`{}`, not a valid image reference", e.text)
        };
        let mut reported = out.report(
            stage.base_span,
            format!(
                "With the default ARG values, base image `{}` is {what}",
                stage.base_raw
            ),
        );
        for r in &used {
            let decl = cx
                .model
                .global_args
                .iter()
                .rev()
                .find(|g| g.name == r.name && g.instruction < stage.from);
            if let Some(g) = decl.filter(|g| g.default.is_none()) {
                reported = reported.related(g.span, format!("`{}` has no default", g.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS825";

    #[test]
    fn empty_or_invalid_with_defaults() {
        let src = "ARG TAG\nARG IMAGE\nFROM alpine:${TAG}\nFROM ${IMAGE}\nFROM ${IMAGE:-Alpine}\n";
        assert_eq!(
            texts(CODE, src),
            ["alpine:${TAG}", "${IMAGE}", "${IMAGE:-Alpine}"]
        );
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "With the default ARG values, base image `alpine:${TAG}` is `alpine:`, not a valid image reference"
        );
        assert_eq!(d[0].related[0].span.text(src), "TAG");
        assert_eq!(
            d[1].message,
            "With the default ARG values, base image `${IMAGE}` is empty"
        );
    }

    #[test]
    fn valid_defaults_are_clean() {
        for src in [
            "ARG TAG=3.20\nFROM alpine:${TAG}\n",
            "ARG TAG\nFROM alpine:${TAG:-3.20}\n",
            "FROM --platform=$BUILDPLATFORM golang:1.23\n",
            "ARG TARGETARCH\nFROM example/tool-${TARGETARCH}:1\n",
            "FROM alpine:3.20 AS base\nARG X\nFROM base\n",
            "FROM alpine\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn continuation_lines() {
        let src = "ARG V\nFROM \\\n  alpine:$V\n";
        assert_eq!(lines(CODE, src), [3]);
    }
}
