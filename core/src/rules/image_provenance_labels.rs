//! SS906 image-provenance-labels: the image lacks the OCI labels that say
//! where it was built from.

use super::image_support::no_dockerfile_check;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS906",
        name: "image-provenance-labels",
        summary: "The image lacks the OCI source, revision and created labels",
        severity: Severity::Hint,
        category: Category::SupplyChain,
        target: Target::Image,
        checklist: &[],
        owasp: &[Owasp::D08],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: false,
        why: "`org.opencontainers.image.source`, `org.opencontainers.image.revision` and \
`org.opencontainers.image.created` tie an image to the repository, commit and time it was \
built from. Without them, finding the code behind a running image (to patch it, or to answer \
\"are we affected?\") means guessing from tags. Most CI tools set them for you (for example \
docker/metadata-action, or `--label` from the build script); BuildKit's provenance \
attestations say more, but travel beside the image rather than in it.\n\n\
Off by default: many base and third-party images do not set them, and the check is about \
your own images. No peer checks this.",
        bad:
            "FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://github.com/acme/app\n",
        good:
            "FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://github.com/acme/app \
org.opencontainers.image.revision=4f2a9c1 org.opencontainers.image.created=2024-05-07T10:00:00Z\n",
    },
    check: no_dockerfile_check,
};

const LABELS: [&str; 3] = [
    "org.opencontainers.image.source",
    "org.opencontainers.image.revision",
    "org.opencontainers.image.created",
];

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let missing: Vec<String> = LABELS
        .iter()
        .filter(|l| cx.image.config.label(l).is_none_or(|v| v.trim().is_empty()))
        .map(|l| format!("`{l}`"))
        .collect();
    if missing.is_empty() {
        return;
    }
    let (what, verb) = if missing.len() == 1 {
        ("Label", "is")
    } else {
        ("Labels", "are")
    };
    out.report_at(
        "config.Labels",
        format!("{what} {} {verb} missing", missing.join(", ")),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::image_run;

    #[test]
    fn missing_labels_are_listed_in_one_finding() {
        let d = image_run("SS906", "FROM x\n");
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .starts_with("Labels `org.opencontainers.image.source`, "));
        let d = image_run(
            "SS906",
            "FROM x\nLABEL org.opencontainers.image.source=s org.opencontainers.image.revision=r\n",
        );
        assert_eq!(
            d[0].message,
            "Label `org.opencontainers.image.created` is missing"
        );
    }

    #[test]
    fn all_present_or_empty_value() {
        let all = "LABEL org.opencontainers.image.source=s org.opencontainers.image.revision=r org.opencontainers.image.created=c\n";
        assert!(image_run("SS906", &format!("FROM x\n{all}")).is_empty());
        let empty = all.replace("=c", "=\"\"");
        assert_eq!(image_run("SS906", &format!("FROM x\n{empty}")).len(), 1);
    }
}
