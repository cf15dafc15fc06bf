//! SS502 apt-unpinned (hadolint DL3008): `apt-get install` of a package
//! without a `=version` pin.

use super::packages_support::{report_unpinned, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS502",
        name: "apt-unpinned",
        summary: "An apt package is installed without a pinned version",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade, Checklist::SecureDependencies],
        owasp: &[Owasp::D02],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3008")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`apt-get install curl` installs whatever version the package index offers on the \
day of the build. Rebuilding the same Dockerfile can then silently bring in a different \
release, with new bugs or an incompatible change, and you cannot tell from the Dockerfile which \
version an image contains. Pin each package: `apt-get install curl=7.88.1-10+deb12u8` (find the \
version with `apt-cache policy curl` in the base image), and bump pins deliberately, for example \
with Renovate.\n\n\
Not reported: `pkg=version`; words with a `/` (`pkg/bookworm-backports` picks a release, \
`./local.deb` is a file); `.deb` files; the value of `-t`/`--target-release` and `-o`/`-c`. \
A package list held in a variable (`apt-get install $PACKAGES`) is judged by the value `ARG` or \
`ENV` give it; a variable the file does not define is not reported.\n\n\
One finding per unpinned package, on the package word. Compared with hadolint DL3008 (one \
finding per RUN), this rule also looks at `apt install` (hadolint reports only its use, as \
DL3027), at commands run through `sudo`, `env` or `sh -c \"…\"`, and at option values \
(`apt-get -o Foo=bar -c /etc/apt.conf install …`), and it does not report unknown variables.",
        bad: "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    report_unpinned(
        cx,
        out,
        |inv| matches!(inv.manager, Manager::AptGet | Manager::Apt) && inv.is_sub(&["install"]),
        is_pinned,
        "is not pinned to a version",
        "installs packages not pinned to a version",
    );
}

/// `pkg=version`, a path or `pkg/release`, or a `.deb` file.
fn is_pinned(package: &str) -> bool {
    package.contains('=') || package.contains('/') || package.ends_with(".deb")
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS502";

    #[test]
    fn each_unpinned_package_is_reported() {
        let src =
            "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl wget=1.21 git\n";
        assert_eq!(texts(C, src), ["curl", "git"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `curl` is not pinned to a version"
        );
    }

    #[test]
    fn continuation_lines_and_shell_styles() {
        let src = "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    DEBIAN_FRONTEND=noninteractive apt-get install -y \\\n        ca-certificates=20230311 \\\n        curl \\\n    ; rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(lines(C, src), [6]);
        assert_eq!(texts(C, src), ["curl"]);
    }

    #[test]
    fn wrappers_sh_c_heredocs_and_apt() {
        assert_eq!(
            texts(C, "FROM debian:12\nRUN sudo apt-get install -y curl\n"),
            ["curl"]
        );
        assert_eq!(
            texts(C, "FROM debian:12\nRUN apt install -y curl\n"),
            ["curl"]
        );
        assert_eq!(
            texts(C, "FROM debian:12\nRUN sh -c \"apt-get install -y curl\"\n"),
            ["curl"]
        );
        assert_eq!(
            lines(
                C,
                "FROM debian:12\nRUN <<EOF\nset -e\napt-get install -y jq\nEOF\n"
            ),
            [4]
        );
        assert_eq!(
            lines(C, "FROM debian:12\nONBUILD RUN apt-get install -y jq\n"),
            [2]
        );
        // Exec form: one finding, on the whole array.
        assert_eq!(
            run(
                C,
                "FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"jq\"]\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn pinned_files_releases_and_option_values_are_clean() {
        for src in [
            "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10+deb12u8\n",
            "FROM debian:12\nRUN apt-get install -y ./pkg.deb /tmp/other.deb\n",
            "FROM debian:12\nRUN apt-get install -y curl/bookworm-backports\n",
            "FROM debian:12\nRUN apt-get -t bookworm-backports install -y curl=8.5\n",
            "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confnew -c /etc/apt/x.conf install -y curl=8.5\n",
            "FROM debian:12\nRUN apt-get update && apt-get remove -y curl\n",
            "FROM debian:12\nRUN apt-get download curl\n",
            "FROM debian:12\nRUN echo apt-get install curl\n",
            "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_judged_by_their_value() {
        let src = "FROM debian:12\nARG PKGS=\"curl=8.5 wget\"\nRUN apt-get install -y $PKGS\n";
        assert_eq!(texts(C, src), ["$PKGS"]);
        assert_eq!(
            run(C, src)[0].message,
            "`$PKGS` installs packages not pinned to a version: `wget`"
        );
        let pinned =
            "FROM debian:12\nENV PKGS=\"curl=8.5 wget=1.21\"\nRUN apt-get install -y ${PKGS}\n";
        assert!(run(C, pinned).is_empty());
        let unknown = "FROM debian:12\nRUN apt-get install -y $PKGS $(cat /pkgs)\n";
        assert!(run(C, unknown).is_empty());
    }
}
