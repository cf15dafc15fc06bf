//! SS505 apt-no-install-recommends (hadolint DL3015, Trivy DS-0029):
//! `apt-get install` that also installs recommended packages.

use super::packages_support::{invocations, Manager};
use super::RuleDef;
use crate::diagnostic::{Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS505",
        name: "apt-no-install-recommends",
        summary: "Apt installs recommended packages along with the ones named",
        severity: Severity::Info,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::TrustedBase, Checklist::ManageLayers],
        owasp: &[Owasp::D04],
        equivalents: &[
            Equivalent::same(Tool::Hadolint, "DL3015"),
            Equivalent::similar(Tool::Trivy, "DS-0029"),
        ],
        fix: FixKind::Unsafe,
        default_enabled: true,
        why: "By default apt installs a package's *Recommends* along with it: documentation, \
helpers, sometimes whole language runtimes or daemons nobody asked for. Each one is more code \
in the image to scan, patch and attack, and a bigger layer. Install only what you name with \
`apt-get install --no-install-recommends` (or `-o APT::Install-Recommends=false`), and add the \
few recommended packages you really need by name.\n\n\
The fix inserts `--no-install-recommends` after `install`. It is marked unsafe because it \
changes which packages end up in the image: something the program relied on may have come in \
only as a recommendation (`ca-certificates` with `curl` is the classic case).\n\n\
Same inputs as hadolint DL3015, also through `sudo`, `env` or `sh -c \"…\"`. Trivy DS-0029 \
matches the RUN text with a regular expression and does not accept the `-o` form.",
        bad: "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10+deb12u8\n",
        good: "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if inv.manager != Manager::AptGet || !inv.is_sub(&["install"]) {
            continue;
        }
        if inv.has_flag("no-install-recommends") || inv.has_arg("APT::Install-Recommends=false") {
            continue;
        }
        let fix = inv
            .insert_after_sub(cx.src, "--no-install-recommends")
            .map(|e| Fix::unsafe_("Add `--no-install-recommends`", vec![e]));
        out.report(
            inv.command_span(),
            "`apt-get install` without `--no-install-recommends` also installs recommended packages",
        )
        .fix(fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const C: &str = "SS505";

    #[test]
    fn installs_with_recommends_are_reported() {
        assert_eq!(
            texts(C, "FROM debian:12\nRUN apt-get install -y curl=8\n"),
            ["apt-get install"]
        );
        assert_eq!(
            texts(C, "FROM debian:12\nRUN apt-get -y install curl=8\n"),
            ["apt-get -y install"]
        );
        let src = "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    DEBIAN_FRONTEND=noninteractive apt-get install -y \\\n        curl=8; \\\n    rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            lines(C, "FROM debian:12\nRUN sudo apt-get install -y curl=8\n"),
            [2]
        );
        assert_eq!(
            lines(
                C,
                "FROM debian:12\nRUN <<EOF\napt-get install -y curl=8\nEOF\n"
            ),
            [3]
        );
        assert_eq!(
            lines(
                C,
                "FROM debian:12\nRUN sh -c \"apt-get install -y curl=8\"\n"
            ),
            [2]
        );
    }

    #[test]
    fn disabled_recommends_and_other_commands_are_clean() {
        for src in [
            "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=8\n",
            "FROM debian:12\nRUN apt-get install -y curl=8 --no-install-recommends\n",
            "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl=8\n",
            "FROM debian:12\nRUN apt-get update && apt-get remove -y curl\n",
            "FROM debian:12\nRUN echo apt-get install curl\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn the_fix_is_unsafe_and_inserts_the_flag() {
        let src = "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl=8\n";
        assert!(run(C, src)[0]
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Unsafe));
        assert_eq!(
            fixed(C, src, true),
            "FROM debian:12\nRUN apt-get update \\\n && apt-get install --no-install-recommends -y curl=8\n"
        );
    }
}
