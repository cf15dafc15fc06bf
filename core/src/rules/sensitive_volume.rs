//! SS108 sensitive-volume (no Dockerfile-check equivalent; SS905 and Dockle
//! DKL-DI-0002 look at the built image): `VOLUME` at the Docker socket or a
//! system directory.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::syntax::{Instruction, Keyword};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS108",
        name: "sensitive-volume",
        summary: "VOLUME declares the Docker socket or a system directory",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::LeastPrivilege],
        owasp: &[Owasp::D04, Owasp::D05],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "`VOLUME` tells whoever runs the image that something should be mounted \
there. At the Docker socket (`/var/run/docker.sock`, `/run/docker.sock`) that something \
is control of the host's Docker daemon, which amounts to root on the host; at `/proc`, \
`/sys` or `/dev` it is the host's kernel interfaces and devices; at `/`, `/etc`, `/usr`, \
`/lib`, `/bin`, `/sbin`, `/boot`, `/run` or `/var/run` a volume hides the image's own \
system files behind whatever is mounted, and an anonymous volume there copies them out \
of the image and keeps them across upgrades. Declare volumes for application data only \
(`/data`, `/var/lib/app`), and let the operator mount the socket explicitly if it is \
really needed.\n\n\
**What is reported.** A `VOLUME` path (after variable expansion, JSON or plain form, also \
`ONBUILD VOLUME`) that is the Docker socket, `/`, `/proc`, `/sys` or `/dev` or a path below \
them, or exactly one of `/etc`, `/usr`, `/lib`, `/lib64`, `/bin`, `/sbin`, `/boot`, `/run` \
and `/var/run`. Paths below the latter (`/usr/share/nginx/html`, `/run/postgresql`) are \
ordinary data volumes and are not reported.\n\n\
SS905 reports the same kind of volume found in a built image's configuration. No \
Dockerfile linter among the peers checks `VOLUME`; Dockle's DKL-DI-0002 checks `/sys`, \
`/dev` and `/proc` in the image.",
        bad: "FROM docker:27-cli\nVOLUME /var/run/docker.sock\n",
        good: "FROM docker:27-cli\nVOLUME /data\n",
    },
    check,
};

/// What a volume at `path` exposes, when it is sensitive.
pub(crate) fn sensitive(path: &str) -> Option<&'static str> {
    let p = path.trim();
    let p = if p.len() > 1 {
        p.trim_end_matches('/')
    } else {
        p
    };
    let p = if p.is_empty() { "/" } else { p };
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
    match p {
        "/etc" => Some("the system configuration"),
        "/usr" | "/lib" | "/lib64" | "/bin" | "/sbin" => {
            Some("the system's programs and libraries")
        }
        "/boot" => Some("the kernel and boot files"),
        "/run" | "/var/run" => Some("runtime sockets and state, including the Docker socket"),
        _ => None,
    }
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        let (ins, onbuild): (&Instruction, bool) = match ins.keyword {
            Keyword::Onbuild => match ins.nested.as_deref() {
                Some(n) => (n, true),
                None => continue,
            },
            _ => (ins, false),
        };
        if ins.keyword != Keyword::Volume {
            continue;
        }
        for w in &ins.args {
            let raw = if ins.json {
                w.text.clone()
            } else {
                w.text.trim_matches(|c| c == '"' || c == '\'').to_string()
            };
            let path = if onbuild {
                if raw.contains('$') {
                    continue;
                }
                raw
            } else {
                let e = cx.model.expand_at(index, &raw);
                if !(e.is_exact() && e.unresolved.is_empty()) {
                    continue;
                }
                e.text
            };
            if let Some(what) = sensitive(&path) {
                out.report(
                    w.span,
                    format!("`VOLUME {path}`: a mount there exposes {what}"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sensitive;
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS108";

    #[test]
    fn paths() {
        for p in [
            "/var/run/docker.sock",
            "/run/docker.sock",
            "/",
            "/proc",
            "/sys/fs/cgroup",
            "/dev/",
            "/etc",
            "/etc/",
            "/usr",
            "/lib",
            "/boot",
            "/var/run",
            "/run",
        ] {
            assert!(sensitive(p).is_some(), "{p}");
        }
        for p in [
            "/data",
            "/var/lib/postgresql/data",
            "/usr/share/nginx/html",
            "/run/postgresql",
            "/etc/nginx/conf.d",
            "/procedures",
            "/device",
            "/srv/docker.sock",
            "/var/runner",
        ] {
            assert!(sensitive(p).is_none(), "{p}");
        }
    }

    #[test]
    fn volumes() {
        let src = "FROM debian:12\nVOLUME /var/run/docker.sock /data\nVOLUME [\"/proc\", \"/srv\"]\nARG D=/etc\nVOLUME $D\nVOLUME \\\n    /sys\nONBUILD VOLUME /\n";
        assert_eq!(
            texts(CODE, src),
            ["/var/run/docker.sock", "\"/proc\"", "$D", "/sys", "/"]
        );
        let d = run(CODE, "FROM x\nVOLUME /var/run/docker.sock\n");
        assert_eq!(
            d[0].message,
            "`VOLUME /var/run/docker.sock`: a mount there exposes the Docker socket, which is root on the host"
        );
    }

    #[test]
    fn near_misses() {
        let src = "FROM debian:12\nVOLUME /data /usr/share/nginx/html\nVOLUME $UNKNOWN\nRUN mkdir /proc2\nONBUILD VOLUME $X\nCOPY a /etc\n";
        assert!(lines(CODE, src).is_empty());
    }
}
