//! SS845 consecutive-runs (hadolint DL3059): two RUN instructions in a row,
//! each running a single command with the same flags, that could be one.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Instruction;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS845",
        name: "consecutive-runs",
        summary: "Consecutive simple RUN instructions could be merged into one",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3059")],
        fix: FixKind::None,
        default_enabled: true,
        why: "Every RUN makes a layer. Files a later RUN deletes stay in the earlier layer, and \
many small layers make pulls and builds slower. Short consecutive steps are usually better \
as one `RUN a && b`.\n\n\
**What is reported.** A RUN right after another RUN (comment lines between them do not count) \
with the same flags (`--mount`, `--network`, `--security`), where each runs a single command. \
Steps that already chain commands are assumed to be split on purpose, and different flags \
cannot be merged. Only the second RUN of a pair is reported. There is no automatic fix: merging changes \
what a `cd`, `export` or `set` of the first step means for the second.\n\n\
**How this differs from hadolint DL3059.** The same pairing (hadolint's source speaks of \
\"more than 2 commands\", but its count exempts any RUN with two or more, and so does \
shipshape). hadolint counts the commands of the RUN text; shipshape also counts commands \
inside `sh -c` strings and executed heredocs, and compares each RUN with the one just before \
it (hadolint keeps comparing with the first RUN of a run of reports).",
        bad: "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let mut prev: Option<(usize, &Instruction, usize)> = None;
    for run in &cx.runs {
        let top = cx.model.instruction(run.index);
        if !top.is_some_and(|t| std::ptr::eq(t, run.instruction)) {
            prev = None;
            continue; // ONBUILD RUN
        }
        let count = run.commands().count();
        if let Some((pi, pins, pcount)) = prev {
            if pi + 1 == run.index
                && pcount <= 1
                && count <= 1
                && same_flags(cx, pins, run.instruction)
            {
                out.report(
                    run.instruction.keyword_span,
                    "This RUN follows another short RUN: merge them into one layer",
                )
                .related(pins.keyword_span, "the previous RUN");
            }
        }
        prev = Some((run.index, run.instruction, count));
    }
}

fn same_flags(cx: &Context<'_>, a: &Instruction, b: &Instruction) -> bool {
    a.flags.len() == b.flags.len()
        && a.flags
            .iter()
            .zip(&b.flags)
            .all(|(x, y)| x.span.text(cx.src) == y.span.text(cx.src))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run};

    const CODE: &str = "SS845";

    #[test]
    fn short_consecutive_runs() {
        let src = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n";
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM debian:12\nRUN a\n# why\nRUN b\nRUN c d e\n";
        assert_eq!(lines(CODE, src), vec![4, 5]);
        let src = "FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN --mount=type=cache,target=/x b\n";
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM debian:12\nRUN a \\\n    --flag\nRUN c\n";
        assert_eq!(lines(CODE, src), vec![4]);
    }

    #[test]
    fn near_misses() {
        let clean = [
            // Two or more commands in one of them.
            "FROM debian:12\nRUN a && b\nRUN c\n",
            "FROM debian:12\nRUN a\nRUN b; c\n",
            "FROM debian:12\nRUN a\nRUN b | c\n",
            "FROM debian:12\nRUN a\nRUN <<EOF\nb\nc\nEOF\n",
            // Different flags.
            "FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN b\n",
            "FROM debian:12\nRUN --network=none a\nRUN --network=host b\n",
            // Another instruction between them.
            "FROM debian:12\nRUN a\nENV X=1\nRUN b\n",
            // A new stage.
            "FROM debian:12\nRUN a\nFROM debian:12\nRUN b\n",
            "FROM debian:12\nRUN a\nONBUILD RUN b\n",
        ];
        for src in clean {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
