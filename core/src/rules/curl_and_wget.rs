//! SS846 curl-and-wget (hadolint DL4001, Trivy DS-0014): one stage
//! downloads with both `curl` and `wget`.

use super::privilege_support::{links, word_span};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Span;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS846",
        name: "curl-and-wget",
        summary: "A stage uses both curl and wget",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL4001"),
            Equivalent::similar(Tool::Trivy, "DS-0014"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "`curl` and `wget` do the same job. Needing both means installing (and patching) \
two download tools, and two sets of options for retries, TLS and redirects to get right. \
Pick one per image; `curl -fsSL` and `wget -q -O-` cover the common uses.\n\n\
**What is reported.** Within one stage, once both tools have been used, each top-level RUN \
that runs either of them (the first such command of the RUN is marked, with a note pointing at \
the other tool). Commands behind wrappers (`sudo`, `xargs`) and inside `sh -c` strings and \
executed heredocs count; package names (`apt-get install curl wget`) do not. `ONBUILD RUN` \
steps belong to a later build and are not counted.\n\n\
**How this differs from the peers.** hadolint DL4001 reports the same RUNs, but only reads \
command words as written. Trivy DS-0014 reports the stage once, matches the words as text, and \
ignores segments that contain `install ` (issue #10333 reports stages mixed up).",
        bad: "FROM debian:12\nRUN curl -fsSLO https://example.com/a.tgz\nRUN wget -q https://example.com/b.tgz\n",
        good: "FROM debian:12\nRUN curl -fsSLO https://example.com/a.tgz\nRUN curl -fsSLO https://example.com/b.tgz\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for (si, _) in cx.model.stages.iter().enumerate() {
        // The first use of each tool so far (0: curl, 1: wget).
        let mut first: [Option<Span>; 2] = [None, None];
        for run in cx.runs.iter().filter(|r| r.stage == Some(si)) {
            let top = cx.model.instruction(run.index);
            if !top.is_some_and(|t| std::ptr::eq(t, run.instruction)) {
                continue;
            }
            // This RUN's first download command.
            let mut here: Option<(Span, usize)> = None;
            for c in run.commands() {
                for link in links(c, &["curl", "wget"]) {
                    let tool = usize::from(link.basename() == "wget");
                    let span = word_span(run, c, link.name);
                    if let Some(slot) = first.get_mut(tool) {
                        slot.get_or_insert(span);
                    }
                    here.get_or_insert((span, tool));
                }
            }
            let (Some((span, tool)), [Some(curl), Some(wget)]) = (here, first) else {
                continue;
            };
            let (this, that, other) = if tool == 0 {
                ("curl", "wget", wget)
            } else {
                ("wget", "curl", curl)
            };
            out.report(
                span,
                format!("This stage downloads with both `{this}` and `{that}`: use one of them"),
            )
            .related(other, format!("`{that}` is used here"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS846";

    #[test]
    fn both_tools_in_one_stage() {
        let src = "FROM debian:12\nRUN curl -fsSLO https://x/a\nRUN wget -q https://x/b\n";
        assert_eq!(lines(CODE, src), vec![3]);
        assert_eq!(
            run(CODE, src)[0].message,
            "This stage downloads with both `wget` and `curl`: use one of them"
        );
        // Every later RUN using either tool is reported too.
        let src = "FROM debian:12\nRUN wget -q https://x/a\nRUN true\nRUN curl -fsSLO https://x/b\nRUN curl -fsSLO https://x/c\n";
        assert_eq!(lines(CODE, src), vec![4, 5]);
        // Both in one RUN.
        let src = "FROM debian:12\nRUN curl -fsSLO https://x/a && \\\n    wget -q https://x/b\n";
        assert_eq!(texts(CODE, src), vec!["curl"]);
        let src =
            "FROM debian:12\nRUN curl -fsSLO https://x/a\nRUN sh -c 'sudo wget -q https://x/b'\n";
        assert_eq!(texts(CODE, src), vec!["wget"]);
    }

    #[test]
    fn near_misses() {
        let clean = [
            "FROM debian:12\nRUN curl -fsSLO https://x/a\nRUN curl -fsSLO https://x/b\n",
            "FROM debian:12\nRUN apt-get install -y curl wget\nRUN curl -fsSLO https://x/a\n",
            // Different stages.
            "FROM debian:12 AS a\nRUN curl -fsSLO https://x/a\nFROM debian:12\nRUN wget -q https://x/b\n",
            "FROM debian:12\nRUN curl -fsSLO https://x/a\nONBUILD RUN wget -q https://x/b\n",
            "FROM debian:12\nRUN echo wget curl\n",
        ];
        for src in clean {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
