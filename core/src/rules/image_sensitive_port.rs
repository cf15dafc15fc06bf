//! SS902 image-sensitive-port (Trivy DS-0004): the image exposes a port of
//! a remote-login or remote-control service.

use super::image_support::no_dockerfile_check;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS902",
        name: "image-sensitive-port",
        summary: "The image exposes a remote-login or remote-control port (SSH, Telnet, Docker, RDP, VNC)",
        severity: Severity::Warning,
        category: Category::Network,
        target: Target::Image,
        checklist: &[Checklist::ClosedPorts],
        owasp: &[Owasp::D03, Owasp::D04],
        equivalents: &[Equivalent::similar(Tool::Trivy, "DS-0004")],
        fix: FixKind::None,
        default_enabled: true,
        why: "An exposed port is an invitation to publish it. Ports 22 (SSH), 23 (Telnet), \
2375/2376 (the Docker API, which is root on the host), 3389 (RDP) and 5900 (VNC) mean a \
login or remote-control service runs inside the container: one more service to patch and \
to guess passwords against, and a sign the container is treated like a VM. Use `docker \
exec` or `kubectl exec` to get into a container, and drop the service and its `EXPOSE`.\n\n\
This is the image counterpart of the Dockerfile rule `sensitive-port`. Trivy's DS-0004 only \
looks for port 22; shipshape also reports the other remote-access ports, and port ranges \
that include one.",
        bad: "FROM debian:12\nEXPOSE 22 8080\n",
        good: "FROM debian:12\nEXPOSE 8080\n",
    },
    check: no_dockerfile_check,
};

const SENSITIVE: &[(u16, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (2375, "the unencrypted Docker API"),
    (2376, "the Docker API"),
    (3389, "RDP"),
    (5900, "VNC"),
];

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    for p in &cx.image.config.exposed_ports {
        let number = p.split('/').next().unwrap_or("");
        let (lo, hi) = match number.split_once('-') {
            Some((a, b)) => (a.parse::<u16>(), b.parse::<u16>()),
            None => (number.parse::<u16>(), number.parse::<u16>()),
        };
        let (Ok(lo), Ok(hi)) = (lo, hi) else { continue };
        for (port, what) in SENSITIVE
            .iter()
            .filter(|(port, _)| (lo..=hi).contains(port))
        {
            out.report_at(
                format!("config.ExposedPorts[\"{p}\"]"),
                format!("Port {port} ({what}) is exposed"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{image_locations, image_run};

    #[test]
    fn remote_access_ports() {
        assert_eq!(
            image_locations(
                "SS902",
                "FROM x\nEXPOSE 22 23/tcp 2375 2376 3389 5900/udp\n"
            )
            .len(),
            6
        );
        let d = image_run("SS902", "FROM x\nEXPOSE 2375\n");
        assert_eq!(
            d[0].message,
            "Port 2375 (the unencrypted Docker API) is exposed"
        );
        assert_eq!(
            image_locations("SS902", "FROM x\nEXPOSE 20-25\n"),
            vec!["config.ExposedPorts[\"20-25/tcp\"]"; 2]
        );
    }

    #[test]
    fn near_misses() {
        assert!(image_locations("SS902", "FROM x\nEXPOSE 2222 220 8022 80-443\n").is_empty());
        assert!(image_locations("SS902", "FROM x\n").is_empty());
    }
}
