//! SS511 rpm-cache-not-cleaned (hadolint DL3032, DL3036, DL3040; Trivy
//! DS-0015, DS-0019, DS-0020, DS-0027): a RUN installs with yum, dnf,
//! microdnf or zypper and leaves their cache in the image.

use super::packages_support::{
    append_command, has_cache_mount, invocation, removes_dir, reportable_stage,
    yum_changes_packages, Invocation, Manager,
};
use super::RuleDef;
use crate::diagnostic::{Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS511",
        name: "rpm-cache-not-cleaned",
        summary: "A yum, dnf or zypper install leaves the package cache in the image",
        severity: Severity::Info,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[Owasp::D09],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3032"),
            Equivalent::similar(Tool::Hadolint, "DL3036"),
            Equivalent::similar(Tool::Hadolint, "DL3040"),
            Equivalent::similar(Tool::Trivy, "DS-0015"),
            Equivalent::similar(Tool::Trivy, "DS-0019"),
            Equivalent::similar(Tool::Trivy, "DS-0020"),
            Equivalent::similar(Tool::Trivy, "DS-0027"),
        ],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "yum, dnf and microdnf keep repository metadata (and often the downloaded packages) \
under `/var/cache/yum`, `/var/cache/dnf` or `/var/cache/libdnf5`; zypper under \
`/var/cache/zypp`. Left there they ship in the layer: tens to hundreds of megabytes of stale \
data. Clean up in the same RUN, after the last install (a later RUN cannot shrink an earlier \
layer): `&& yum clean all`, `&& dnf clean all`, `&& microdnf clean all`, `&& zypper clean \
--all`. With BuildKit, a cache mount on the cache directory \
(`RUN --mount=type=cache,target=/var/cache/dnf …`) keeps it out of the image too and is not \
reported.\n\n\
Reported on the last install-like command (`install`, `reinstall`, `localinstall`, \
`groupinstall`, `upgrade`, `update`, `distro-sync`, `makecache`, `module install`…; zypper \
`install`, `update`, `dist-upgrade`, `patch`, `source-install`) that no cleanup follows, in \
the final stage and in stages a later `FROM` builds on (files of a build stage that are only \
copied out do not reach the image). Cleanup counts when it comes after the install: \
`<yum|dnf|microdnf> clean all`, `zypper clean`/`cc`, or `rm -r` of the cache directory or its \
contents.\n\n\
The fix appends `&& <manager> clean all` (zypper: `zypper clean --all`) on a new continuation \
line after the RUN's last command; a later install re-downloads the metadata, so nothing \
breaks. It is not offered for exec-form or heredoc RUNs.\n\n\
Differences: hadolint DL3032 (yum `install`), DL3036 (zypper `install`/`in`) and DL3040 (dnf, \
microdnf) report build stages too, and DL3032/DL3040 accept any `rm -rf` anywhere in the RUN \
(even `rm -rf /tmp/x`) and a `yum clean` before the install; DL3032 ignores cache mounts. \
Trivy DS-0015 accepts any later command containing `all`, DS-0019/DS-0020/DS-0027 require the \
manager's clean to be its last command and know no cache mounts or `rm`.",
        bad: "FROM rockylinux:9\nRUN dnf install -y httpd-2.4.57\n",
        good: "FROM rockylinux:9\nRUN dnf install -y httpd-2.4.57 \\\n    && dnf clean all\n",
    },
    check,
};

const YUM_CACHES: &[&str] = &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"];
const ZYPP_CACHES: &[&str] = &["/var/cache/zypp"];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        if !reportable_stage(cx, run.stage) {
            continue;
        }
        let ins = run.instruction;
        let yum_mounted = YUM_CACHES.iter().any(|d| has_cache_mount(ins, d));
        let zypp_mounted = ZYPP_CACHES.iter().any(|d| has_cache_mount(ins, d));
        // The last install of each family that no cleanup has followed yet.
        let mut yum: Option<Invocation<'_>> = None;
        let mut zypp: Option<Invocation<'_>> = None;
        for command in run.commands() {
            if removes_dir(command, YUM_CACHES) {
                yum = None;
            }
            if removes_dir(command, ZYPP_CACHES) {
                zypp = None;
            }
            let Some(inv) = invocation(run, command) else {
                continue;
            };
            if inv.manager.is_yum_like() {
                if inv.is_sub(&["clean"]) && inv.operands().iter().any(|w| w.text == "all") {
                    yum = None;
                } else if fills_yum_cache(&inv) && !yum_mounted {
                    yum = Some(inv);
                }
            } else if inv.manager == Manager::Zypper {
                if inv.is_sub(&["clean", "cc"]) {
                    zypp = None;
                } else if fills_zypper_cache(&inv) && !zypp_mounted {
                    zypp = Some(inv);
                }
            }
        }
        for inv in [yum, zypp].into_iter().flatten() {
            let clean = match inv.manager {
                Manager::Zypper => "zypper clean --all".to_string(),
                m => format!("{} clean all", m.name()),
            };
            let fix = append_command(cx, run, &clean)
                .map(|e| Fix::safe(format!("Append `{clean}` to the RUN"), vec![e]));
            let sub = inv.subcommand().unwrap_or("install");
            out.report(
                inv.command_span(),
                format!(
                    "`{} {sub}` is not followed by `{clean}`, so the package cache stays in the image",
                    inv.manager.name()
                ),
            )
            .fix(fix);
        }
    }
}

fn fills_yum_cache(inv: &Invocation<'_>) -> bool {
    yum_changes_packages(inv) || inv.is_sub(&["makecache"])
}

fn fills_zypper_cache(inv: &Invocation<'_>) -> bool {
    inv.is_sub(&[
        "install",
        "in",
        "update",
        "up",
        "dist-upgrade",
        "dup",
        "patch",
        "source-install",
        "si",
    ])
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const C: &str = "SS511";

    #[test]
    fn installs_without_cleanup_are_reported() {
        let src = "FROM centos:7\nRUN yum install -y httpd-2.4.6\n";
        assert_eq!(texts(C, src), ["yum install"]);
        assert_eq!(
            run(C, src)[0].message,
            "`yum install` is not followed by `yum clean all`, so the package cache stays in the image"
        );
        assert_eq!(
            texts(C, "FROM fedora:40\nRUN dnf -y upgrade\n"),
            ["dnf -y upgrade"]
        );
        assert_eq!(
            run(C, "FROM ubi9-minimal:9.4\nRUN microdnf install -y jq-1.6\n")[0].message,
            "`microdnf install` is not followed by `microdnf clean all`, so the package cache stays in the image"
        );
        assert_eq!(
            run(C, "FROM opensuse/leap:15.6\nRUN zypper -n in jq=1.7\n")[0].message,
            "`zypper in` is not followed by `zypper clean --all`, so the package cache stays in the image"
        );
        assert_eq!(
            lines(C, "FROM fedora:40\nRUN dnf module install -y nodejs:20\n"),
            [2]
        );
    }

    #[test]
    fn cleanup_must_follow_the_last_install() {
        for src in [
            "FROM centos:7\nRUN yum clean all && yum install -y jq-1.6\n",
            "FROM centos:7\nRUN yum install -y jq-1.6 && yum clean all && yum install -y git-2\n",
            "FROM centos:7\nRUN yum install -y jq-1.6 && rm -rf /tmp/x\n",
            "FROM centos:7\nRUN yum install -y jq-1.6 && yum clean packages\n",
            "FROM centos:7\nRUN yum install -y jq-1.6 && rm -rf \"/var/cache/yum/*\"\n",
            "FROM opensuse/leap:15.6\nRUN zypper clean && zypper in -y jq=1\n",
        ] {
            assert_eq!(lines(C, src), [2], "{src}");
        }
        // The last install is reported.
        assert_eq!(
            texts(
                C,
                "FROM centos:7\nRUN yum install -y a-1 && yum clean all && yum install -y b-1\n"
            ),
            ["yum install"]
        );
    }

    #[test]
    fn cleanups_mounts_build_stages_and_other_commands_are_clean() {
        for src in [
            "FROM centos:7\nRUN yum install -y jq-1.6 && yum clean all\n",
            "FROM centos:7\nRUN yum install -y jq-1.6 && rm -rf /var/cache/yum/*\n",
            "FROM centos:7\nRUN yum install -y jq-1.6 && rm -rf /var/cache/yum\n",
            "FROM fedora:40\nRUN dnf install -y jq-1.7 && rm -rf /var/cache/libdnf5*\n",
            "FROM fedora:40\nRUN set -eux; \\\n    dnf install -y jq-1.7; \\\n    dnf clean all\n",
            "FROM fedora:40\nRUN dnf install -y jq-1.7 && sudo dnf clean all\n",
            "FROM ubi9-minimal:9.4\nRUN microdnf install -y jq-1.6 && microdnf clean all\n",
            "FROM opensuse/leap:15.6\nRUN zypper in -y jq=1 && zypper cc -a\n",
            "FROM opensuse/leap:15.6\nRUN zypper in -y jq=1 && zypper clean\n",
            "FROM opensuse/leap:15.6\nRUN zypper in -y jq=1 && rm -rf /var/cache/zypp/*\n",
            "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y jq-1.7\n",
            "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/libdnf5,sharing=locked dnf install -y jq-1.7\n",
            "FROM fedora:40\nRUN --mount=type=tmpfs,target=/var/cache dnf install -y jq-1.7\n",
            "FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper in -y jq=1\n",
            "FROM fedora:40 AS build\nRUN dnf install -y gcc-14\nFROM fedora:40\nCOPY --from=build /x /x\n",
            "FROM fedora:40\nRUN dnf remove -y jq && dnf info jq\n",
            "FROM opensuse/leap:15.6\nRUN zypper remove -y jq\n",
            "FROM fedora:40\nRUN echo dnf install jq\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn a_stage_built_on_and_heredocs_are_reported() {
        assert_eq!(
            lines(
                C,
                "FROM fedora:40 AS base\nRUN dnf install -y jq-1.7\nFROM base\nRUN true\n"
            ),
            [2]
        );
        assert_eq!(
            lines(
                C,
                "FROM fedora:40\nRUN <<EOF\nset -e\ndnf install -y jq-1.7\nEOF\n"
            ),
            [4]
        );
        assert_eq!(
            lines(C, "FROM fedora:40\nRUN sh -c 'dnf install -y jq-1.7'\n"),
            [2]
        );
        // Both families in one RUN: one finding each.
        assert_eq!(
            texts(C, "FROM x:1\nRUN yum install -y a-1 && zypper in -y b=1\n"),
            ["yum install", "zypper in"]
        );
    }

    #[test]
    fn fix_appends_the_clean_command() {
        assert_eq!(
            fixed(C, "FROM centos:7\nRUN yum install -y httpd-2.4.6\n", false),
            "FROM centos:7\nRUN yum install -y httpd-2.4.6 \\\n    && yum clean all\n"
        );
        assert_eq!(
            fixed(
                C,
                "FROM fedora:40\nRUN dnf install -y \\\n      jq-1.7 \\\n  && rm -rf /tmp/x\nUSER app\n",
                false
            ),
            "FROM fedora:40\nRUN dnf install -y \\\n      jq-1.7 \\\n  && rm -rf /tmp/x \\\n  && dnf clean all\nUSER app\n"
        );
        assert_eq!(
            fixed(
                C,
                "FROM opensuse/leap:15.6\nRUN set -eux; \\\n\tzypper -n in jq=1;\n",
                false
            ),
            "FROM opensuse/leap:15.6\nRUN set -eux; \\\n\tzypper -n in jq=1; \\\n\tzypper clean --all\n"
        );
    }

    #[test]
    fn two_families_in_one_run_get_both_cleanups() {
        assert_eq!(
            fixed(
                C,
                "FROM x:1\nRUN yum install -y a-1 && zypper in -y b=1\n",
                false
            ),
            "FROM x:1\nRUN yum install -y a-1 && zypper in -y b=1 \\\n    && yum clean all \\\n    && zypper clean --all\n"
        );
    }

    #[test]
    fn no_fix_for_heredocs_exec_form_or_trailing_comments() {
        for src in [
            "FROM fedora:40\nRUN <<EOF\ndnf install -y jq-1.7\nEOF\n",
            "FROM fedora:40\nRUN [\"dnf\", \"install\", \"-y\", \"jq-1.7\"]\n",
            "FROM fedora:40\nRUN dnf install -y jq-1.7 # tools\n",
        ] {
            let d = run(C, src);
            assert_eq!(d.len(), 1, "{src}");
            assert!(d[0].fix.is_none(), "{src}");
        }
    }
}
