//! SS510 rpm-unpinned (hadolint DL3033, DL3037, DL3041): `yum`, `dnf`,
//! `microdnf` or `zypper` installs a package without a version.

use super::packages_support::{invocations, package_texts, report_words, Invocation, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS510",
        name: "rpm-unpinned",
        summary: "A yum, dnf or zypper package is installed without a pinned version",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade, Checklist::SecureDependencies],
        owasp: &[Owasp::D02],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3033"),
            Equivalent::same(Tool::Hadolint, "DL3037"),
            Equivalent::similar(Tool::Hadolint, "DL3041"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "`yum install httpd` installs whatever version the repositories offer on the day of \
the build, so two builds of one Dockerfile can differ and a rebuild can bring in an untested \
release. Pin each package and bump the pins deliberately: `yum install -y httpd-2.4.57` (yum, \
`dnf`, `microdnf`: `name-version`), `zypper install -y curl=8.6.0` (`=`, `>=`, `<`…; quote \
`>` and `<`, which the shell otherwise reads as redirections). A module stream is pinned with \
`yum module install nodejs:18`. Find the versions with `yum list --showduplicates httpd` or \
`zypper search -s curl` in the base image.\n\n\
Not reported: `.rpm` files, groups (`@development`, `dnf group install …`, \
`zypper in -t pattern …`), capabilities and files something provides \
(`'dnf-command(config-manager)'`, `/usr/bin/python3`), the values of options such as `--enablerepo`, `--repo` or \
`--setopt`, and variables the file does not define (a variable set by `ARG`/`ENV` is judged by \
its value). A yum/dnf version is what follows the first `-` when it starts with a digit and \
holds only version characters, as hadolint judges it: `my-tool` is unpinned, `my-tool-1.2` \
pinned.\n\n\
hadolint: same inputs as DL3037 (zypper `install`/`in`), reported once per package rather \
than once per RUN, also through `sudo`, `env` or `sh -c \"…\"`; hadolint's parser also takes \
the value of `--repo` and the names after `-t pattern` for packages, which this rule does not. Compared with DL3033 (yum) and \
DL3041 (dnf, microdnf), this rule does not report `.rpm` files without a dash (hadolint does, \
as its version test runs before its `.rpm` test), option values (hadolint reads \
`--enablerepo epel` as a package `epel`), nor groups and capabilities; and it also checks dnf's `in` alias.",
        bad: "FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n",
        good: "FROM rockylinux:9\nRUN dnf install -y httpd-2.4.57 && dnf clean all\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if inv.manager.is_yum_like() {
            let operands = inv.operands();
            if inv.is_sub(&["install", "in"]) {
                // `dnf install @group` is fine; a group can have no version.
                report_words(
                    out,
                    package_texts(cx, &inv),
                    |p| is_capability(p) || rpm_pinned(p),
                    "Package",
                    "is not pinned to a version (`name-version`)",
                    "installs packages not pinned to a version",
                );
            } else if inv.is_sub(&["module"])
                && operands.first().is_some_and(|w| w.text == "install")
            {
                let words = package_texts(cx, &inv).into_iter().skip(1).collect();
                report_words(
                    out,
                    words,
                    |m| m.contains(':'),
                    "Module",
                    "has no stream (`name:stream`)",
                    "installs modules without a stream",
                );
            }
        } else if inv.manager == Manager::Zypper && inv.is_sub(&["install", "in"]) {
            if zypper_type(&inv).is_some_and(|k| k != "package") {
                continue;
            }
            report_words(
                out,
                package_texts(cx, &inv),
                zypper_pinned,
                "Package",
                "is not pinned to a version (`name=version`)",
                "installs packages not pinned to a version",
            );
        }
    }
}

/// A group (`@development`), a capability (`'dnf-command(config-manager)'`)
/// or a file (`/usr/bin/python3`): a name for whatever provides it, which
/// takes no version.
fn is_capability(p: &str) -> bool {
    p.starts_with('@') || p.starts_with('/') || p.contains('(')
}

/// The value of zypper's `-t`/`--type`.
fn zypper_type<'a>(inv: &Invocation<'a>) -> Option<&'a str> {
    let mut it = inv.args.iter();
    while let Some(a) = it.next() {
        let t = a.text.as_str();
        if t == "-t" || t == "--type" {
            return it.next().map(|w| w.text.as_str());
        }
        if let Some(v) = t.strip_prefix("--type=") {
            return Some(v);
        }
        if let Some(v) = t
            .strip_prefix("-t")
            .filter(|v| !v.is_empty() && !t.starts_with("--"))
        {
            return Some(v);
        }
    }
    None
}

/// `name-version…` with a version-like part after the first dash, or an
/// `.rpm` file.
fn rpm_pinned(package: &str) -> bool {
    if package.ends_with(".rpm") {
        return true;
    }
    let mut parts = package.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && rest.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".~^_:+".contains(c))
        })
        && rest
            .iter()
            .any(|p| p.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

fn zypper_pinned(package: &str) -> bool {
    package.contains(['=', '<', '>']) || package.ends_with(".rpm")
}

#[cfg(test)]
mod tests {
    use super::rpm_pinned;
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS510";

    #[test]
    fn unpinned_yum_dnf_microdnf_packages_are_reported() {
        let src = "FROM centos:7\nRUN yum install -y httpd-2.4.57 mod_ssl my-tool\n";
        assert_eq!(texts(C, src), ["mod_ssl", "my-tool"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `mod_ssl` is not pinned to a version (`name-version`)"
        );
        assert_eq!(
            texts(C, "FROM fedora:40\nRUN dnf -y install httpd\n"),
            ["httpd"]
        );
        assert_eq!(
            texts(C, "FROM ubi9-minimal:9.4\nRUN microdnf install -y jq\n"),
            ["jq"]
        );
        assert_eq!(
            texts(C, "FROM fedora:40\nRUN dnf in -y jq httpd-v2\n"),
            ["jq", "httpd-v2"]
        );
    }

    #[test]
    fn modules_need_a_stream() {
        let src = "FROM rockylinux:9\nRUN yum module install -y nodejs php:8.1\n";
        assert_eq!(texts(C, src), ["nodejs"]);
        assert_eq!(
            run(C, src)[0].message,
            "Module `nodejs` has no stream (`name:stream`)"
        );
        assert_eq!(
            texts(C, "FROM fedora:40\nRUN dnf module install -y nodejs\n"),
            ["nodejs"]
        );
        assert!(run(C, "FROM fedora:40\nRUN dnf module enable -y nodejs\n").is_empty());
    }

    #[test]
    fn zypper_packages_need_an_operator() {
        let src = "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 'jq>=1.7' git\n";
        assert_eq!(texts(C, src), ["git"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `git` is not pinned to a version (`name=version`)"
        );
        assert_eq!(
            texts(
                C,
                "FROM opensuse/leap:15.6\nRUN zypper --non-interactive in vim\n"
            ),
            ["vim"]
        );
        // An unquoted `>` is a redirection: the package is `jq`.
        assert_eq!(
            texts(C, "FROM opensuse/leap:15.6\nRUN zypper in -y jq>=1.7\n"),
            ["jq"]
        );
    }

    #[test]
    fn continuations_wrappers_heredocs() {
        let src = "FROM centos:7\nRUN yum install -y \\\n      httpd-2.4.6 \\\n      mod_ssl \\\n && yum clean all\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            texts(C, "FROM centos:7\nRUN sudo yum install -y jq\n"),
            ["jq"]
        );
        assert_eq!(
            texts(C, "FROM centos:7\nRUN sh -c 'yum install -y jq'\n"),
            ["jq"]
        );
        assert_eq!(
            lines(
                C,
                "FROM fedora:40\nRUN <<EOF\nset -e\ndnf install -y jq\nEOF\n"
            ),
            [4]
        );
        assert_eq!(
            lines(C, "FROM fedora:40\nONBUILD RUN dnf install -y jq\n"),
            [2]
        );
    }

    #[test]
    fn pinned_files_groups_and_option_values_are_clean() {
        for src in [
            "FROM centos:7\nRUN yum install -y httpd-2.4.57\n",
            "FROM centos:7\nRUN yum install -y httpd-2.4.6-99.el7 mod_ssl-1:2.4.6\n",
            "FROM centos:7\nRUN yum install -y ./local.rpm /tmp/x-1.0.rpm\n",
            "FROM centos:7\nRUN yum install -y --enablerepo epel --setopt=tsflags=nodocs jq-1.6\n",
            "FROM centos:7\nRUN yum install -y @development\n",
            "FROM fedora:40\nRUN dnf install -y 'dnf-command(config-manager)' /usr/bin/python3\n",
            "FROM centos:7\nRUN yum groupinstall -y 'Development Tools'\n",
            "FROM fedora:40\nRUN dnf group install -y development-tools\n",
            "FROM fedora:40\nRUN dnf remove -y httpd && dnf upgrade -y\n",
            "FROM fedora:40\nARG V=2.4.57\nRUN dnf install -y httpd-${V}\n",
            "FROM fedora:40\nRUN dnf install -y $UNKNOWN\n",
            "FROM opensuse/leap:15.6\nRUN zypper in -y -t pattern devel_basis\n",
            "FROM opensuse/leap:15.6\nRUN zypper in -y --repo oss ./x.rpm \"curl<9\"\n",
            "FROM opensuse/leap:15.6\nRUN zypper remove -y git\n",
            "FROM centos:7\nRUN echo yum install jq\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_judged_by_their_value() {
        let src = "FROM fedora:40\nARG PKGS=\"httpd-2.4 jq\"\nRUN dnf install -y $PKGS\n";
        assert_eq!(
            run(C, src)[0].message,
            "`$PKGS` installs packages not pinned to a version: `jq`"
        );
    }

    #[test]
    fn version_heuristic() {
        assert!(rpm_pinned("httpd-2.4.57"));
        assert!(rpm_pinned("foo-1.0_x"));
        assert!(rpm_pinned("httpd-2.4-x"));
        assert!(!rpm_pinned("my-pkg"));
        assert!(!rpm_pinned("httpd"));
        assert!(!rpm_pinned("httpd-"));
        assert!(!rpm_pinned("python3-pip"));
    }
}
