//! SS203 unpinned-digest (no peer equivalent; hadolint#773 asks for it): a
//! base image that reaches the final image is not pinned by digest.

use super::base_support::{image, note_args, shown};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS203",
        name: "unpinned-digest",
        summary: "A base image of the final image is not pinned by digest",
        severity: Severity::Info,
        category: Category::BaseImage,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoLatestTag, Checklist::TrustedBase],
        owasp: &[Owasp::D08],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "A tag is a mutable pointer: `python:3.12-slim` is rebuilt and re-pushed every few \
weeks, and whoever controls the registry (or a compromised account) can point it at other \
content. Only a digest (`python:3.12-slim@sha256:…`) names exact bytes, so only a digest \
makes the build reproducible and protects it against a swapped image. Keep the tag for \
readers and let a bot (Renovate, Dependabot) update the digest.\n\n\
Reported for the images whose content reaches the final image: the final stage's base, and \
the bases of the stages it is built from or copies from (`COPY --from`, `RUN \
--mount=from=`). A build stage that nothing in the final image uses is not reported. Untagged \
and `:latest` images are reported here too, because pinning is a separate concern from \
naming a version (SS201, SS202). `scratch`, stage names and variables without a value are \
not images. Info level: it asks for a process (digest updates), not a one-line change.\n\n\
No peer checks this: hadolint#773 and #1227 ask for it.",
        bad: "FROM python:3.12-slim\nCOPY app.py /app/\n",
        good: "FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8\nCOPY app.py /app/\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(last) = cx.model.final_stage() else {
        return;
    };
    let mut stages = cx.model.final_dependencies();
    stages.push(last.index);
    for index in stages {
        let Some(stage) = cx.model.stage(index) else {
            continue;
        };
        let Some(r) = image(stage) else { continue };
        if r.has_digest() {
            continue;
        }
        let message = format!("Base image {} is not pinned by digest", shown(stage));
        let reported = out.report(stage.base_span, message);
        note_args(&cx.model, stage, reported);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS203";
    const DIGEST: &str = "sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8";

    #[test]
    fn tagged_without_digest() {
        assert_eq!(
            texts(CODE, "FROM python:3.12-slim\n"),
            vec!["python:3.12-slim"]
        );
        let d = run(CODE, "FROM python:3.12-slim\n");
        assert_eq!(
            d[0].message,
            "Base image `python:3.12-slim` is not pinned by digest"
        );
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Info);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn untagged_and_latest_are_reported_too() {
        assert_eq!(lines(CODE, "FROM ubuntu\n"), vec![1]);
        assert_eq!(lines(CODE, "FROM ubuntu:latest\n"), vec![1]);
    }

    #[test]
    fn stages_that_reach_the_final_image() {
        let src = "FROM golang:1.22 AS build\nRUN go build -o /app\n\
                   FROM node:20 AS unused\nRUN npm ci\n\
                   FROM alpine:3.20 AS base\n\
                   FROM base\nCOPY --from=build /app /app\n";
        // build (copied from) and alpine (the parent) count; `unused` does not.
        assert_eq!(lines(CODE, src), vec![1, 5]);
        let src = "FROM debian:12 AS tools\nFROM alpine:3.20\nRUN --mount=from=tools,target=/t cp /t/x /x\n";
        assert_eq!(lines(CODE, src), vec![1, 2]);
    }

    #[test]
    fn variables() {
        let src = "ARG BASE=python:3.12\nFROM $BASE\n";
        assert_eq!(texts(CODE, src), vec!["$BASE"]);
        assert_eq!(
            run(CODE, src)[0].related[0].span.text(src),
            "BASE=python:3.12"
        );
        let pinned = format!("ARG BASE=python:3.12@{DIGEST}\nFROM $BASE\n");
        assert!(run(CODE, &pinned).is_empty());
        assert!(run(CODE, "ARG BASE\nFROM $BASE\n").is_empty());
        assert!(run(CODE, "FROM python:$TARGETARCH\n").is_empty());
    }

    #[test]
    fn near_misses() {
        for src in [
            format!("FROM python:3.12-slim@{DIGEST}\n"),
            format!("FROM python@{DIGEST}\n"),
            "FROM scratch\nCOPY app /app\n".to_string(),
            format!("FROM ghcr.io/org/app:1.0@{DIGEST} AS b\nFROM b\n"),
        ] {
            assert!(run(CODE, &src).is_empty(), "{src}");
        }
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM \\\n  python:3.12\n";
        assert_eq!(lines(CODE, src), vec![2]);
    }
}
