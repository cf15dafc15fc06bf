//! SS202 latest-tag (hadolint DL3007): a FROM image uses the `latest` tag.

use super::base_support::{image, note_args, shown};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS202",
        name: "latest-tag",
        summary: "A base image uses the `latest` tag",
        severity: Severity::Warning,
        category: Category::BaseImage,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoLatestTag],
        owasp: &[Owasp::D08, Owasp::D02],
        equivalents: &[
            Equivalent::same(Tool::Hadolint, "DL3007"),
            Equivalent::similar(Tool::Trivy, "DS-0001"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_7"),
            Equivalent::similar(Tool::Dockle, "DKL-DI-0006"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "`latest` is just a tag that the publisher moves to each new release. A build from \
`:latest` gets a different image whenever a new version ships, so a rebuild can change major \
versions, break the application or bring new vulnerabilities without any change to the \
Dockerfile, and you cannot tell which version a running image was built from. Name the version \
you tested with (`node:22.11-slim`) and update it deliberately; pin the digest too (SS203).\n\n\
An image that also has a digest (`ubuntu:latest@sha256:…`) is pinned: the tag is ignored and \
it is not reported. Variables are expanded (`FROM ${BASE}` with `ARG BASE=node:latest`). An \
image without a tag is SS201's finding. There is no automatic fix: only you know which \
version to use.\n\n\
Peers: Trivy DS-0001 and Checkov CKV_DOCKER_7 report untagged and `:latest` images in one \
check (our SS201 and SS202). Dockle DKL-DI-0006 looks at the reference of the image being \
scanned, not at its base image.",
        bad: "FROM node:latest\nCOPY . /app\n",
        good: "FROM node:22.11-slim\nCOPY . /app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for stage in &cx.model.stages {
        let Some(r) = image(stage) else { continue };
        if r.tag.as_deref() != Some("latest") || r.has_digest() {
            continue;
        }
        let message = format!(
            "Base image {} uses the `latest` tag, which changes with every release",
            shown(stage)
        );
        let reported = out.report(stage.base_span, message);
        note_args(&cx.model, stage, reported);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS202";

    #[test]
    fn latest_tag() {
        assert_eq!(texts(CODE, "FROM node:latest\n"), vec!["node:latest"]);
        assert_eq!(
            texts(CODE, "FROM localhost:5000/org/app:latest AS x\n"),
            vec!["localhost:5000/org/app:latest"]
        );
        let d = run(CODE, "FROM node:latest\n");
        assert_eq!(
            d[0].message,
            "Base image `node:latest` uses the `latest` tag, which changes with every release"
        );
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn every_stage_and_variables() {
        let src = "ARG V=latest\nFROM golang:$V AS build\nFROM alpine:latest\n";
        assert_eq!(lines(CODE, src), vec![2, 3]);
        let d = run(CODE, src);
        assert_eq!(d[0].related[0].span.text(src), "V=latest");
        assert!(d[0].message.contains("`golang:$V` (`golang:latest`)"));
    }

    #[test]
    fn near_misses() {
        for src in [
            "FROM node\n",
            "FROM node:22\n",
            "FROM node:latest-slim\n",
            "FROM node:LATEST\n",
            "FROM node:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
            "FROM latest:1.0\n",
            "ARG V\nFROM node:$V\n",
            "FROM scratch\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM --platform=linux/amd64 \\\n    node:latest\n";
        assert_eq!(lines(CODE, src), vec![2]);
    }
}
