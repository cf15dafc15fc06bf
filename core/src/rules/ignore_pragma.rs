//! SS003 ignore-pragma (hadolint DL1001): a comment suppresses findings
//! inline. Off by default: for projects whose policy is "no inline
//! suppressions".

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::suppress::{self, Flavor};
use crate::syntax::Span;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS003",
        name: "ignore-pragma",
        summary: "A comment suppresses findings inline",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL1001")],
        fix: FixKind::None,
        default_enabled: false,
        why: "Inline suppressions are convenient, and for the same reason they pile up: each \
one hides a finding from every later reader and reviewer, often long after the reason for it \
is gone. Some teams therefore allow exceptions only in the shared configuration (`ignore` in \
`shipshape.toml`), where they are reviewed in one place. This rule, off by default, reports \
every inline suppression so such a policy can be enforced; `disable-ignore-pragmas = true` \
goes further and makes shipshape disregard them.\n\n\
**What is reported.** Each comment that suppresses findings, in any of the forms shipshape \
honours: `# shipshape ignore=…` and `# shipshape ignore-file=…`, `# hadolint ignore=…` (also \
`global` and `stage`), BuildKit's `# check=skip=…` (as a directive or above an instruction), \
`# trivy:ignore:…` and `# checkov:skip=…`. One finding per comment, whatever it names.\n\n\
**How this differs from hadolint DL1001.** hadolint reports only its own next-line \
`# hadolint ignore=` pragmas (not `global` or `stage` ones); shipshape reports every form it \
honours, as each of them hides findings.",
        bad: "FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n",
        good: "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10+deb12u8\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let mut seen: Vec<Span> = Vec::new();
    for s in suppress::collect(cx.src, cx.file) {
        if seen.contains(&s.comment) {
            continue;
        }
        seen.push(s.comment);
        let tool = match s.flavor {
            Flavor::Shipshape => "shipshape",
            Flavor::Hadolint => "hadolint",
            Flavor::Buildkit => "BuildKit",
            Flavor::Trivy => "Trivy",
            Flavor::Checkov => "Checkov",
        };
        out.report(
            s.comment,
            format!("Inline {tool} suppression: keep exceptions in the configuration instead"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS003";

    #[test]
    fn every_suppression_form() {
        let src = "# check=skip=JSONArgsRecommended\nFROM debian:12\n# shipshape ignore=SS101,SS102 -- why\n# hadolint ignore=DL3008\nRUN x\n# hadolint global ignore=DL3059\n# trivy:ignore:AVD-DS-0002\nUSER root\n# checkov:skip=CKV_DOCKER_3: reason\n# shipshape: ignore-file=latest-tag\n";
        assert_eq!(lines(CODE, src), vec![1, 3, 4, 6, 7, 9, 10]);
        assert_eq!(texts(CODE, src)[2], "# hadolint ignore=DL3008");
        assert_eq!(
            run(CODE, src)[2].message,
            "Inline hadolint suppression: keep exceptions in the configuration instead"
        );
    }

    #[test]
    fn near_misses() {
        let clean = [
            "FROM debian:12\n# install curl, ignore=errors\nRUN x\n",
            "FROM debian:12\n# hadolint shell=bash\nRUN x\n",
            "# syntax=docker/dockerfile:1\nFROM debian:12\n",
            "FROM debian:12\nRUN echo '# hadolint ignore=DL3008'\n",
        ];
        for src in clean {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
