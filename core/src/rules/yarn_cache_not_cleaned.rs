//! SS517 yarn-cache-not-cleaned (hadolint DL3060): a RUN installs with yarn
//! and leaves yarn's cache in the image.

use super::packages_support::{
    append_command, cache_mount_targets, invocation, reportable_stage, Invocation, Manager,
};
use super::RuleDef;
use crate::diagnostic::{Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::shell::Command;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS517",
        name: "yarn-cache-not-cleaned",
        summary: "A yarn install leaves yarn's cache in the image",
        severity: Severity::Info,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[Owasp::D09],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3060")],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "yarn keeps a copy of every package archive it downloads in its global cache \
(`/usr/local/share/.cache/yarn` for root, `~/.cache/yarn` otherwise). Next to `node_modules` \
that doubles the size of the dependencies in the layer. Run `yarn cache clean` in the same \
RUN after the install, or mount the cache with BuildKit \
(`RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install …`), which is not \
reported.\n\n\
Reported on the last `yarn install`, bare `yarn`, `yarn add` or `yarn global add` of a RUN \
that no `yarn cache clean` (or `rm -r` of a `.cache/yarn` directory) follows, in the final \
stage and in stages a later `FROM` builds on. A build stage whose output is copied out is not \
reported: its cache never reaches the image.\n\n\
The fix appends `&& yarn cache clean` on a new continuation line after the RUN's last \
command; not for exec-form or heredoc RUNs.\n\n\
Compared with hadolint DL3060, which looks at the literal `yarn install` only: this rule also \
checks a bare `yarn` (the same install) and `yarn add`, requires the clean to come after the \
install (hadolint accepts `yarn cache clean && yarn install`), and looks through `sudo`, `env` \
and `sh -c \"…\"`.",
        bad: "FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n",
        good: "FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile \\\n    && yarn cache clean\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        if !reportable_stage(cx, run.stage) {
            continue;
        }
        let mounted = cache_mount_targets(run.instruction).iter().any(|t| {
            let t = t.trim_end_matches('/');
            t.ends_with(".cache/yarn") || t.ends_with("/.cache") || t.ends_with(".yarn/berry")
        });
        if mounted {
            continue;
        }
        let mut pending: Option<Invocation<'_>> = None;
        for command in run.commands() {
            if removes_yarn_cache(command) {
                pending = None;
                continue;
            }
            let Some(inv) = invocation(run, command) else {
                continue;
            };
            if inv.manager != Manager::Yarn {
                continue;
            }
            if inv.is_sub(&["cache"]) && inv.operands().first().is_some_and(|w| w.text == "clean") {
                pending = None;
            } else if installs(&inv) {
                pending = Some(inv);
            }
        }
        let Some(inv) = pending else { continue };
        let fix = append_command(cx, run, "yarn cache clean")
            .map(|e| Fix::safe("Append `yarn cache clean` to the RUN", vec![e]));
        let what = match inv.subcommand() {
            Some(s) => format!("yarn {s}"),
            None => "yarn".to_string(),
        };
        out.report(
            inv.command_span(),
            format!("`{what}` is not followed by `yarn cache clean`, so yarn's cache stays in the image"),
        )
        .fix(fix);
    }
}

/// `yarn`, `yarn install`, `yarn add`, `yarn global add`.
fn installs(inv: &Invocation<'_>) -> bool {
    match inv.subcommand() {
        None => true,
        Some("install" | "add") => true,
        Some("global") => inv.operands().first().is_some_and(|w| w.text == "add"),
        Some(_) => false,
    }
}

/// `rm -r …/.cache/yarn` (or its contents).
fn removes_yarn_cache(command: &Command) -> bool {
    let Some(v) = command.effective() else {
        return false;
    };
    v.is("rm")
        && v.has_any_flag(&["r", "R", "recursive"])
        && v.args_no_flags().iter().any(|w| {
            let t = w.text.trim_end_matches('*').trim_end_matches('/');
            t.ends_with(".cache/yarn")
        })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const C: &str = "SS517";

    #[test]
    fn installs_without_clean_are_reported() {
        let src = "FROM node:20\nRUN yarn install --frozen-lockfile\n";
        assert_eq!(texts(C, src), ["yarn install"]);
        assert_eq!(
            run(C, src)[0].message,
            "`yarn install` is not followed by `yarn cache clean`, so yarn's cache stays in the image"
        );
        assert_eq!(texts(C, "FROM node:20\nRUN yarn\n"), ["yarn"]);
        assert_eq!(
            run(C, "FROM node:20\nRUN yarn --production\n")[0].message,
            "`yarn` is not followed by `yarn cache clean`, so yarn's cache stays in the image"
        );
        assert_eq!(
            texts(C, "FROM node:20\nRUN yarn global add serve@14.2.3\n"),
            ["yarn global"]
        );
        assert_eq!(
            lines(C, "FROM node:20\nRUN yarn cache clean && yarn install\n"),
            [2]
        );
        assert_eq!(
            lines(C, "FROM node:20\nRUN <<EOF\nset -e\nyarn install\nEOF\n"),
            [4]
        );
        assert_eq!(
            lines(
                C,
                "FROM node:20 AS deps\nRUN yarn install\nFROM deps\nRUN true\n"
            ),
            [2]
        );
    }

    #[test]
    fn clean_mounts_build_stages_and_other_commands_are_clean() {
        for src in [
            "FROM node:20\nRUN yarn install && yarn cache clean\n",
            "FROM node:20\nRUN yarn install --frozen-lockfile \\\n && yarn cache clean --all\n",
            "FROM node:20\nRUN yarn && rm -rf /usr/local/share/.cache/yarn/*\n",
            "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "FROM node:20\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install\n",
            "FROM node:20 AS build\nRUN yarn install && yarn build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
            "FROM node:20\nRUN yarn build && yarn run test\n",
            "FROM node:20\nRUN echo yarn install\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_appends_yarn_cache_clean() {
        assert_eq!(
            fixed(
                C,
                "FROM node:20\nRUN yarn install --frozen-lockfile\n",
                false
            ),
            "FROM node:20\nRUN yarn install --frozen-lockfile \\\n    && yarn cache clean\n"
        );
        assert_eq!(
            fixed(
                C,
                "FROM node:20\nRUN yarn install \\\n  && yarn build\nCMD [\"node\", \"x\"]\n",
                false
            ),
            "FROM node:20\nRUN yarn install \\\n  && yarn build \\\n  && yarn cache clean\nCMD [\"node\", \"x\"]\n"
        );
        let d = run(C, "FROM node:20\nRUN <<EOF\nyarn install\nEOF\n");
        assert!(d[0].fix.is_none());
    }
}
