//! SS507 apk-no-cache (hadolint DL3019, Dockle DKL-DI-0004, Trivy DS-0025):
//! `apk add` without `--no-cache`.

use super::packages_support::{has_cache_mount, invocations, Manager};
use super::RuleDef;
use crate::diagnostic::{Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS507",
        name: "apk-no-cache",
        summary: "An apk install runs without `--no-cache`",
        severity: Severity::Info,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[Owasp::D09],
        equivalents: &[
            Equivalent::same(Tool::Hadolint, "DL3019"),
            Equivalent::similar(Tool::Dockle, "DKL-DI-0004"),
            Equivalent::similar(Tool::Trivy, "DS-0025"),
        ],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "Without `--no-cache`, `apk add` relies on an index fetched earlier (or by \
`apk update` / `--update`) and leaves it under `/var/cache/apk` in the layer: stale metadata \
that makes the image bigger and says nothing useful. `apk add --no-cache` fetches a fresh index \
for this command and keeps nothing, so no `apk update` and no `rm -rf /var/cache/apk/*` are \
needed. A BuildKit cache mount on `/var/cache/apk` (`RUN --mount=type=cache,target=/var/cache/apk`) \
keeps the cache out of the image too and is not reported.\n\n\
The fix inserts `--no-cache` after `add`; the packages installed are the same.\n\n\
Same inputs as hadolint DL3019 (a later `rm -rf /var/cache/apk/*` does not count, there as \
here: use the flag), also through `sudo`, `env` or `sh -c \"…\"`. Dockle DKL-DI-0004 finds \
the same in an image's history; Trivy DS-0025 ignores cache mounts.",
        bad: "FROM alpine:3.20\nRUN apk add curl=8.9.1-r0\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if inv.manager != Manager::Apk || !inv.is_sub(&["add"]) || inv.has_flag("no-cache") {
            continue;
        }
        if has_cache_mount(inv.run.instruction, "/var/cache/apk") {
            continue;
        }
        let fix = inv
            .insert_after_sub(cx.src, "--no-cache")
            .map(|e| Fix::safe("Add `--no-cache`", vec![e]));
        out.report(
            inv.command_span(),
            "`apk add` without `--no-cache` leaves the package index in the image",
        )
        .fix(fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const C: &str = "SS507";

    #[test]
    fn add_without_no_cache_is_reported() {
        assert_eq!(
            texts(C, "FROM alpine:3.20\nRUN apk add jq=1.7.1-r0\n"),
            ["apk add"]
        );
        assert_eq!(
            texts(C, "FROM alpine:3.20\nRUN apk --update add jq=1.7.1-r0\n"),
            ["apk --update add"]
        );
        // Removing the cache afterwards does not count.
        assert_eq!(
            lines(
                C,
                "FROM alpine:3.20\nRUN apk add jq=1 && rm -rf /var/cache/apk/*\n"
            ),
            [2]
        );
        let src =
            "FROM alpine:3.20\nRUN set -eux; \\\n    apk update; \\\n    apk add \\\n      jq=1\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(lines(C, "FROM alpine:3.20\nRUN sudo apk add jq=1\n"), [2]);
        assert_eq!(
            lines(C, "FROM alpine:3.20\nRUN <<EOF\napk add jq=1\nEOF\n"),
            [3]
        );
        assert_eq!(
            lines(C, "FROM alpine:3.20\nRUN sh -c \"apk add jq=1\"\n"),
            [2]
        );
    }

    #[test]
    fn no_cache_cache_mounts_and_other_commands_are_clean() {
        for src in [
            "FROM alpine:3.20\nRUN apk add --no-cache jq=1\n",
            "FROM alpine:3.20\nRUN apk add jq=1 --no-cache\n",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add jq=1\n",
            "FROM alpine:3.20\nRUN apk del jq && apk info\n",
            "FROM alpine:3.20\nRUN echo apk add jq\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_inserts_the_flag() {
        assert_eq!(
            fixed(
                C,
                "FROM alpine:3.20\nRUN apk update && \\\n    apk add jq=1\n",
                false
            ),
            "FROM alpine:3.20\nRUN apk update && \\\n    apk add --no-cache jq=1\n"
        );
        assert_eq!(
            fixed(C, "FROM alpine:3.20\nRUN sh -c 'apk add jq=1'\n", false),
            "FROM alpine:3.20\nRUN sh -c 'apk add --no-cache jq=1'\n"
        );
    }
}
