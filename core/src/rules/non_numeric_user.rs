//! SS827 non-numeric-user (hadolint DL3066): the final image's `USER` is a
//! name, not a numeric uid.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS827",
        name: "non-numeric-user",
        summary: "The final image's USER is a name, not a numeric uid",
        severity: Severity::Info,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoRoot],
        owasp: &[Owasp::D01],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3066")],
        fix: FixKind::None,
        default_enabled: false,
        why: "A container runtime can only tell that an image runs as non-root from a numeric \
uid: Kubernetes' `runAsNonRoot` refuses to start an image whose user is a name (\"image has \
non-numeric user, cannot verify user is non-root\"), and policy tools reading the image \
config cannot resolve names without the image's `/etc/passwd`. Create the user with a \
fixed uid and use the number (`USER 10001:10001`).\n\n\
Off by default: it matters where such policies are enforced, and names are common and \
otherwise harmless. Only the final image's effective `USER` is judged (the last `USER` of the \
last stage or of the stage it is built on), after variable expansion; the group part is not \
judged. `root` is reported here too; SS101 reports it as root.\n\n\
hadolint DL3066 checks every `USER` of every stage at the version studied (its PR #1239, \
merged later, limits it to the last `USER` of the last stage, as here) and skips any value \
that is a variable instead of expanding it.",
        bad: "FROM node:22-alpine\nUSER node\n",
        good: "FROM node:22-alpine\nUSER 1000:1000\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(user) = cx.model.final_stage().and_then(|s| s.user.as_ref()) else {
        return;
    };
    if !user.exact {
        return;
    }
    let name = user.user.trim().split(':').next().unwrap_or("");
    if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    out.report(
        user.arg_span,
        format!("The final image runs as user `{name}`, a name rather than a numeric uid"),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS827";

    #[test]
    fn final_user_names() {
        assert_eq!(texts(CODE, "FROM node:22\nUSER node\n"), ["node"]);
        assert_eq!(
            run(CODE, "FROM node:22\nUSER app:1000\n")[0].message,
            "The final image runs as user `app`, a name rather than a numeric uid"
        );
        let src = "FROM node:22 AS base\nUSER app\nFROM base\nRUN true\n";
        assert_eq!(lines(CODE, src), [2]);
        let src = "FROM node:22\nARG U=app\nUSER $U\n";
        assert_eq!(texts(CODE, src), ["$U"]);
    }

    #[test]
    fn near_misses() {
        for src in [
            "FROM node:22\nUSER 1000\n",
            "FROM node:22\nUSER 1000:app\n",
            "FROM node:22 AS build\nUSER app\nFROM node:22\nUSER 1000\n",
            "FROM node:22 AS build\nUSER app\nFROM node:22\n",
            "FROM node:22\nARG TARGETARCH\nUSER $TARGETARCH\n",
            "FROM node:22\nRUN useradd app\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
