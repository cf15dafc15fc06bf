//! SS602 build-host-network (no peer equivalent): `RUN --network=host`
//! runs a build step in the host's network namespace.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS602",
        name: "build-host-network",
        summary: "A RUN step uses the host's network with --network=host",
        severity: Severity::Warning,
        category: Category::Network,
        target: Target::Dockerfile,
        checklist: &[Checklist::LeastPrivilege],
        owasp: &[Owasp::D03, Owasp::D05],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "`RUN --network=host` gives the step the build machine's network namespace \
instead of its own: it can reach services bound to the host's `localhost` (a Docker API on \
`127.0.0.1:2375`, metadata endpoints, databases, other builds' caches) and listen on the \
host's ports. Any script that step runs, including a compromised dependency's install \
hook, gets the same reach. BuildKit needs the `network.host` entitlement for it. Use the \
default network (or `--network=none` for steps that need no network at all), and reach \
services through their published addresses.\n\n\
Reported: each `RUN` (also `ONBUILD RUN`) with `--network=host`. `--network=default` and \
`--network=none` are clean. No peer linter checks `RUN` network flags.",
        bad: "FROM node:22-slim\nRUN --network=host npm ci\n",
        good: "FROM node:22-slim\nRUN npm ci\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for f in run.instruction.flags.iter().filter(|f| f.name == "network") {
            let Some(v) = f.value.as_ref() else { continue };
            let value = v.text.trim_matches(|c| c == '"' || c == '\'');
            if value.eq_ignore_ascii_case("host") {
                out.report(
                    f.span,
                    "`--network=host` gives this step the build machine's network, including its `localhost` services",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, texts};

    const CODE: &str = "SS602";

    #[test]
    fn host_network() {
        let src = "FROM debian:12\nRUN --network=host make\nRUN --mount=type=cache,target=/c \\\n    --network=host make\nONBUILD RUN --network=host make\n";
        assert_eq!(
            texts(CODE, src),
            ["--network=host", "--network=host", "--network=host"]
        );
        assert_eq!(lines(CODE, src), [2, 4, 5]);
    }

    #[test]
    fn near_misses() {
        let src = "FROM debian:12\nRUN --network=none make\nRUN --network=default make\nRUN docker run --network=host x\nRUN <<EOF\nmake --network=host\nEOF\n";
        assert!(lines(CODE, src).is_empty());
    }
}
