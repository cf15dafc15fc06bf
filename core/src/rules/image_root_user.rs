//! SS901 image-root-user (Dockle CIS-DI-0001): the image's `config.User`
//! is empty or root, so its containers run as root.

use super::image_support::no_dockerfile_check;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS901",
        name: "image-root-user",
        summary: "The image runs as root: its config has no user, or a root user",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Image,
        checklist: &[Checklist::NoRoot, Checklist::LeastPrivilege],
        owasp: &[Owasp::D01],
        equivalents: &[
            Equivalent::similar(Tool::Dockle, "CIS-DI-0001"),
            Equivalent::similar(Tool::Trivy, "DS-0002"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "A container runs as the image's `config.User` unless the runtime says otherwise. \
When it is empty, or names root (`root`, `0`, `0:0`, `root:staff`…), every process in the \
container is root: a breakout or a writable host mount is then root on the host. Rebuild \
with a `USER` that names an unprivileged user (a numeric UID such as `10001` works with \
Kubernetes' `runAsNonRoot`).\n\n\
This is the image counterpart of the Dockerfile rule `root-user`: it judges what was built, \
whatever the Dockerfile said. Dockle's CIS-DI-0001 only catches an empty user and the exact \
string `root`, and misses `0` and `0:0`, which are root too; shipshape reports every form. \
Trivy's DS-0002 judges the Dockerfile's last `USER` instead.",
        bad: "FROM debian:12\nUSER 0:0\n",
        good: "FROM debian:12\nUSER 10001:10001\n",
    },
    check: no_dockerfile_check,
};

/// Whether a `config.User` value means root (the user part is empty, `root` or `0`).
pub(crate) fn is_root(user: &str) -> bool {
    let name = user.trim().split(':').next().unwrap_or("").trim();
    name.is_empty() || name == "root" || name.trim_start_matches('0').is_empty()
}

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let user = cx.image.config.user.as_deref().unwrap_or("");
    if !is_root(user) {
        return;
    }
    let message = if user.trim().is_empty() {
        "The image runs as root: `config.User` is not set".to_string()
    } else {
        format!("The image runs as root: `config.User` is `{user}`")
    };
    out.report_at("config.User", message);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::image_locations;

    #[test]
    fn root_in_every_form() {
        for u in [
            "",
            "USER root\n",
            "USER 0\n",
            "USER 0:0\n",
            "USER root:staff\n",
            "USER 00\n",
        ] {
            assert_eq!(
                image_locations("SS901", &format!("FROM debian:12\n{u}")),
                vec!["config.User"],
                "{u}"
            );
        }
    }

    #[test]
    fn non_root_users_are_clean() {
        for u in [
            "USER app\n",
            "USER 1000\n",
            "USER 10001:0\n",
            "USER rootless\n",
            "USER 100\n",
        ] {
            assert!(
                image_locations("SS901", &format!("FROM debian:12\n{u}")).is_empty(),
                "{u}"
            );
        }
    }
}
