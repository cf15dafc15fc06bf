//! SS512 update-without-install (Trivy DS-0017, Checkov CKV_DOCKER_5, Dockle
//! CIS-DI-0007): a RUN refreshes a package index without installing from it.

use super::packages_support::{invocation, yum_changes_packages, Invocation, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS512",
        name: "update-without-install",
        summary: "A RUN updates a package index but installs nothing from it",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::UpdatedBase],
        owasp: &[Owasp::D02],
        equivalents: &[
            Equivalent::similar(Tool::Trivy, "DS-0017"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_5"),
            Equivalent::similar(Tool::Dockle, "CIS-DI-0007"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "Docker caches each RUN by its text. `RUN apt-get update` on its own line is built \
once and then reused from the cache for months, so a later `RUN apt-get install …` installs \
from that stale index: old, vulnerable versions, or failures when the mirror has moved on. \
Refresh the index and install in the same RUN (`RUN apt-get update && apt-get install -y …`), \
so that changing the package list also refreshes the index (CIS Docker Benchmark 4.7).\n\n\
Reported: `apt-get`/`apt`/`aptitude update`, `apk update`, `yum`/`dnf`/`microdnf makecache` \
and `zypper refresh`/`ref` when no later command of the same manager family in the same RUN \
installs or upgrades (`install`, `upgrade`, `add`, `dist-upgrade`, `reinstall`, \
`build-dep`…). Also through `sudo`, `env`, `sh -c \"…\"` and heredocs.\n\n\
Differences: Trivy DS-0017 also counts `yum update`/`dnf update`/`zypper up`, which upgrade \
every package rather than refresh an index (see `system-upgrade`), and misses `makecache` and \
`zypper refresh`. Checkov CKV_DOCKER_5 searches the RUN text for `update` and for `install` \
or `add` anywhere, of any tool, so `apt-get update && pip install x` passes. Dockle \
CIS-DI-0007 checks apt in the image history only.",
        bad: "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n    && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    },
    check,
};

#[derive(PartialEq, Eq, Clone, Copy)]
enum Family {
    Apt,
    Apk,
    Yum,
    Zypper,
}

fn family(m: Manager) -> Option<Family> {
    Some(match m {
        m if m.is_apt_like() => Family::Apt,
        Manager::Apk => Family::Apk,
        m if m.is_yum_like() => Family::Yum,
        Manager::Zypper => Family::Zypper,
        _ => return None,
    })
}

fn refreshes(f: Family, inv: &Invocation<'_>) -> bool {
    match f {
        Family::Apt | Family::Apk => inv.is_sub(&["update"]),
        Family::Yum => inv.is_sub(&["makecache"]),
        Family::Zypper => inv.is_sub(&["refresh", "ref"]),
    }
}

fn installs(f: Family, inv: &Invocation<'_>) -> bool {
    match f {
        Family::Apt => inv.is_sub(&[
            "install",
            "upgrade",
            "dist-upgrade",
            "full-upgrade",
            "safe-upgrade",
            "build-dep",
            "source",
            "reinstall",
            "download",
            "satisfy",
        ]),
        Family::Apk => inv.is_sub(&["add", "upgrade", "fix", "fetch"]),
        Family::Yum => yum_changes_packages(inv) || inv.is_sub(&["download"]),
        Family::Zypper => inv.is_sub(&[
            "install",
            "in",
            "update",
            "up",
            "dist-upgrade",
            "dup",
            "patch",
            "source-install",
            "si",
            "download",
        ]),
    }
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        let mut pending: Vec<(Family, Invocation<'_>)> = Vec::new();
        for command in run.commands() {
            let Some(inv) = invocation(run, command) else {
                continue;
            };
            let Some(f) = family(inv.manager) else {
                continue;
            };
            if refreshes(f, &inv) {
                pending.push((f, inv));
            } else if installs(f, &inv) {
                pending.retain(|(pf, _)| *pf != f);
            }
        }
        for (_, inv) in pending {
            let sub = inv.subcommand().unwrap_or("update");
            out.report(
                inv.command_span(),
                format!(
                    "`{} {sub}` without an install in the same RUN: a later RUN can install from a stale, cached index",
                    inv.name.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS512";

    #[test]
    fn update_alone_is_reported() {
        let src = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl=8\n";
        assert_eq!(texts(C, src), ["apt-get update"]);
        assert_eq!(
            run(C, src)[0].message,
            "`apt-get update` without an install in the same RUN: a later RUN can install from a stale, cached index"
        );
        assert_eq!(lines(C, "FROM alpine:3.20\nRUN apk update\n"), [2]);
        assert_eq!(
            texts(C, "FROM fedora:40\nRUN dnf makecache\n"),
            ["dnf makecache"]
        );
        assert_eq!(
            texts(
                C,
                "FROM opensuse/leap:15.6\nRUN zypper --gpg-auto-import-keys ref\n"
            ),
            ["zypper --gpg-auto-import-keys ref"]
        );
        assert_eq!(lines(C, "FROM debian:12\nRUN sudo apt update -q\n"), [2]);
    }

    #[test]
    fn install_must_be_of_the_same_family_and_come_later() {
        for src in [
            "FROM debian:12\nRUN apt-get install -y curl=8 && apt-get update\n",
            "FROM debian:12\nRUN apt-get update && pip install flask==3\n",
            "FROM debian:12\nRUN apt-get update && apk add jq=1\n",
            "FROM debian:12\nRUN apt-get update && echo apt-get install\n",
        ] {
            assert_eq!(lines(C, src), [2], "{src}");
        }
    }

    #[test]
    fn continuation_heredoc_and_sh_c() {
        assert_eq!(
            lines(
                C,
                "FROM debian:12\nRUN set -eux; \\\n    echo start; \\\n    apt-get update\n"
            ),
            [4]
        );
        assert_eq!(
            lines(C, "FROM alpine:3.20\nRUN <<EOF\nset -e\napk update\nEOF\n"),
            [4]
        );
        assert_eq!(lines(C, "FROM alpine:3.20\nRUN sh -c 'apk update'\n"), [2]);
    }

    #[test]
    fn update_then_install_is_clean() {
        for src in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl=8\n",
            "FROM debian:12\nRUN apt-get update \\\n && DEBIAN_FRONTEND=noninteractive apt-get -y upgrade\n",
            "FROM debian:12\nRUN apt update && apt-get install -y curl=8\n",
            "FROM debian:12\nRUN set -eux; apt-get update; apt-get install -y curl=8; rm -rf /var/lib/apt/lists/*\n",
            "FROM alpine:3.20\nRUN apk update && apk add jq=1\n",
            "FROM fedora:40\nRUN dnf makecache && dnf install -y jq-1.7\n",
            "FROM opensuse/leap:15.6\nRUN zypper ref && zypper in -y jq=1\n",
            "FROM centos:7\nRUN yum update -y\n",
            "FROM alpine:3.20\nRUN apk add --update jq=1\n",
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y jq=1\nEOF\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }
}
