//! SS874 unknown-label (hadolint DL3050): with `strict-labels`, a LABEL key
//! that the configured `label-schema` does not list.

use super::config_support::all_labels;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS874",
        name: "unknown-label",
        summary: "A label is not in the label schema while strict labels are on",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3050")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A team that fixes the set of labels its images carry (so tooling can rely on \
them) wants to hear about a label outside that set: a typo of a schema key \
(`org.opencontainers.image.sorce`) or an ad-hoc key that should be added to the schema.\n\n\
**Configuration.** Reports nothing unless `strict-labels = true` is set in `shipshape.toml` \
(or `strict-labels: true` in `.hadolint.yaml`); the allowed keys are those of \
`[label-schema]` (with strict labels on and an empty schema, every label is reported).\n\n\
**What is reported.** Each `LABEL` key, in any stage, that is not in the schema (after quotes \
are removed and variables expanded).\n\n\
**How this differs from hadolint DL3050.** hadolint reports the LABEL instruction once; \
shipshape reports each key that is not in the schema, on the key.",
        bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/app\" \\\n      org.opencontainers.image.version=\"1.4.0\" \\\n      team=\"payments\"\n",
        good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/app\" \\\n      org.opencontainers.image.version=\"1.4.0\"\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let config = &cx.settings.config;
    if !config.strict_labels {
        return;
    }
    for lp in all_labels(cx) {
        let Some(key) = lp.key(cx) else { continue };
        if !config.label_schema.iter().any(|(k, _)| *k == key) {
            out.report(
                lp.pair.key.span,
                format!("Label `{key}` is not in the label schema (strict labels)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::config_support::testing::{messages_with, run_with, texts_with};

    const CODE: &str = "SS874";
    const CFG: &str = "strict-labels = true\n[label-schema]\nversion = \"semver\"\n";

    #[test]
    fn no_configuration_no_finding() {
        let src = "FROM alpine:3.20\nLABEL team=x\n";
        assert!(run_with(CODE, "", src).is_empty());
        assert!(run_with(CODE, "[label-schema]\nversion = \"semver\"\n", src).is_empty());
    }

    #[test]
    fn labels_outside_the_schema() {
        let src = "FROM alpine:3.20\nLABEL version=1.0.0 team=x \\\n      \"vendor\"=acme\n";
        assert_eq!(texts_with(CODE, CFG, src), vec!["team", "\"vendor\""]);
        assert_eq!(
            messages_with(CODE, CFG, "FROM a\nLABEL team=x\n"),
            vec!["Label `team` is not in the label schema (strict labels)"]
        );
        // Strict with an empty schema: every label.
        assert_eq!(
            run_with(
                CODE,
                "strict-labels = true\n",
                "FROM a\nLABEL version=1.0.0\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn near_misses() {
        assert!(run_with(CODE, CFG, "FROM a\nLABEL version=1.0.0\n").is_empty());
        assert!(run_with(CODE, CFG, "FROM a\nLABEL \"version\"=1.0.0\n").is_empty());
        assert!(run_with(CODE, CFG, "FROM a\nARG K\nLABEL ${K}=1\n").is_empty());
        assert!(run_with(CODE, CFG, "FROM a\nONBUILD LABEL team=x\n").is_empty());
    }
}
