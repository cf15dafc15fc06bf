//! SS601 sensitive-port (Trivy DS-0004, Checkov CKV_DOCKER_1): the image
//! exposes a remote-administration port (SSH, Telnet, Docker API, RDP, VNC,
//! WinRM).

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::{Base, Model};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS601",
        name: "sensitive-port",
        summary: "The image exposes a remote-administration port",
        severity: Severity::Warning,
        category: Category::Network,
        target: Target::Dockerfile,
        checklist: &[Checklist::ClosedPorts],
        owasp: &[Owasp::D03],
        equivalents: &[
            Equivalent::similar(Tool::Trivy, "DS-0004"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_1"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "A container should run one service and be managed from the outside (`docker exec`, \
`kubectl exec`, the orchestrator). A remote-administration port means a second, privileged way \
in: an SSH or Telnet daemon with keys or passwords baked into the image, an unauthenticated \
Docker API (2375) that hands out root on the host, a remote desktop. `EXPOSE` documents that \
port and `docker run -P` publishes it. Remove the daemon and the `EXPOSE`.\n\n\
Ports: 22 (SSH), 23 (Telnet), 2375 and 2376 (Docker Engine API, plain and TLS), 3389 (RDP), \
5900 and 5901 (VNC displays :0 and :1), 5985 and 5986 (WinRM, HTTP and HTTPS), with or \
without `/tcp` or `/udp`, also inside a range (`20-25`) and after variable expansion \
(`EXPOSE ${SSH_PORT}` with a default). Only `EXPOSE` in the final stage, or in a stage it is \
built `FROM`, reaches the image: a build stage's `EXPOSE` is not reported.\n\n\
Peers: Trivy DS-0004 and Checkov CKV_DOCKER_1 only know port 22 (Checkov not `22/udp`), do \
not read ranges or variables, and look at every stage.",
        bad: "FROM debian:12\nRUN apt-get install -y openssh-server\nEXPOSE 22\n",
        good: "FROM debian:12\nEXPOSE 8080\n",
    },
    check,
};

/// Remote-administration ports and what listens there.
const PORTS: &[(u32, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (2375, "Docker API"),
    (2376, "Docker API over TLS"),
    (3389, "RDP"),
    (5900, "VNC"),
    (5901, "VNC"),
    (5985, "WinRM"),
    (5986, "WinRM over HTTPS"),
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let image_stages = image_stages(&cx.model);
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        if ins.keyword != Keyword::Expose {
            continue;
        }
        let in_image = cx
            .model
            .stage_of(index)
            .is_some_and(|s| image_stages.contains(&s));
        if !in_image {
            continue;
        }
        for word in &ins.args {
            let e = cx.model.expand_words_at(index, &word.text);
            if !e.is_exact() {
                continue;
            }
            for port in &e.words {
                let Some((service_port, service)) = sensitive(port) else {
                    continue;
                };
                let shown = if *port == word.text {
                    format!("`{port}`")
                } else {
                    format!("`{}` (`{port}`)", word.text)
                };
                let message = if port.split('/').next().is_some_and(|p| p.contains('-')) {
                    format!(
                        "Exposed port range {shown} includes {service_port}, a remote-administration port ({service})"
                    )
                } else {
                    format!("Exposed port {shown} is a remote-administration port ({service})")
                };
                out.report(word.span, message);
            }
        }
    }
}

/// The final stage and the stages it is built FROM: their image config
/// (exposed ports) is the final image's.
fn image_stages(model: &Model<'_>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut cur = model.final_stage();
    while let Some(s) = cur {
        if out.contains(&s.index) {
            break;
        }
        out.push(s.index);
        cur = match s.base {
            Base::Stage(p) if p < s.index => model.stage(p),
            _ => None,
        };
    }
    out
}

/// The first sensitive port that `port[-end][/proto]` covers.
fn sensitive(spec: &str) -> Option<(u32, &'static str)> {
    let ports = spec.split('/').next()?;
    let (lo, hi) = match ports.split_once('-') {
        Some((a, b)) => (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?),
        None => {
            let p = ports.parse::<u32>().ok()?;
            (p, p)
        }
    };
    PORTS.iter().find(|(p, _)| lo <= *p && *p <= hi).copied()
}

#[cfg(test)]
mod tests {
    use super::sensitive;
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS601";

    #[test]
    fn port_specs() {
        assert_eq!(sensitive("22"), Some((22, "SSH")));
        assert_eq!(sensitive("22/tcp"), Some((22, "SSH")));
        assert_eq!(sensitive("22/udp"), Some((22, "SSH")));
        assert_eq!(sensitive("3389/tcp"), Some((3389, "RDP")));
        assert_eq!(sensitive("20-25"), Some((22, "SSH")));
        assert_eq!(sensitive("5000-6000/tcp"), Some((5900, "VNC")));
        assert_eq!(sensitive("2376"), Some((2376, "Docker API over TLS")));
        assert_eq!(sensitive("5986"), Some((5986, "WinRM over HTTPS")));
        for clean in [
            "80", "8022", "220", "2222", "443/tcp", "24-80", "x", "", "22-", "-22",
        ] {
            assert_eq!(sensitive(clean), None, "{clean}");
        }
    }

    #[test]
    fn each_offending_word_is_reported() {
        let src = "FROM debian:12\nEXPOSE 80 22/tcp 443 2375\n";
        assert_eq!(texts(CODE, src), vec!["22/tcp", "2375"]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "Exposed port `22/tcp` is a remote-administration port (SSH)"
        );
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn ranges() {
        let src = "FROM debian:12\nEXPOSE 20-25/tcp\n";
        assert_eq!(texts(CODE, src), vec!["20-25/tcp"]);
        assert_eq!(
            run(CODE, src)[0].message,
            "Exposed port range `20-25/tcp` includes 22, a remote-administration port (SSH)"
        );
    }

    #[test]
    fn variables_are_expanded() {
        let src = "FROM debian:12\nARG SSH_PORT=22\nEXPOSE $SSH_PORT\n";
        assert_eq!(texts(CODE, src), vec!["$SSH_PORT"]);
        assert!(run(CODE, src)[0].message.contains("`$SSH_PORT` (`22`)"));
        let src = "FROM debian:12\nENV PORTS=\"8080 3389\"\nEXPOSE ${PORTS}\n";
        assert_eq!(lines(CODE, src), vec![3]);
        // Unknown or unset values are not judged.
        assert!(run(CODE, "FROM debian:12\nEXPOSE $PORT\n").is_empty());
        assert!(run(CODE, "FROM debian:12\nARG P\nEXPOSE $P\n").is_empty());
    }

    #[test]
    fn only_stages_that_make_the_image() {
        let src = "FROM debian:12 AS build\nEXPOSE 22\nFROM debian:12\nEXPOSE 8080\n";
        assert!(run(CODE, src).is_empty());
        let src = "FROM debian:12 AS base\nEXPOSE 22\nFROM base\nEXPOSE 8080\n";
        assert_eq!(lines(CODE, src), vec![2]);
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM debian:12\nEXPOSE 80 \\\n    23\n";
        assert_eq!(texts(CODE, src), vec!["23"]);
        assert_eq!(lines(CODE, src), vec![3]);
    }

    #[test]
    fn near_misses() {
        for ports in [
            "8022", "2222", "80 443", "5432", "8080/tcp", "24-80", "1-21",
        ] {
            let src = format!("FROM debian:12\nEXPOSE {ports}\n");
            assert!(run(CODE, &src).is_empty(), "{ports}");
        }
        // ONBUILD EXPOSE applies to a later image.
        assert!(run(CODE, "FROM debian:12\nONBUILD EXPOSE 22\n").is_empty());
    }
}
