//! SS503 apk-unpinned (hadolint DL3018): `apk add` of a package without a
//! version constraint.

use super::packages_support::{report_unpinned, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS503",
        name: "apk-unpinned",
        summary: "An apk package is added without a version constraint",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade, Checklist::SecureDependencies],
        owasp: &[Owasp::D02],
        equivalents: &[Equivalent::same(Tool::Hadolint, "DL3018")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`apk add curl` installs whatever the Alpine repository offers on the day of the \
build, so two builds of the same Dockerfile can differ and a rebuild can bring in an untested \
release. Pin each package (`apk add curl=8.9.1-r0`) or constrain it (`curl~8.9`, \
`\"curl>8.9\"`), and bump the pins deliberately. Alpine keeps only the current version of a \
package in each branch, so pin together with a pinned base image (`alpine:3.20`) and expect to \
update pins when the branch moves.\n\n\
Not reported: `pkg=version`, `pkg~version`, `pkg>version`, `pkg<version` (quote the last two: \
unquoted, the shell reads `>` as a redirection and the package is unpinned), `.apk` files, and \
the values of `-t`/`--virtual`, `-X`/`--repository` and `--root`. A package list held in a \
variable is judged by the value `ARG` or `ENV` give it; a variable the file does not define is \
not reported.\n\n\
Same inputs as hadolint DL3018, reported once per unpinned package instead of once per RUN; it \
also sees commands run through `sudo`, `env` or `sh -c \"…\"`.",
        bad: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    report_unpinned(
        cx,
        out,
        |inv| inv.manager == Manager::Apk && inv.is_sub(&["add"]),
        is_pinned,
        "has no version constraint",
        "adds packages without a version constraint",
    );
}

fn is_pinned(package: &str) -> bool {
    package.contains(['=', '~', '>', '<']) || package.ends_with(".apk")
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS503";

    #[test]
    fn each_unpinned_package_is_reported() {
        let src = "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0 jq bash~5.2\n";
        assert_eq!(texts(C, src), ["jq"]);
        assert_eq!(
            run(C, src)[0].message,
            "Package `jq` has no version constraint"
        );
        // An unquoted `>` is a redirection: `c` is unpinned.
        assert_eq!(
            texts(C, "FROM alpine:3.20\nRUN apk add --no-cache c>1\n"),
            ["c"]
        );
    }

    #[test]
    fn continuations_wrappers_heredocs() {
        let src = "FROM alpine:3.20\nRUN set -eux; \\\n    apk add --no-cache \\\n        git=2.45.2-r0 \\\n        openssh\n";
        assert_eq!(lines(C, src), [5]);
        assert_eq!(
            texts(C, "FROM alpine:3.20\nRUN sudo apk add --no-cache jq\n"),
            ["jq"]
        );
        assert_eq!(
            lines(
                C,
                "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache jq\nEOF\n"
            ),
            [3]
        );
        assert_eq!(
            texts(C, "FROM alpine:3.20\nRUN sh -c 'apk add --no-cache jq'\n"),
            ["jq"]
        );
    }

    #[test]
    fn constraints_files_and_option_values_are_clean() {
        for src in [
            "FROM alpine:3.20\nRUN apk add --no-cache \"curl>8\" 'jq<2' bash~5\n",
            "FROM alpine:3.20\nRUN apk add --no-cache ./local.apk\n",
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps -X https://dl-cdn.alpinelinux.org/alpine/edge/testing gcc=13.2.1\n",
            "FROM alpine:3.20\nRUN apk add --no-cache -t .deps gcc=13.2.1\n",
            "FROM alpine:3.20\nRUN apk del curl && apk info jq\n",
            "FROM alpine:3.20\nRUN apk add --no-cache $UNKNOWN\n",
            "FROM debian:12\nRUN apt-get install -y curl=8\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn virtual_with_equals_takes_no_next_word() {
        assert_eq!(
            texts(
                C,
                "FROM alpine:3.20\nRUN apk add --no-cache --virtual=.deps gcc\n"
            ),
            ["gcc"]
        );
    }
}
