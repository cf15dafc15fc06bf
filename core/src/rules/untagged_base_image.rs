//! SS201 untagged-base-image (hadolint DL3006): a FROM image has neither a
//! tag nor a digest, so the build pulls whatever `latest` is today.

use super::base_support::{image, note_args, shown};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS201",
        name: "untagged-base-image",
        summary: "A base image has no tag, so it means `latest`",
        severity: Severity::Warning,
        category: Category::BaseImage,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoLatestTag, Checklist::TrustedBase],
        owasp: &[Owasp::D08],
        equivalents: &[
            Equivalent::same(Tool::Hadolint, "DL3006"),
            Equivalent::similar(Tool::Trivy, "DS-0001"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_7"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "`FROM ubuntu` means `FROM ubuntu:latest`: every build may get a different image, \
with a new major version, a different libc or new vulnerabilities, and two builds of the same \
commit are not the same. Name the version you tested with (`ubuntu:24.04`), and pin it by \
digest for reproducible builds (SS203).\n\n\
Variables are expanded first: `FROM ${BASE}` with `ARG BASE=ubuntu` is reported (the note \
points at the ARG), `ARG BASE=ubuntu:24.04` is clean, and a variable without a default is not \
judged because the file cannot know the image. `scratch` and the names of earlier stages are \
not images. There is no automatic fix: only you know which version to use.\n\n\
Peers: hadolint DL3006 skips every image that starts with `$`, so `FROM ${BASE}` with an \
untagged default goes unnoticed, and any tag written as a variable counts as a tag \
(hadolint#339); we judge the expanded value. Trivy DS-0001 and Checkov CKV_DOCKER_7 report \
untagged and `:latest` images in one check (our SS201 and SS202); Checkov does not expand \
variables.",
        bad: "FROM ubuntu\nRUN echo hello\n",
        good: "FROM ubuntu:24.04\nRUN echo hello\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for stage in &cx.model.stages {
        let Some(r) = image(stage) else { continue };
        if r.tag.is_some() || r.has_digest() {
            continue;
        }
        let message = format!(
            "Base image {} has no tag, so it means `latest`",
            shown(stage)
        );
        let reported = out.report(stage.base_span, message);
        note_args(&cx.model, stage, reported);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS201";

    #[test]
    fn untagged_images() {
        assert_eq!(texts(CODE, "FROM ubuntu\n"), vec!["ubuntu"]);
        assert_eq!(
            texts(
                CODE,
                "FROM --platform=linux/amd64 ghcr.io/org/app AS build\n"
            ),
            vec!["ghcr.io/org/app"]
        );
        assert_eq!(
            texts(CODE, "FROM localhost:5000/app\n"),
            vec!["localhost:5000/app"]
        );
        let d = run(CODE, "FROM ubuntu\n");
        assert_eq!(
            d[0].message,
            "Base image `ubuntu` has no tag, so it means `latest`"
        );
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn every_stage_counts() {
        let src = "FROM golang AS build\nRUN go build\nFROM alpine\nCOPY --from=build /a /a\n";
        assert_eq!(lines(CODE, src), vec![1, 3]);
    }

    #[test]
    fn variables_are_expanded() {
        let src = "ARG BASE=ubuntu\nFROM ${BASE}\n";
        assert_eq!(texts(CODE, src), vec!["${BASE}"]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "Base image `${BASE}` (`ubuntu`) has no tag, so it means `latest`"
        );
        assert_eq!(d[0].related.len(), 1);
        assert_eq!(d[0].related[0].span.text(src), "BASE=ubuntu");
        let src = "ARG REG=ghcr.io\nARG NAME=org/app\nFROM $REG/$NAME\n";
        assert_eq!(run(CODE, src)[0].related.len(), 2);
    }

    #[test]
    fn near_misses() {
        for src in [
            "FROM ubuntu:24.04\n",
            "FROM ubuntu@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
            "FROM localhost:5000/app:1.0\n",
            "FROM scratch\n",
            "ARG BASE=ubuntu:24.04\nFROM ${BASE}\n",
            "ARG BASE\nFROM ${BASE}\n",
            "ARG TAG\nFROM ubuntu:${TAG}\n",
            "FROM ubuntu:${TAG:-24.04}\n",
            "FROM --platform=$BUILDPLATFORM golang:1.22\n",
            "FROM ubuntu:latest\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
        // A stage name is not an image.
        let src = "FROM debian:12 AS base\nFROM base\nFROM BASE\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM \\\n  ubuntu \\\n  AS build\n";
        assert_eq!(texts(CODE, src), vec!["ubuntu"]);
        assert_eq!(lines(CODE, src), vec![2]);
    }
}
