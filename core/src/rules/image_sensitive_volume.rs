//! SS905 image-sensitive-volume (Dockle DKL-DI-0002): the image declares a
//! volume at a host-sensitive path.

use super::image_support::no_dockerfile_check;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS905",
        name: "image-sensitive-volume",
        summary: "The image declares a volume at the Docker socket, /proc, /sys, /dev or /",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Image,
        checklist: &[Checklist::LeastPrivilege],
        owasp: &[Owasp::D04, Owasp::D07],
        equivalents: &[Equivalent::similar(Tool::Dockle, "DKL-DI-0002")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A `VOLUME` in the image says \"mount something here\". At the Docker socket \
(`/var/run/docker.sock`) that something is control of the host's Docker daemon, which is \
root on the host; at `/proc`, `/sys` or `/dev` it is the host's kernel interfaces and \
devices; at `/` it is the whole root file system. Images should not ask for these: \
mount them explicitly, if at all, where the container is run, and drop the `VOLUME`.\n\n\
Dockle's DKL-DI-0002 checks `/sys`, `/dev` and `/proc` only; shipshape adds the Docker \
socket (`/var/run/docker.sock`, `/run/docker.sock`), `/` and paths below `/proc`, `/sys` \
and `/dev`.",
        bad: "FROM docker:27-cli\nVOLUME /var/run/docker.sock\n",
        good: "FROM docker:27-cli\nVOLUME /data\n",
    },
    check: no_dockerfile_check,
};

fn sensitive(path: &str) -> Option<&'static str> {
    let p = path.trim();
    let p = if p.len() > 1 {
        p.trim_end_matches('/')
    } else {
        p
    };
    if matches!(p, "/var/run/docker.sock" | "/run/docker.sock") {
        return Some("the Docker socket, which is root on the host");
    }
    if p == "/" {
        return Some("the root file system");
    }
    for (dir, what) in [
        ("/proc", "the kernel's process interface"),
        ("/sys", "the kernel's device and setting interface"),
        ("/dev", "the devices"),
    ] {
        if p == dir || p.strip_prefix(dir).is_some_and(|r| r.starts_with('/')) {
            return Some(what);
        }
    }
    None
}

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    for v in &cx.image.config.volumes {
        if let Some(what) = sensitive(v) {
            out.report_at(
                format!("config.Volumes[\"{v}\"]"),
                format!("`{v}` is declared a volume: a mount there exposes {what}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::image_locations;

    #[test]
    fn sensitive_paths() {
        assert_eq!(
            image_locations(
                "SS905",
                "FROM x\nVOLUME /var/run/docker.sock /proc /sys/fs/cgroup /dev/ /\n"
            )
            .len(),
            5
        );
    }

    #[test]
    fn near_misses() {
        assert!(image_locations(
            "SS905",
            "FROM x\nVOLUME /data /var/run /procedures /device /srv/docker.sock\n"
        )
        .is_empty());
    }
}
