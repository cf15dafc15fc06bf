//! SS872 empty-label-value (hadolint DL3051): a label of the configured
//! `label-schema` is set to an empty value.

use super::config_support::all_labels;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS872",
        name: "empty-label-value",
        summary: "A label of the label schema is set to an empty value",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3051")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A schema label that is present but empty satisfies a presence check while \
telling nothing, typically because a build argument such as `VERSION` was not passed. Pass \
the value (`--build-arg VERSION=…`) or remove the label.\n\n\
**Configuration.** Reports nothing until `[label-schema]` is set in `shipshape.toml` (or \
`label-schema` in `.hadolint.yaml`).\n\n\
**What is reported.** A `LABEL` pair in any stage whose key is in the schema and whose value, \
after quotes are removed and variables expanded with their defaults, is empty. A value taken \
from an ARG without a default is not judged (it may be passed at build time).\n\n\
**How this differs from hadolint DL3051.** hadolint looks at the value as written, so \
`LABEL version=$VERSION` with `ARG VERSION=` (empty default) passes there.",
        bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"\" org.opencontainers.image.version=\"1.4.0\"\n",
        good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/app\" org.opencontainers.image.version=\"1.4.0\"\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let schema = &cx.settings.config.label_schema;
    if schema.is_empty() {
        return;
    }
    for lp in all_labels(cx) {
        let Some(key) = lp.key(cx) else { continue };
        if !schema.iter().any(|(k, _)| *k == key) {
            continue;
        }
        if lp.value(cx).is_some_and(|v| v.is_empty()) {
            out.report(lp.pair.span, format!("Label `{key}` is empty"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::config_support::testing::{run_with, texts_with};

    const CODE: &str = "SS872";
    const CFG: &str = "[label-schema]\nversion = \"semver\"\nmaintainer = \"text\"\n";

    #[test]
    fn no_configuration_no_finding() {
        assert!(run_with(CODE, "", "FROM alpine:3.20\nLABEL version=\"\"\n").is_empty());
    }

    #[test]
    fn empty_schema_labels() {
        let src = "FROM alpine:3.20\nLABEL version=\"\" maintainer=''\n";
        assert_eq!(
            texts_with(CODE, CFG, src),
            vec!["version=\"\"", "maintainer=''"]
        );
        let src = "FROM alpine:3.20\nARG V=\nLABEL version=$V\n";
        assert_eq!(texts_with(CODE, CFG, src), vec!["version=$V"]);
        let src = "FROM alpine:3.20 AS build\nLABEL \\\n  version=\"\"\nFROM alpine:3.20\n";
        assert_eq!(
            run_with(CODE, CFG, src)[0].message,
            "Label `version` is empty"
        );
    }

    #[test]
    fn near_misses() {
        let clean = [
            "FROM alpine:3.20\nLABEL version=1.2.3\n",
            "FROM alpine:3.20\nLABEL other=\"\"\n",
            "FROM alpine:3.20\nARG VERSION\nLABEL version=$VERSION\n",
            "FROM alpine:3.20\nLABEL version=\" \"\n",
        ];
        for src in clean {
            assert!(run_with(CODE, CFG, src).is_empty(), "{src}");
        }
    }
}
