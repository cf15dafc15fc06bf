//! SS860 missing-healthcheck (hadolint DL3057, Trivy DS-0026, Checkov
//! CKV_DOCKER_2): the final stage defines no HEALTHCHECK. Off by default.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::Base;
use crate::rule::{Category, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS860",
        name: "missing-healthcheck",
        summary: "The final stage defines no HEALTHCHECK",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[Owasp::D04, Owasp::D07],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3057"),
            Equivalent::similar(Tool::Trivy, "DS-0026"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_2"),
        ],
        fix: FixKind::None,
        default_enabled: false,
        why: "Without a health check Docker (and Swarm) only knows whether the main process is \
alive, not whether it still answers: a hung server keeps receiving traffic. A `HEALTHCHECK` \
lets the runtime mark the container unhealthy and restart or route around it. Orchestrators \
with their own probes (Kubernetes ignores `HEALTHCHECK`) make this moot, so the rule is off by \
default; select it where Docker or Swarm run the image.\n\n\
**What is reported.** The final stage (the image `docker build` produces) has no \
`HEALTHCHECK`, neither its own nor one from a parent stage it is built on (`FROM base`). \
`HEALTHCHECK NONE` is a deliberate choice and counts as present. The finding is on the final \
`FROM`. A base image from a registry may define a health check the file cannot see; the \
image rule SS904 judges a built image's configuration instead.\n\n\
**How this differs from the peers.** hadolint DL3057 reports every stage without one, build \
stages included. Trivy DS-0026 and Checkov CKV_DOCKER_2 look for a `HEALTHCHECK` anywhere in \
the file, so one in a build stage that never reaches the image satisfies them.",
        bad: "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n",
        good: "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(last) = cx.model.stages.len().checked_sub(1) else {
        return;
    };
    let mut s = last;
    for _ in 0..cx.model.stages.len() {
        let Some(st) = cx.model.stage(s) else { return };
        if cx
            .model
            .stage_instructions(st)
            .any(|i| i.keyword == Keyword::Healthcheck)
        {
            return;
        }
        match st.base {
            Base::Stage(p) if p < s => s = p,
            _ => break,
        }
    }
    let Some(from) = cx
        .model
        .final_stage()
        .and_then(|st| cx.model.instruction(st.from))
    else {
        return;
    };
    out.report(
        from.keyword_span,
        "The final stage defines no `HEALTHCHECK`, so the runtime cannot tell a hung container from a healthy one",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run};

    const CODE: &str = "SS860";

    #[test]
    fn final_stage_without_healthcheck() {
        assert_eq!(lines(CODE, "FROM nginx:1.27\nCMD [\"nginx\"]\n"), vec![1]);
        // A HEALTHCHECK in a build stage does not reach the image.
        let src = "FROM debian:12 AS build\nHEALTHCHECK CMD true\nFROM nginx:1.27\nCOPY --from=build /x /x\n";
        assert_eq!(lines(CODE, src), vec![3]);
        // ONBUILD HEALTHCHECK runs in another build.
        let src = "FROM nginx:1.27\nONBUILD HEALTHCHECK CMD true\n";
        assert_eq!(lines(CODE, src), vec![1]);
    }

    #[test]
    fn near_misses() {
        let clean = [
            "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
            "FROM nginx:1.27\nHEALTHCHECK NONE\n",
            "FROM nginx:1.27 AS base\nHEALTHCHECK CMD true\nFROM base\nCMD [\"nginx\"]\n",
            "FROM nginx:1.27 AS a\nFROM a AS b\nHEALTHCHECK --interval=30s CMD true\nFROM b\n",
            "",
        ];
        for src in clean {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
