//! SS501 system-upgrade (hadolint DL3035, Dockle DKL-DI-0003, Trivy DS-0024):
//! a blanket upgrade of every installed system package during the build.

use super::packages_support::{invocations, Invocation, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS501",
        name: "system-upgrade",
        summary: "A RUN upgrades every installed system package",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade],
        owasp: &[Owasp::D02, Owasp::D09],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3035"),
            Equivalent::similar(Tool::Dockle, "DKL-DI-0003"),
            Equivalent::similar(Tool::Trivy, "DS-0024"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "`apt-get upgrade`, `apk upgrade`, `yum update`, `dnf upgrade`, `zypper dup` and \
their kin upgrade whatever the package index offers on the day of the build. Two builds of the \
same Dockerfile then produce different images, a rebuild can pull in a broken or incompatible \
release nobody reviewed, and the image no longer matches the base image its tag names.\n\n\
The checklist's stance (\"Do not upgrade your system packages; pin your dependencies\") is to \
get fixes by **rebuilding on a fresh base image** (pin the base by tag or digest and bump it, \
for example with Renovate or Dependabot) and to **pin** the packages you add \
(`apt-get install curl=7.88.1-10+deb12u8`). To pick up one urgent fix, upgrade that package \
only: `apt-get install --only-upgrade openssl`, `yum update openssl`, `apk upgrade openssl` are \
targeted and not reported.\n\n\
This advice is **contested**. OWASP D02 (patch management) and CIS 4.7 argue that images must \
carry security patches as soon as they exist, and base images lag behind the distribution; \
several peers dropped their \"no upgrade\" rules for that reason (hadolint removed DL3005, \
DL3017, DL3031 and DL3039 as obsolete). If your policy is to patch at build time, turn this \
rule off (`ignore = [\"system-upgrade\"]` in the configuration) and rebuild images on a \
schedule so the upgrade actually happens.\n\n\
Reported: `apt-get`/`apt` `upgrade`, `dist-upgrade`, `full-upgrade`; `aptitude` `upgrade`, \
`safe-upgrade`, `full-upgrade`, `dist-upgrade`; `apk upgrade`; `yum`/`dnf`/`microdnf` `update` \
and `upgrade` (and `dnf distro-sync`); `zypper` `update`, `up`, `dist-upgrade`, `dup`, `patch`; \
each only without package arguments. hadolint DL3035 covers `zypper dist-upgrade` only, \
Dockle DKL-DI-0003 and Trivy DS-0024 (deprecated) only apt's `dist-upgrade`.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n",
        good: "FROM debian:12.8\nRUN apt-get update \\\n    && apt-get install -y --only-upgrade openssl\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if is_system_upgrade(&inv) {
            let span = inv.command_span();
            out.report(
                span,
                format!(
                    "`{}` upgrades every installed package, so each build gets whatever is newest that day",
                    span_words(&inv)
                ),
            );
        }
    }
}

/// `apt-get upgrade` (the manager's name and the subcommand, without options).
fn span_words(inv: &Invocation<'_>) -> String {
    format!("{} {}", inv.name.text, inv.subcommand().unwrap_or(""))
}

fn is_system_upgrade(inv: &Invocation<'_>) -> bool {
    let subs: &[&str] = match inv.manager {
        Manager::AptGet | Manager::Apt => &["upgrade", "dist-upgrade", "full-upgrade"],
        Manager::Aptitude => &["upgrade", "safe-upgrade", "full-upgrade", "dist-upgrade"],
        Manager::Apk => &["upgrade"],
        Manager::Yum => &["update", "upgrade", "distro-sync"],
        Manager::Dnf => &[
            "update",
            "upgrade",
            "up",
            "distro-sync",
            "distrosync",
            "dsync",
        ],
        Manager::Microdnf => &["update", "upgrade"],
        Manager::Zypper => &["update", "up", "dist-upgrade", "dup", "patch"],
        _ => &[],
    };
    inv.is_sub(subs) && inv.operands().is_empty()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS501";

    #[test]
    fn blanket_upgrades_are_reported() {
        assert_eq!(
            texts(
                C,
                "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n"
            ),
            ["apt-get upgrade"]
        );
        assert_eq!(
            texts(C, "FROM debian:12\nRUN apt-get -y dist-upgrade\n"),
            ["apt-get -y dist-upgrade"]
        );
        assert_eq!(
            texts(C, "FROM alpine:3.20\nRUN apk upgrade --no-cache\n"),
            ["apk upgrade"]
        );
        assert_eq!(
            texts(C, "FROM centos:7\nRUN yum -y update\n"),
            ["yum -y update"]
        );
        assert_eq!(
            texts(C, "FROM fedora:40\nRUN dnf upgrade -y\n"),
            ["dnf upgrade"]
        );
        assert_eq!(
            texts(C, "FROM fedora:40\nRUN microdnf update\n"),
            ["microdnf update"]
        );
        assert_eq!(
            texts(C, "FROM opensuse/leap:15\nRUN zypper -n dup\n"),
            ["zypper -n dup"]
        );
        assert_eq!(
            texts(C, "FROM ubuntu:24.04\nRUN apt full-upgrade -y\n"),
            ["apt full-upgrade"]
        );
        assert_eq!(
            texts(C, "FROM debian:12\nRUN aptitude safe-upgrade -y\n"),
            ["aptitude safe-upgrade"]
        );
    }

    #[test]
    fn message_names_the_command() {
        let d = run(C, "FROM debian:12\nRUN apt-get -y upgrade\n");
        assert_eq!(
            d[0].message,
            "`apt-get upgrade` upgrades every installed package, so each build gets whatever is newest that day"
        );
    }

    #[test]
    fn seen_through_wrappers_continuations_and_heredocs() {
        let src = "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    DEBIAN_FRONTEND=noninteractive sudo apt-get upgrade -y\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(texts(C, src), ["apt-get upgrade"]);
        let heredoc = "FROM alpine:3.20\nRUN <<EOF\nset -e\napk upgrade\nEOF\n";
        assert_eq!(lines(C, heredoc), [4]);
        let shc =
            "FROM debian:12\nRUN [\"sh\", \"-c\", \"apt-get update && apt-get dist-upgrade -y\"]\n";
        assert_eq!(texts(C, shc), ["apt-get dist-upgrade"]);
        assert_eq!(lines(C, "FROM centos:7\nONBUILD RUN yum update -y\n"), [2]);
    }

    #[test]
    fn targeted_updates_and_other_subcommands_are_clean() {
        for src in [
            "FROM centos:7\nRUN yum update -y openssl\n",
            "FROM fedora:40\nRUN dnf upgrade -y --refresh openssl-libs\n",
            "FROM alpine:3.20\nRUN apk upgrade --no-cache openssl\n",
            "FROM alpine:3.20\nRUN apk update && apk add --no-cache curl=8.9.1-r0\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y --only-upgrade openssl\n",
            "FROM opensuse/leap:15\nRUN zypper -n update curl\n",
            "FROM debian:12\nRUN echo apt-get upgrade\n",
            "FROM python:3.12\nRUN pip install --no-cache-dir --upgrade pip==24.2\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn option_values_are_not_package_arguments() {
        let src = "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold -y upgrade\n";
        assert_eq!(lines(C, src), [2]);
        let src = "FROM centos:7\nRUN yum --setopt tsflags=nodocs -y update\n";
        assert_eq!(lines(C, src), [2]);
    }
}
