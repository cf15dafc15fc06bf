//! SS504 apt-get-yes (hadolint DL3014, DL3030, DL3034, DL3038; Trivy
//! DS-0021): a package install that would stop at a confirmation prompt.

use super::packages_support::{invocations, Invocation, Manager};
use super::RuleDef;
use crate::diagnostic::{Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS504",
        name: "apt-get-yes",
        summary: "A package install runs without its assume-yes option",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Hadolint, "DL3014"),
            Equivalent::same(Tool::Hadolint, "DL3030"),
            Equivalent::same(Tool::Hadolint, "DL3034"),
            Equivalent::same(Tool::Hadolint, "DL3038"),
            Equivalent::similar(Tool::Trivy, "DS-0021"),
        ],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "A build has no one to answer \"Do you want to continue? [Y/n]\". Without the \
assume-yes option, `apt-get install` reads end-of-file at the prompt and aborts as soon as it \
needs to install anything beyond the named packages, so whether the build works depends on what \
the base image already contains. Say yes up front:\n\n\
- `apt-get install -y` (or `--yes`, `--assume-yes`, or `-qq`, which implies it);\n\
- `yum install -y` / `--assumeyes` (also `groupinstall`, `localinstall`);\n\
- `dnf install -y` and `microdnf install -y` (also `groupinstall`, `localinstall`);\n\
- `zypper -n install` (global `--non-interactive`), or `-y`/`--no-confirm` after `install`, \
`in`, `remove`, `rm`, `source-install`, `si`, `patch`.\n\n\
The fix inserts `-y` after the subcommand (`-n` after `zypper`): the build then does what the \
Dockerfile asks instead of stopping.\n\n\
Same inputs as hadolint DL3014 (apt-get), DL3030 (yum), DL3038 (dnf, microdnf) and DL3034 \
(zypper), in one rule; commands run through `sudo`, `env` or `sh -c \"…\"` are seen too. \
Trivy DS-0021 checks apt-get only and does not count `-qq`. `apt install` is reported by \
`apt-instead-of-apt-get` (SS509); its fix makes it `apt-get install`, which this rule then checks.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u8\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        let Some((flag, fix)) = missing_yes(cx.src, &inv) else {
            continue;
        };
        let sub = inv.subcommand().unwrap_or("");
        out.report(
            inv.command_span(),
            format!(
                "`{} {sub}` without `{flag}` stops at its confirmation prompt",
                inv.name.text
            ),
        )
        .fix(fix.map(|e| Fix::safe(format!("Add `{flag}`"), vec![e])));
    }
}

/// The flag to add and the edit adding it, when the command lacks it.
fn missing_yes(
    src: &str,
    inv: &Invocation<'_>,
) -> Option<(&'static str, Option<crate::diagnostic::Edit>)> {
    match inv.manager {
        Manager::AptGet => {
            let missing = inv.is_sub(&["install"])
                && !inv.has_any_flag(&["y", "yes", "assume-yes"])
                && quiet_level(inv) < 2;
            missing.then(|| ("-y", inv.insert_after_sub(src, "-y")))
        }
        Manager::Yum | Manager::Dnf | Manager::Microdnf => {
            let missing = inv.is_sub(&["install", "groupinstall", "localinstall"])
                && !inv.has_any_flag(&["y", "assumeyes"]);
            missing.then(|| ("-y", inv.insert_after_sub(src, "-y")))
        }
        Manager::Zypper => {
            let missing = inv.is_sub(&[
                "install",
                "in",
                "remove",
                "rm",
                "source-install",
                "si",
                "patch",
            ]) && !inv.has_any_flag(&["n", "non-interactive", "y", "no-confirm"]);
            missing.then(|| ("-n", inv.insert_after_name(src, "-n")))
        }
        _ => None,
    }
}

/// apt's quiet level: `-q` counts one per letter, `--quiet` one, `-q=N` N.
fn quiet_level(inv: &Invocation<'_>) -> u32 {
    let mut level = 0u32;
    for a in inv.args.iter().take_while(|a| a.text != "--") {
        let t = a.text.as_str();
        if let Some(v) = t.strip_prefix("-q=").or_else(|| t.strip_prefix("--quiet=")) {
            level = level.saturating_add(v.parse().unwrap_or(0));
        } else if t == "--quiet" {
            level = level.saturating_add(1);
        } else if let Some(short) = t.strip_prefix('-').filter(|s| !s.starts_with('-')) {
            let n = short.bytes().filter(|&b| b == b'q').count();
            level = level.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        }
    }
    level
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const C: &str = "SS504";

    #[test]
    fn installs_without_yes_are_reported() {
        let src = "FROM debian:12\nRUN apt-get update && apt-get install curl=8\n";
        assert_eq!(texts(C, src), ["apt-get install"]);
        assert_eq!(
            run(C, src)[0].message,
            "`apt-get install` without `-y` stops at its confirmation prompt"
        );
        assert_eq!(
            texts(C, "FROM centos:7\nRUN yum install curl-7.29.0\n"),
            ["yum install"]
        );
        assert_eq!(
            texts(
                C,
                "FROM fedora:40\nRUN dnf groupinstall 'Development Tools'\n"
            ),
            ["dnf groupinstall"]
        );
        assert_eq!(
            texts(C, "FROM fedora:40\nRUN microdnf install jq-1.7\n"),
            ["microdnf install"]
        );
        assert_eq!(
            texts(C, "FROM opensuse/leap:15\nRUN zypper in jq=1.6\n"),
            ["zypper in"]
        );
        assert_eq!(
            texts(C, "FROM opensuse/leap:15\nRUN zypper patch\n"),
            ["zypper patch"]
        );
        // One `-q` is not enough.
        assert_eq!(
            lines(C, "FROM debian:12\nRUN apt-get -q install curl=8\n"),
            [2]
        );
    }

    #[test]
    fn continuations_wrappers_and_heredocs() {
        let src = "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    DEBIAN_FRONTEND=noninteractive apt-get install \\\n        curl=8\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            lines(C, "FROM debian:12\nRUN sudo apt-get install curl=8\n"),
            [2]
        );
        assert_eq!(
            lines(
                C,
                "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install curl=8\nEOF\n"
            ),
            [4]
        );
        assert_eq!(
            lines(
                C,
                "FROM debian:12\nRUN bash -c \"apt-get install curl=8\"\n"
            ),
            [2]
        );
    }

    #[test]
    fn yes_in_any_spelling_is_clean() {
        for src in [
            "FROM debian:12\nRUN apt-get install -y curl=8\n",
            "FROM debian:12\nRUN apt-get install curl=8 -y\n",
            "FROM debian:12\nRUN apt-get -qy install curl=8\n",
            "FROM debian:12\nRUN apt-get --yes install curl=8\n",
            "FROM debian:12\nRUN apt-get --assume-yes install curl=8\n",
            "FROM debian:12\nRUN apt-get -qq install curl=8\n",
            "FROM debian:12\nRUN apt-get -q -q install curl=8\n",
            "FROM debian:12\nRUN apt-get --quiet --quiet install curl=8\n",
            "FROM debian:12\nRUN apt-get -q=2 install curl=8\n",
            "FROM debian:12\nRUN apt-get update && apt-get remove curl\n",
            "FROM centos:7\nRUN yum --assumeyes install curl-7.29.0\n",
            "FROM fedora:40\nRUN dnf -y install jq-1.7 && microdnf install -y jq-1.7\n",
            "FROM opensuse/leap:15\nRUN zypper -n in jq=1.6 && zypper --non-interactive rm jq\n",
            "FROM opensuse/leap:15\nRUN zypper in -y jq=1.6 && zypper si --no-confirm jq\n",
            "FROM opensuse/leap:15\nRUN zypper refresh\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fixes_insert_the_flag() {
        assert_eq!(
            fixed(
                C,
                "FROM debian:12\nRUN apt-get update && \\\n    apt-get install curl=8\n",
                false
            ),
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl=8\n"
        );
        assert_eq!(
            fixed(C, "FROM centos:7\nRUN yum install curl-7.29.0\n", false),
            "FROM centos:7\nRUN yum install -y curl-7.29.0\n"
        );
        assert_eq!(
            fixed(C, "FROM opensuse/leap:15\nRUN zypper in jq=1.6\n", false),
            "FROM opensuse/leap:15\nRUN zypper -n in jq=1.6\n"
        );
        assert_eq!(
            fixed(
                C,
                "FROM debian:12\nRUN <<EOF\napt-get install curl=8\nEOF\n",
                false
            ),
            "FROM debian:12\nRUN <<EOF\napt-get install -y curl=8\nEOF\n"
        );
    }

    #[test]
    fn exec_form_gets_no_fix() {
        let d = run(
            C,
            "FROM debian:12\nRUN [\"apt-get\", \"install\", \"curl=8\"]\n",
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }
}
