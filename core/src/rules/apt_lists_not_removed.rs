//! SS506 apt-lists-not-removed (hadolint DL3009, Dockle DKL-DI-0005): a RUN
//! that runs `apt-get update` and leaves the package lists in the image.

use super::packages_support::{
    append_command, has_cache_mount, invocation, reportable_stage, Invocation, Manager,
};
use super::support::Run;
use super::RuleDef;
use crate::diagnostic::{Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::shell::Command;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS506",
        name: "apt-lists-not-removed",
        summary: "A RUN updates the apt package lists and leaves them in the image",
        severity: Severity::Info,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[Owasp::D09],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3009"),
            Equivalent::similar(Tool::Dockle, "DKL-DI-0005"),
        ],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "`apt-get update` downloads the package indexes into `/var/lib/apt/lists` (tens of \
megabytes). Left there, they ship in the image layer, go stale at once, and tempt later steps \
into installing from an outdated index. Remove them in the same RUN, after the last install: \
`&& rm -rf /var/lib/apt/lists/*` (a later RUN cannot shrink an earlier layer). With BuildKit, \
a cache mount (`RUN --mount=type=cache,target=/var/lib/apt/lists …`, or on `/var/lib/apt`) \
keeps them out of the image too and is not reported.\n\n\
Reported for `apt-get`, `apt` and `aptitude` `update` in the final stage and in stages that a \
later `FROM` builds on (build stages whose files are only copied out do not matter). Cleanup \
counts when it comes after the last `update`: `rm` with `-r` of `/var/lib/apt/lists`, \
`/var/lib/apt/lists/*` (an unquoted glob: `\"…/*\"` in quotes removes nothing) or \
`/var/lib/apt`, or `apt-get dist-clean`.\n\n\
The fix appends `&& rm -rf /var/lib/apt/lists/*` on a new continuation line after the RUN's \
last command. It is not offered for exec-form or heredoc RUNs, nor when a later RUN of the \
stage runs `apt-get install` without its own `update` (removing the lists would break it).\n\n\
Differences: hadolint DL3009 accepts any `rm -rf` anywhere in the RUN (even \
`rm -rf /tmp/x`, or a cleanup before the update) and does not see `sudo`/`sh -c`; Dockle \
DKL-DI-0005 reads the image history and also fires on `apt-get install` without `update`.",
        bad: "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
        good: "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    },
    check,
};

const LISTS: &str = "/var/lib/apt/lists";

fn is_apt(inv: &Invocation<'_>) -> bool {
    matches!(
        inv.manager,
        Manager::AptGet | Manager::Apt | Manager::Aptitude
    )
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    // Per RUN: does its first apt command need lists it did not update?
    let relies: Vec<bool> = cx.runs.iter().map(relies_on_lists).collect();
    for (ri, run) in cx.runs.iter().enumerate() {
        if !reportable_stage(cx, run.stage) || has_cache_mount(run.instruction, LISTS) {
            continue;
        }
        // The last update of the RUN, and whether a cleanup follows it.
        let mut pending: Option<Invocation<'_>> = None;
        for command in run.commands() {
            if let Some(inv) = invocation(run, command).filter(is_apt) {
                if inv.is_sub(&["update"]) {
                    pending = Some(inv);
                } else if inv.manager == Manager::AptGet && inv.is_sub(&["dist-clean", "distclean"])
                {
                    pending = None;
                }
            } else if removes_lists(command) {
                pending = None;
            }
        }
        let Some(update) = pending else { continue };
        let fix = if later_run_needs_lists(cx, &relies, ri) {
            None
        } else {
            append_command(cx, run, &format!("rm -rf {LISTS}/*"))
                .map(|e| Fix::safe("Remove the apt lists at the end of the RUN", vec![e]))
        };
        out.report(
            update.command_span(),
            format!(
                "`{} update` leaves the package lists in the image; remove `{LISTS}/*` in the same RUN",
                update.name.text
            ),
        )
        .fix(fix);
    }
}

/// `rm -r… /var/lib/apt/lists/*` and friends.
fn removes_lists(command: &Command) -> bool {
    let Some(v) = command.effective() else {
        return false;
    };
    if !v.is("rm") || !v.has_any_flag(&["r", "R", "recursive"]) {
        return false;
    }
    v.args_no_flags().iter().any(|w| {
        let t = w.text.trim_end_matches('/');
        let (dir, glob) = match t.strip_suffix("/*") {
            Some(d) => (d, true),
            None => (t, false),
        };
        // A quoted glob is a literal `*`: nothing is removed.
        let glob_ok = !glob || !w.quoted;
        glob_ok && (dir == LISTS || dir == "/var/lib/apt")
    })
}

/// A later RUN of this stage (or of a stage built on it) installs with apt
/// before updating: it relies on the lists this RUN leaves.
fn later_run_needs_lists(cx: &Context<'_>, relies: &[bool], ri: usize) -> bool {
    let Some(run) = cx.runs.get(ri) else {
        return false;
    };
    let descends = |stage: Option<usize>| {
        let mut cur = stage;
        for _ in 0..cx.model.stages.len() + 1 {
            if cur == run.stage {
                return true;
            }
            cur = cur.and_then(|s| cx.model.stage(s)).and_then(|st| st.parent);
        }
        false
    };
    cx.runs
        .iter()
        .zip(relies)
        .skip(ri + 1)
        .any(|(later, &relies)| relies && descends(later.stage))
}

/// The RUN's first apt command installs (or the like) without an update.
fn relies_on_lists(run: &Run<'_>) -> bool {
    for command in run.commands() {
        if let Some(inv) = invocation(run, command).filter(is_apt) {
            return !inv.is_sub(&["update"]) && needs_lists(&inv);
        }
    }
    false
}

fn needs_lists(inv: &Invocation<'_>) -> bool {
    inv.is_sub(&[
        "install",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "build-dep",
        "source",
        "download",
        "reinstall",
    ])
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const C: &str = "SS506";

    #[test]
    fn update_without_cleanup_is_reported() {
        let src = "FROM debian:12\nRUN apt-get update && apt-get install -y curl=8\n";
        assert_eq!(texts(C, src), ["apt-get update"]);
        assert_eq!(
            run(C, src)[0].message,
            "`apt-get update` leaves the package lists in the image; remove `/var/lib/apt/lists/*` in the same RUN"
        );
        assert_eq!(lines(C, "FROM debian:12\nRUN apt update\n"), [2]);
        assert_eq!(lines(C, "FROM debian:12\nRUN aptitude update\n"), [2]);
        assert_eq!(
            lines(C, "FROM debian:12\nRUN sudo apt-get -q update\n"),
            [2]
        );
        assert_eq!(
            lines(
                C,
                "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\n"
            ),
            [4]
        );
    }

    #[test]
    fn cleanup_must_remove_the_lists_after_the_update() {
        for src in [
            "FROM debian:12\nRUN apt-get update && rm -rf /tmp/x\n",
            "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update\n",
            "FROM debian:12\nRUN apt-get update && rm -rf \"/var/lib/apt/lists/*\"\n",
            "FROM debian:12\nRUN apt-get update && rm -f /var/lib/apt/lists/*\n",
        ] {
            assert_eq!(lines(C, src), [2], "{src}");
        }
    }

    #[test]
    fn clean_runs_build_stages_and_cache_mounts() {
        for src in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl=8 && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN apt-get update && rm -fr /var/lib/apt/lists\n",
            "FROM debian:12\nRUN apt-get update && rm -r -f /var/lib/apt/lists/\n",
            "FROM debian:12\nRUN apt-get update && apt-get dist-clean\n",
            "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y curl=8; \\\n    rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update\n",
            "FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nCOPY --from=build /x /x\n",
            "FROM debian:12\nRUN apt-get install -y ./local.deb\n",
            "FROM debian:12\nRUN echo apt-get update\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn a_stage_built_on_is_reported() {
        let src = "FROM debian:12 AS base\nRUN apt-get update\nFROM base\nRUN echo hi\n";
        assert_eq!(lines(C, src), [2]);
    }

    #[test]
    fn fix_appends_a_continuation_line() {
        assert_eq!(
            fixed(C, "FROM debian:12\nRUN apt-get update && apt-get install -y curl=8\n", false),
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl=8 \\\n    && rm -rf /var/lib/apt/lists/*\n"
        );
        assert_eq!(
            fixed(C, "FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl=8\nUSER app\n", false),
            "FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl=8 \\\n  && rm -rf /var/lib/apt/lists/*\nUSER app\n"
        );
        // Sequential style ending in `;`.
        assert_eq!(
            fixed(C, "FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl=8;\n", false),
            "FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl=8; \\\n\trm -rf /var/lib/apt/lists/*\n"
        );
        // Compound command at the end.
        assert_eq!(
            fixed(C, "FROM debian:12\nRUN if true; then apt-get update; fi\n", false),
            "FROM debian:12\nRUN if true; then apt-get update; fi \\\n    && rm -rf /var/lib/apt/lists/*\n"
        );
    }

    #[test]
    fn fix_respects_crlf_and_the_escape_character() {
        assert_eq!(
            fixed(C, "FROM debian:12\r\nRUN apt-get update\r\n", false),
            "FROM debian:12\r\nRUN apt-get update \\\r\n    && rm -rf /var/lib/apt/lists/*\r\n"
        );
        assert_eq!(
            fixed(C, "# escape=`\nFROM debian:12\nRUN apt-get update `\n    && apt-get install -y curl=8\n", false),
            "# escape=`\nFROM debian:12\nRUN apt-get update `\n    && apt-get install -y curl=8 `\n    && rm -rf /var/lib/apt/lists/*\n"
        );
        assert_eq!(
            fixed(C, "FROM debian:12\nONBUILD RUN apt-get update\n", false),
            "FROM debian:12\nONBUILD RUN apt-get update \\\n    && rm -rf /var/lib/apt/lists/*\n"
        );
    }

    #[test]
    fn no_fix_where_it_would_break_something() {
        for src in [
            // Heredoc and exec form.
            "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n",
            "FROM debian:12\nRUN [\"apt-get\", \"update\"]\n",
            // A later RUN installs from these lists.
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl=8 && rm -rf /var/lib/apt/lists/*\n",
            // A trailing shell comment would swallow the cleanup.
            "FROM debian:12\nRUN apt-get update # refresh\n",
        ] {
            let d = run(C, src);
            assert_eq!(d.len(), 1, "{src}");
            assert!(d[0].fix.is_none(), "{src}");
        }
    }
}
