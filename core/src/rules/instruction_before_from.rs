//! SS821 instruction-before-from (hadolint DL3061): an instruction other than
//! `ARG` comes before the first `FROM`.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS821",
        name: "instruction-before-from",
        summary: "An instruction other than ARG comes before the first FROM",
        severity: Severity::Error,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Hadolint, "DL3061")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A Dockerfile starts with `FROM`: only parser directives, comments and `ARG`s (the \
global build arguments `FROM` lines may use) can come before it. Any other instruction has \
no stage to belong to, and BuildKit stops with \"no build stage in current context\". Move \
it below the `FROM` of the stage it belongs to.",
        bad: "ENV LANG=C.UTF-8\nFROM alpine:3.20\n",
        good: "FROM alpine:3.20\nENV LANG=C.UTF-8\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for ins in cx.model.instructions() {
        match ins.keyword {
            Keyword::From => break,
            Keyword::Arg => {}
            kw => {
                out.report(
                    ins.keyword_span,
                    format!("`{}` comes before the first FROM", kw.as_str()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS821";

    #[test]
    fn instructions_before_from() {
        let src = "# syntax=docker/dockerfile:1\nARG V=1\nrun echo\nLABEL a=b\nFROM alpine:3.20\nRUN echo\n";
        assert_eq!(texts(CODE, src), ["run", "LABEL"]);
        assert_eq!(
            run(CODE, src)[0].message,
            "`RUN` comes before the first FROM"
        );
        assert_eq!(lines(CODE, "RUN echo\n"), [1]);
    }

    #[test]
    fn args_comments_and_directives_are_clean() {
        for src in [
            "# syntax=docker/dockerfile:1\n# a comment\nARG BASE=alpine:3.20\n\nFROM $BASE\nRUN echo\n",
            "FROM alpine:3.20\nENV A=1\nFROM alpine:3.20\nRUN echo\n",
            "",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
