//! SS101 root-user (hadolint DL3002): the final stage's effective `USER` is
//! root, set explicitly (in the stage itself or in a stage it is built FROM).

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS101",
        name: "root-user",
        summary: "The final image runs as root because a USER instruction says so",
        severity: Severity::Error,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoRoot, Checklist::LeastPrivilege],
        owasp: &[Owasp::D01, Owasp::D04],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3002"),
            Equivalent::similar(Tool::Trivy, "DS-0002"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_8"),
            Equivalent::similar(Tool::Dockle, "CIS-DI-0001"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "A container whose process runs as root turns every bug in the application into \
root inside the container, and one kernel or runtime flaw away from root on the host. The user \
the image runs as is the last `USER` of the final stage (or of the stage it is built `FROM`); \
here it is `root`, `0`, or `root:…`/`0:…` (or Windows' `ContainerAdministrator`), after \
variable expansion.\n\n\
Create an unprivileged user (or use a numeric UID such as `65532`) and make it the last `USER` \
of the final stage. Running build steps as root in a *build* stage is fine and not reported: \
only the final stage becomes the image. There is no automatic fix, because only you know which \
user the application should run as.\n\n\
Peers: hadolint DL3002 checks the last `USER` of *every* stage, so a root build stage is \
reported too (users report this as a false positive, hadolint#405); we judge the final stage \
only. Trivy DS-0002 takes the last `USER` anywhere in the file, which may belong to a build \
stage, and also reports a file without `USER` (our SS102). Checkov CKV_DOCKER_8 only catches \
the literal word `root` and Dockle CIS-DI-0001 only `root` in the image config; `0`, `0:0` and \
`root:root` slip past both. None of them expands variables (`USER ${RUN_AS}` with default \
`root`).",
        bad: "FROM alpine:3.20\nRUN adduser -D app\nUSER root\nCMD [\"/app\"]\n",
        good: "FROM alpine:3.20\nRUN adduser -D app\nUSER app\nCMD [\"/app\"]\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(last) = cx.model.final_stage() else {
        return;
    };
    let Some(user) = &last.user else { return };
    let admin = user
        .user
        .trim()
        .eq_ignore_ascii_case("ContainerAdministrator");
    if !user.exact || !(user.is_root() || admin) {
        return;
    }
    let shown = if user.raw == user.user {
        format!("`{}`", user.user)
    } else {
        format!("`{}` (`{}`)", user.raw, user.user)
    };
    let who = if admin { "the administrator" } else { "root" };
    let message = format!("The final image runs as {who}: `USER` is {shown}");
    let reported = out.report(user.arg_span, message);
    if user.is_inherited(last.index) {
        let from = cx.model.instruction(last.from).map(|i| i.keyword_span);
        if let Some(span) = from {
            reported.related(
                span,
                "The final stage inherits this user from its base stage",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS101";

    #[test]
    fn explicit_root_in_the_final_stage() {
        for user in ["root", "0", "0:0", "root:root", "0:1000", "root:app", "000"] {
            let src = format!("FROM debian:12\nUSER {user}\n");
            assert_eq!(texts(CODE, &src), vec![user], "USER {user}");
        }
    }

    #[test]
    fn windows_administrator() {
        let src =
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n";
        let d = run(CODE, src);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "The final image runs as the administrator: `USER` is `ContainerAdministrator`"
        );
        let src = "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerAdministrator\nRUN x\nUSER ContainerUser\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn message_names_the_user() {
        let d = run(CODE, "FROM debian:12\nUSER 0:0\n");
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "The final image runs as root: `USER` is `0:0`"
        );
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn variables_are_expanded() {
        let src = "FROM debian:12\nARG RUN_AS=root\nUSER ${RUN_AS}\n";
        assert_eq!(texts(CODE, src), vec!["${RUN_AS}"]);
        let d = run(CODE, src);
        assert!(
            d[0].message.contains("`${RUN_AS}` (`root`)"),
            "{}",
            d[0].message
        );
        // ENV works as well.
        assert_eq!(
            lines(CODE, "FROM debian:12\nENV U=0\nUSER $U:$U\n"),
            vec![3]
        );
    }

    #[test]
    fn unknown_or_unset_values_are_not_findings() {
        // No default: unset in a plain build, the user is empty, not root.
        assert!(run(CODE, "FROM debian:12\nARG RUN_AS\nUSER $RUN_AS\n").is_empty());
        // A value from the base image's environment is unknown.
        assert!(run(CODE, "FROM debian:12\nUSER $APP_UID\n").is_empty());
    }

    #[test]
    fn the_last_user_wins() {
        let src = "FROM debian:12\nUSER root\nRUN apt-get update\nUSER app\n";
        assert!(run(CODE, src).is_empty());
        let src = "FROM debian:12\nUSER app\nRUN make\nUSER root\n";
        assert_eq!(lines(CODE, src), vec![4]);
    }

    #[test]
    fn a_root_build_stage_is_fine() {
        let src = "FROM golang:1.22 AS build\nUSER root\nRUN go build -o /app\n\
                   FROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\nUSER 65532\n";
        assert!(run(CODE, src).is_empty());
        // Even when the final stage sets no user at all (that is SS102's concern).
        let src = "FROM golang:1.22 AS build\nUSER root\nFROM alpine:3.20\nCMD [\"x\"]\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn inherited_from_the_parent_stage() {
        let src = "FROM debian:12 AS base\nUSER root\nRUN make\nFROM base\nCMD [\"/app\"]\n";
        assert_eq!(lines(CODE, src), vec![2]);
        let d = run(CODE, src);
        assert_eq!(d[0].related.len(), 1);
        assert_eq!(d[0].related[0].span.text(src), "FROM");
        // The final stage overrides the parent's root user.
        let src = "FROM debian:12 AS base\nUSER root\nFROM base\nUSER app\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn near_misses() {
        for user in ["rooty", "app", "1000", "1000:0", "nobody", "10"] {
            let src = format!("FROM debian:12\nUSER {user}\n");
            assert!(run(CODE, &src).is_empty(), "USER {user}");
        }
        // ONBUILD USER root applies to a later build, not this image.
        assert!(run(CODE, "FROM debian:12\nUSER app\nONBUILD USER root\n").is_empty());
    }

    #[test]
    fn continuation_lines_and_crlf() {
        let src = "FROM debian:12\r\nUSER \\\r\n  root\r\n";
        assert_eq!(texts(CODE, src), vec!["root"]);
    }
}
