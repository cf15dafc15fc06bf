//! SS814 multiple-cmd-entrypoint-healthcheck (hadolint DL4003, DL4004,
//! DL3012; Trivy DS-0016, DS-0007, DS-0023; BuildKit
//! MultipleInstructionsDisallowed): a stage has more than one `CMD`,
//! `ENTRYPOINT` or `HEALTHCHECK`; only the last one counts.

use super::structure_support::instruction_lines;
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS814",
        name: "multiple-cmd-entrypoint-healthcheck",
        summary: "A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Buildkit, "MultipleInstructionsDisallowed"),
            Equivalent::same(Tool::Hadolint, "DL4003"),
            Equivalent::same(Tool::Hadolint, "DL4004"),
            Equivalent::same(Tool::Hadolint, "DL3012"),
            Equivalent::same(Tool::Trivy, "DS-0016"),
            Equivalent::same(Tool::Trivy, "DS-0007"),
            Equivalent::same(Tool::Trivy, "DS-0023"),
        ],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "Only the last `CMD`, `ENTRYPOINT` or `HEALTHCHECK` of a stage takes effect: each \
one replaces the previous setting in the image configuration. An earlier one is dead code \
that readers take for what the container does, often left over from an edit or a merge. \
Keep one of each per stage (a later stage may set its own).\n\n\
The finding is on the instruction that is overridden, as in BuildKit, with a note on the one \
that wins. `HEALTHCHECK NONE` counts as a `HEALTHCHECK`. `ONBUILD CMD` triggers are not \
counted: they run in a later build.\n\n\
The fix deletes the overridden instruction. It is safe: the image configuration is the same \
without it (a `CMD` that stays after an `ENTRYPOINT` keeps it from resetting `CMD`, with or \
without the earlier one).",
        bad: "FROM node:22-alpine\nCMD [\"npm\", \"start\"]\nCMD [\"node\", \"server.js\"]\n",
        good: "FROM node:22-alpine\nCMD [\"node\", \"server.js\"]\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for stage in &cx.model.stages {
        for kw in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
            let all: Vec<_> = cx
                .model
                .stage_instructions(stage)
                .filter(|i| i.keyword == kw)
                .collect();
            let Some((last, earlier)) = all.split_last() else {
                continue;
            };
            for ins in earlier {
                let name = kw.as_str();
                let fix = instruction_lines(cx, ins.span.start).map(|span| {
                    Fix::safe(
                        format!("Remove the overridden `{name}`"),
                        vec![Edit::delete(span)],
                    )
                });
                out.report(
                    ins.keyword_span,
                    format!("This `{name}` is overridden by a later `{name}` in the same stage"),
                )
                .fix(fix)
                .related(last.keyword_span, format!("the `{name}` that takes effect"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run};

    const CODE: &str = "SS814";

    #[test]
    fn overridden_instructions_are_reported() {
        let src = "FROM alpine:3.20\nCMD a\nENTRYPOINT [\"x\"]\nCMD b\nHEALTHCHECK NONE\nCMD c\nENTRYPOINT [\"y\"]\nHEALTHCHECK CMD true\n";
        assert_eq!(lines(CODE, src), [2, 3, 4, 5]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "This `CMD` is overridden by a later `CMD` in the same stage"
        );
        assert_eq!(d[0].related[0].span.text(src), "CMD");
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nCMD c\nENTRYPOINT [\"y\"]\nHEALTHCHECK CMD true\n"
        );
    }

    #[test]
    fn one_per_stage_is_clean() {
        for src in [
            "FROM alpine:3.20 AS a\nCMD a\nFROM a\nCMD b\n",
            "FROM alpine:3.20\nCMD a\nENTRYPOINT [\"x\"]\nHEALTHCHECK CMD true\n",
            "FROM alpine:3.20\nONBUILD CMD a\nCMD b\n",
            "FROM alpine:3.20\nRUN echo CMD\nCMD b\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn the_fix_removes_continuation_lines_and_keeps_comments() {
        let src = "FROM alpine:3.20\n# old\nCMD [\"a\", \\\n     \"b\"]\r\nCMD [\"c\"]\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\n# old\nCMD [\"c\"]\n"
        );
    }

    #[test]
    fn last_instruction_without_newline() {
        let src = "FROM alpine:3.20\nCMD a\nCMD b";
        assert_eq!(fixed(CODE, src, false), "FROM alpine:3.20\nCMD b");
    }
}
