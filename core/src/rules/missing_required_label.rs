//! SS871 missing-required-label (hadolint DL3049): a label of the
//! configured `label-schema` is missing from the final image.

use super::config_support::label_pairs;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::Base;
use crate::rule::{Category, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS871",
        name: "missing-required-label",
        summary: "A label required by the label schema is missing from the final stage",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[Owasp::D08],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3049")],
        fix: FixKind::None,
        default_enabled: true,
        why: "Labels such as `org.opencontainers.image.source`, `…revision` and `…version` tie \
an image to the code and build it came from, which is what scanners, registries and incident \
responders need to trace a vulnerable image back to its owner. A team that relies on them \
lists them in a schema; an image without them is hard to trace.\n\n\
**Configuration.** The rule reports nothing until `[label-schema]` is set in `shipshape.toml` \
(or `label-schema` in `.hadolint.yaml`), mapping each required label to the form of its value \
(`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx`, `email`; the form is checked by SS873).\n\n\
**What is reported.** Each schema label that no `LABEL` of the final stage sets, nor of the \
stages it is built on (`FROM base`), reported on the final `FROM`. Labels a base image from a \
registry sets cannot be seen.\n\n\
**How this differs from hadolint DL3049.** hadolint checks every stage that is not only used \
as a source of `COPY --from`, build stages included, and cannot see a label set by a parent \
stage of a differently named stage; shipshape checks the image the build produces.",
        bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/app\"\n",
        good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/app\" \\\n      org.opencontainers.image.version=\"1.4.0\"\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let schema = &cx.settings.config.label_schema;
    if schema.is_empty() {
        return;
    }
    let Some(last) = cx.model.stages.len().checked_sub(1) else {
        return;
    };
    // The final stage and the stages it is built on.
    let mut keys: Vec<String> = Vec::new();
    let mut s = last;
    for _ in 0..cx.model.stages.len() {
        let Some(st) = cx.model.stage(s) else { break };
        let pairs = label_pairs(
            st.instructions
                .clone()
                .filter_map(|i| cx.model.instruction(i).map(|ins| (i, ins))),
        );
        for lp in pairs {
            match lp.key(cx) {
                Some(k) => keys.push(k),
                // A key the file cannot tell may be any label.
                None => return,
            }
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
    for (label, _) in schema {
        if !keys.iter().any(|k| k == label) {
            out.report(
                from.keyword_span,
                format!("The final stage does not set the required label `{label}`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::config_support::testing::{messages_with, run_with};

    const CODE: &str = "SS871";
    const CFG: &str =
        "[label-schema]\nmaintainer = \"email\"\n\"org.opencontainers.image.source\" = \"url\"\n";

    #[test]
    fn no_configuration_no_finding() {
        assert!(run_with(CODE, "", "FROM alpine:3.20\n").is_empty());
        assert!(crate::rules::testing::run(CODE, "FROM alpine:3.20\n").is_empty());
    }

    #[test]
    fn missing_labels() {
        assert_eq!(
            messages_with(CODE, CFG, "FROM alpine:3.20\nLABEL maintainer=a@b.c\n"),
            vec![
                "The final stage does not set the required label `org.opencontainers.image.source`"
            ]
        );
        assert_eq!(run_with(CODE, CFG, "FROM alpine:3.20\n").len(), 2);
        // Labels of a build stage that the final stage is not built on do not count.
        let src = "FROM alpine:3.20 AS build\nLABEL maintainer=a@b.c org.opencontainers.image.source=https://x\nFROM alpine:3.20\nCOPY --from=build /x /x\n";
        let found = run_with(CODE, CFG, src);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].span.text(src), "FROM");
        assert_eq!(src[..found[0].span.start].matches('\n').count(), 2);
    }

    #[test]
    fn near_misses() {
        let clean = [
            "FROM alpine:3.20\nLABEL maintainer=a@b.c \\\n      \"org.opencontainers.image.source\"=https://x\n",
            "FROM alpine:3.20 AS base\nLABEL maintainer=a@b.c\nFROM base\nLABEL org.opencontainers.image.source=https://x\n",
            "ARG K\nFROM alpine:3.20\nARG K\nLABEL ${K}=x\n",
            "",
        ];
        for src in clean {
            assert!(run_with(CODE, CFG, src).is_empty(), "{src}");
        }
    }
}
