//! SS820 copy-relative-destination (hadolint DL3045): `COPY` or `ADD` to a
//! relative destination in a stage that has set no `WORKDIR`.

use super::structure_support::{chain, judgeable};
use super::workdir_relative::is_absolute;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS820",
        name: "copy-relative-destination",
        summary: "COPY or ADD writes to a relative path before any WORKDIR",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3045")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A relative destination is resolved against the working directory. Before the \
stage sets one with `WORKDIR`, that is whatever the base image chose (`/` for many images, \
`/usr/src/app` or `/home/node` for others), so `COPY . .` puts the files somewhere this file \
does not say, and a new base image moves them. Set `WORKDIR` first, or copy to an absolute \
path.\n\n\
A `WORKDIR` in an earlier stage this one is built on (`FROM <stage>`) counts. The \
destination is judged after variable expansion; a value the file cannot know is not \
judged.\n\n\
hadolint DL3045 checks `COPY` only and skips any destination that starts with `$`; \
shipshape also checks `ADD` and expands the variable.",
        bad: "FROM node:22-alpine\nCOPY package.json .\n",
        good: "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json .\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let stages = &cx.model.stages;
    for stage in stages {
        let inherited = chain(stages, stage.index).iter().skip(1).any(|st| {
            cx.model
                .stage_instructions(st)
                .any(|i| i.keyword == Keyword::Workdir)
        });
        if inherited {
            continue;
        }
        for (idx, ins) in stage
            .instructions
            .clone()
            .zip(cx.model.stage_instructions(stage))
        {
            match ins.keyword {
                Keyword::Workdir => break,
                Keyword::Copy | Keyword::Add => {}
                _ => continue,
            }
            let [_, .., dest] = ins.args.as_slice() else {
                continue;
            };
            let e = cx.model.expand_at(idx, &dest.text);
            if !judgeable(cx, idx, &e) || e.text.is_empty() || is_absolute(&e.text) {
                continue;
            }
            let kw = ins.keyword.as_str();
            out.report(
                dest.span,
                format!(
                    "`{kw}` to the relative path `{}` before any WORKDIR depends on the base image's working directory",
                    e.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS820";

    #[test]
    fn relative_destinations_before_workdir() {
        let src = "FROM node:22-alpine\nCOPY a .\nADD b.tar ./x/\nCOPY [\"c\", \"d\"]\nWORKDIR /app\nCOPY e .\n";
        assert_eq!(texts(CODE, src), [".", "./x/", "\"d\""]);
        assert_eq!(
            run(CODE, src)[0].message,
            "`COPY` to the relative path `.` before any WORKDIR depends on the base image's working directory"
        );
    }

    #[test]
    fn near_misses() {
        for src in [
            "FROM node:22-alpine\nCOPY a /app/\n",
            "FROM node:22-alpine\nWORKDIR /app\nCOPY a .\n",
            "FROM node:22-alpine AS base\nWORKDIR /app\nFROM base\nCOPY a .\n",
            "FROM node:22-alpine\nARG DEST=/app\nCOPY a $DEST\n",
            "FROM node:22-alpine\nCOPY a $HOME/x\n",
            "FROM node:22-alpine\nCOPY a C:\\app\n",
            "FROM node:22-alpine\nRUN cp a .\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn expanded_and_multi_line() {
        let src = "FROM node:22-alpine\nARG DEST=app\nCOPY a \\\n  ${DEST}\n";
        assert_eq!(lines(CODE, src), [4]);
        let src = "FROM node:22-alpine AS a\nCOPY x y\nFROM a\nCOPY z w\n";
        assert_eq!(lines(CODE, src), [2, 4]);
    }
}
