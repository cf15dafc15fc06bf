//! SS904 image-no-healthcheck (Dockle CIS-DI-0006): the image defines no
//! health check.

use super::image_support::no_dockerfile_check;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS904",
        name: "image-no-healthcheck",
        summary: "The image defines no HEALTHCHECK",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Image,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Dockle, "CIS-DI-0006")],
        fix: FixKind::None,
        default_enabled: false,
        why: "Without a health check Docker (and Swarm) only knows whether the main process \
is alive, not whether it answers; a hung server keeps receiving traffic. A `HEALTHCHECK` \
lets the runtime restart or route around it. Orchestrators with their own probes \
(Kubernetes ignores `HEALTHCHECK`) make this moot, which is why the rule is off by default.\n\n\
Like Dockle's CIS-DI-0006, it reports only a missing health check: `HEALTHCHECK NONE` is a \
deliberate choice and is not reported. Trivy's DS-0026, Checkov's CKV_DOCKER_2 and hadolint's \
DL3057 judge the Dockerfile instead; shipshape's Dockerfile rule for them is SS860 \
missing-healthcheck.",
        bad: "FROM nginx:1.27\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        good: "FROM nginx:1.27\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n",
    },
    check: no_dockerfile_check,
};

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    if cx.image.config.healthcheck.is_none() {
        out.report_at("config.Healthcheck", "The image defines no HEALTHCHECK");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::image_locations;

    #[test]
    fn missing_and_present() {
        assert_eq!(
            image_locations("SS904", "FROM x\n"),
            vec!["config.Healthcheck"]
        );
        assert!(image_locations("SS904", "FROM x\nHEALTHCHECK NONE\n").is_empty());
        assert!(image_locations("SS904", "FROM x\nHEALTHCHECK CMD true\n").is_empty());
    }
}
