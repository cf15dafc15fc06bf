//! SS102 no-user (Checkov CKV_DOCKER_3): the final stage sets no `USER` (nor
//! inherits one from a parent stage) and its base image is not known to run
//! as a non-root user.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::model::{Base, ImageRef, Model, Stage};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS102",
        name: "no-user",
        summary: "The final image sets no USER and its base image is not known to run as non-root",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoRoot, Checklist::LeastPrivilege],
        owasp: &[Owasp::D01],
        equivalents: &[
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_3"),
            Equivalent::similar(Tool::Trivy, "DS-0002"),
            Equivalent::similar(Tool::Dockle, "CIS-DI-0001"),
        ],
        fix: FixKind::Unsafe,
        default_enabled: true,
        why: "Without a `USER` instruction a container runs as whatever user its base image \
declares, and for almost every general-purpose image (`debian`, `ubuntu`, `alpine`, `node`, \
`python`…) that is root. `FROM scratch` has no user database at all: the process runs as \
uid 0. Make the user explicit: add `USER` with an unprivileged user or a numeric UID as the \
last user switch of the final stage.\n\n\
The rule looks at the final stage and the stages it is built `FROM`. It stays silent when the \
base image is known to run as a non-root user: distroless images with a `nonroot` tag \
(`gcr.io/distroless/static:nonroot`, `:debug-nonroot`), Chainguard images \
(`cgr.dev/chainguard/*`, except `wolfi-base`, `chainguard-base`, `busybox` and `-dev` tags, \
which builders commonly switch to root), Bitnami images (`bitnami/*`, uid 1001, except \
`bitnami/minideb`), `nginxinc/nginx-unprivileged`, `rootless` tags \
(`docker:dind-rootless`), and Windows `mcr.microsoft.com/windows/nanoserver` (it runs as \
`ContainerUser`). A base given by a variable without a value is not judged.\n\n\
The unsafe fix appends `USER 65532:65532` (the uid distroless and Chainguard use for \
`nonroot`) at the end of the final stage; the application must be able to run as that uid \
(readable files, no privileged ports below 1024).\n\n\
Peers: Checkov CKV_DOCKER_3 and Trivy DS-0002 report a file with no `USER` anywhere, so a \
`USER` in a build stage hides the problem and a non-root base image is reported anyway; \
Dockle CIS-DI-0001 sees the real user, but only in a built image.",
        bad: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
        good: "FROM python:3.12-slim\nCOPY app.py /app/\nUSER 65532:65532\nCMD [\"python\", \"/app/app.py\"]\n",
    },
    check,
};

/// The user the fix switches to.
const FIX_USER: &str = "USER 65532:65532";

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(last) = cx.model.final_stage() else {
        return;
    };
    if last.user.is_some() {
        return;
    }
    let Some(from) = cx.model.instruction(last.from) else {
        return;
    };
    let message = match root_base(&cx.model, last) {
        Some(Base::Scratch) => {
            "The final stage is built `FROM scratch` and sets no `USER`, so it runs as uid 0"
                .to_string()
        }
        Some(Base::Image(r)) if runs_as_non_root(r) => return,
        Some(Base::Image(r)) => format!(
            "The final stage sets no `USER`; base image `{}` is not known to run as non-root",
            r.familiar()
        ),
        _ => return,
    };
    let fix = fix(cx, last);
    out.report(from.keyword_span, message).fix(fix);
}

/// The base of the stage's chain of parent stages.
fn root_base<'m>(model: &'m Model<'_>, stage: &'m Stage) -> Option<&'m Base> {
    let mut s = stage;
    // Parents come strictly earlier, so this ends; the bound guards anyway.
    for _ in 0..=model.stages.len() {
        match s.base {
            Base::Stage(p) if p < s.index => s = model.stage(p)?,
            _ => return Some(&s.base),
        }
    }
    None
}

/// The images known to declare a non-root user.
fn runs_as_non_root(r: &ImageRef) -> bool {
    let tag = r.tag.as_deref().unwrap_or("");
    let has_tag_part = |part: &str| tag.split('-').any(|p| p == part);
    let repo = r.repository.as_str();
    let name = repo.rsplit('/').next().unwrap_or(repo);
    match r.registry.as_str() {
        "gcr.io" if repo.starts_with("distroless/") => has_tag_part("nonroot"),
        "cgr.dev" if repo.starts_with("chainguard/") => {
            !matches!(name, "wolfi-base" | "chainguard-base" | "busybox") && !has_tag_part("dev")
        }
        _ if has_tag_part("rootless") => true,
        "docker.io" => {
            (repo.starts_with("bitnami/") && repo != "bitnami/minideb")
                || repo == "nginxinc/nginx-unprivileged"
        }
        "ghcr.io" => repo == "nginxinc/nginx-unprivileged",
        // Nano Server runs as `ContainerUser`; Server Core as the administrator.
        "mcr.microsoft.com" => repo == "windows/nanoserver",
        _ => false,
    }
}

/// Appends `USER 65532:65532` after the final stage's last instruction,
/// with the line ending the file uses there.
fn fix(cx: &Context<'_>, last: &Stage) -> Option<Fix> {
    let end = last.instructions.clone().next_back()?;
    let ins = cx.model.instruction(end)?;
    let at = ins.span.end;
    let rest = cx.src.get(at..).unwrap_or("");
    let eol = if rest.starts_with("\r\n") {
        "\r\n"
    } else if rest.starts_with('\n') {
        "\n"
    } else if rest.starts_with('\r') {
        "\r"
    } else {
        file_line_ending(cx.src)
    };
    Some(Fix::unsafe_(
        "Run as an unprivileged user",
        vec![Edit::insert(at, format!("{eol}{FIX_USER}"))],
    ))
}

/// The first line ending of the file (`\n` when it has none).
fn file_line_ending(src: &str) -> &'static str {
    match src.find(['\r', '\n']) {
        Some(i) if src.get(i..).is_some_and(|r| r.starts_with("\r\n")) => "\r\n",
        Some(i) if src.get(i..).is_some_and(|r| r.starts_with('\r')) => "\r",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS102";

    #[test]
    fn no_user_on_a_root_base() {
        let src = "FROM debian:12\nRUN apt-get update\nCMD [\"bash\"]\n";
        assert_eq!(texts(CODE, src), vec!["FROM"]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "The final stage sets no `USER`; base image `debian:12` is not known to run as non-root"
        );
    }

    #[test]
    fn scratch_runs_as_uid_0() {
        let src = "FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\n";
        assert_eq!(lines(CODE, src), vec![3]);
        assert!(run(CODE, src)[0].message.contains("scratch"));
    }

    #[test]
    fn reported_on_the_final_from_only() {
        let src = "FROM node:20 AS deps\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /n /n\n";
        assert_eq!(lines(CODE, src), vec![3]);
    }

    #[test]
    fn a_user_in_a_build_stage_does_not_count() {
        let src =
            "FROM node:20 AS deps\nUSER node\nRUN npm ci\nFROM node:20-slim\nCMD [\"node\"]\n";
        assert_eq!(lines(CODE, src), vec![4]);
    }

    #[test]
    fn user_inherited_from_a_parent_stage_counts() {
        let src = "FROM node:20 AS base\nUSER node\nFROM base\nCMD [\"node\"]\n";
        assert!(run(CODE, src).is_empty());
        // A parent without USER on a root image: reported on the final FROM.
        let src = "FROM node:20 AS base\nRUN npm ci\nFROM base\nCMD [\"node\"]\n";
        assert_eq!(lines(CODE, src), vec![3]);
    }

    #[test]
    fn any_user_even_root_is_left_to_ss101() {
        assert!(run(CODE, "FROM debian:12\nUSER root\n").is_empty());
        assert!(run(CODE, "FROM debian:12\nUSER $UNKNOWN\n").is_empty());
    }

    #[test]
    fn known_non_root_bases_are_clean() {
        for base in [
            "gcr.io/distroless/static:nonroot",
            "gcr.io/distroless/base-debian12:debug-nonroot",
            "gcr.io/distroless/java21-debian12:nonroot-arm64",
            "cgr.dev/chainguard/static:latest",
            "cgr.dev/chainguard/python",
            "bitnami/nginx:1.27",
            "docker.io/bitnami/redis:7.4",
            "docker:27-dind-rootless",
            "gitea/gitea:1.22-rootless",
            "nginxinc/nginx-unprivileged:1.27",
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
        ] {
            let src = format!("FROM {base}\nCOPY app /app\n");
            assert!(run(CODE, &src).is_empty(), "{base}");
        }
        // Through a parent stage as well.
        let src = "FROM gcr.io/distroless/static:nonroot AS base\nFROM base\nCOPY app /app\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn lookalikes_of_non_root_bases_are_reported() {
        for base in [
            "gcr.io/distroless/static",
            "gcr.io/distroless/static:latest",
            "gcr.io/distroless/static@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            "example.com/distroless/static:nonroot",
            "cgr.dev/chainguard/python:latest-dev",
            "cgr.dev/chainguard/wolfi-base",
            "bitnami/minideb:bookworm",
            "nginx:1.27",
            "myorg/rootlessapp:1.0",
            "mcr.microsoft.com/windows/servercore:ltsc2022",
        ] {
            let src = format!("FROM {base}\nCOPY app /app\n");
            assert_eq!(lines(CODE, &src), vec![1], "{base}");
        }
    }

    #[test]
    fn variables_in_from() {
        // A pinned default is judged like the literal image.
        let src = "ARG BASE=gcr.io/distroless/static:nonroot\nFROM ${BASE}\n";
        assert!(run(CODE, src).is_empty());
        let src = "ARG BASE=ubuntu:24.04\nFROM ${BASE}\n";
        assert_eq!(lines(CODE, src), vec![2]);
        // No default: unknown image, not judged.
        assert!(run(CODE, "ARG BASE\nFROM ${BASE}\n").is_empty());
    }

    #[test]
    fn fix_appends_user_at_the_end_of_the_final_stage() {
        let src = "FROM debian:12\nRUN make\nCMD [\"/app\"]\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\nRUN make\nCMD [\"/app\"]\nUSER 65532:65532\n"
        );
        // Unsafe: not applied by a safe fix run.
        let d = run(CODE, src);
        assert_eq!(
            d[0].fix.as_ref().map(|f| f.applicability),
            Some(crate::diagnostic::Applicability::Unsafe)
        );
    }

    #[test]
    fn fix_keeps_crlf_trailing_comments_and_missing_final_newline() {
        let src = "FROM debian:12\r\nRUN make\r\n\r\n# the end\r\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\r\nRUN make\r\nUSER 65532:65532\r\n\r\n# the end\r\n"
        );
        let src = "FROM debian:12\r\nRUN make";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\r\nRUN make\r\nUSER 65532:65532"
        );
        let src = "FROM debian:12";
        assert_eq!(fixed(CODE, src, true), "FROM debian:12\nUSER 65532:65532");
    }

    #[test]
    fn fix_goes_after_continuation_lines_and_heredocs() {
        let src = "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\nUSER 65532:65532\n"
        );
        let src = "FROM debian:12\nRUN <<EOF\nmake\nEOF\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\nRUN <<EOF\nmake\nEOF\nUSER 65532:65532\n"
        );
    }
}
