//! SS211 non-minimal-final-base (no peer): the final stage runs on a full
//! OS or SDK image where a slim, runtime-only or distroless image would do.

use super::eol_support::official_name;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::{Base, ImageRef};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS211",
        name: "non-minimal-final-base",
        summary: "The final stage is based on a full OS or SDK image",
        severity: Severity::Info,
        category: Category::BaseImage,
        target: Target::Dockerfile,
        checklist: &[Checklist::TrustedBase, Checklist::ManageLayers],
        owasp: &[Owasp::D04],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: false,
        why: "Everything in the final image ships to production: compilers, package managers, \
shells, headers and hundreds of packages the application never uses. Each is attack surface \
and a source of vulnerability reports. Build with the full image in an earlier stage and copy \
the result into a minimal one: a `-slim` or `-alpine` variant, a runtime-only image (a JRE \
instead of a JDK, `dotnet/runtime` or `aspnet` instead of `dotnet/sdk`), distroless, \
Chainguard or `scratch`.\n\n\
The rule looks at the image the final stage is built on, following `FROM <stage>` back to an \
image. It reports full distribution images (`ubuntu`, `debian` without `-slim`, `centos`, \
`fedora`, `buildpack-deps`), the full variants of language images (`python`, `node`, `ruby` \
without `-slim`/`-alpine`), toolchains (`golang`, `rust`, `gcc`, `maven`, `gradle`), JDK \
images (`openjdk`, `eclipse-temurin` without `jre`) and `mcr.microsoft.com/dotnet/sdk`. Tags \
that say `slim`, `alpine`, `minimal`, `micro`, `runtime`, `jre`, `chiseled` or `distroless`, \
and images from `gcr.io/distroless` or `cgr.dev` are minimal. Build stages are not judged.\n\n\
Advisory and off by default (select it by code or name): some images do need a full OS.",
        bad: "FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
        good: "FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\n\
FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
    },
    check,
};

/// What kind of full image, and what to use instead.
fn advice(r: &ImageRef) -> Option<String> {
    let tag = r.tag.as_deref().unwrap_or("latest").to_ascii_lowercase();
    const MINIMAL: &[&str] = &[
        "slim",
        "alpine",
        "minimal",
        "micro",
        "runtime",
        "jre",
        "chiseled",
        "distroless",
    ];
    let has = |markers: &[&str]| {
        tag.split(['-', '.', '_'])
            .any(|t| markers.iter().any(|m| t.starts_with(m)))
    };
    let version = tag.split('-').next().unwrap_or("");
    let slim = |name: &str| {
        if version.is_empty() || version == "latest" {
            format!("`{name}:<version>-slim`")
        } else {
            format!("`{name}:{version}-slim`")
        }
    };
    if r.registry == "mcr.microsoft.com" && r.repository == "dotnet/sdk" {
        return Some(
            "the .NET SDK; publish in a build stage and run on `mcr.microsoft.com/dotnet/runtime` or `aspnet`"
                .into(),
        );
    }
    let name = official_name(r)?;
    // Toolchains stay toolchains in their slim and alpine variants; a JDK
    // is minimal only as a JRE.
    let minimal = match name {
        "golang" | "rust" | "gcc" | "maven" | "gradle" => false,
        "openjdk" | "eclipse-temurin" => has(&["jre"]),
        _ => has(MINIMAL),
    };
    if minimal {
        return None;
    }
    Some(match name {
        "ubuntu" | "centos" | "fedora" | "buildpack-deps" => format!(
            "a full `{name}` system; a multi-stage build into a slim, distroless or `scratch` image ships less"
        ),
        "debian" => format!("a full Debian system; use {} or distroless", slim("debian")),
        "python" | "node" | "ruby" => format!(
            "the full variant with compilers and headers; use {} (or `-alpine`) for the final stage",
            slim(name)
        ),
        "golang" | "rust" | "gcc" => "a compiler toolchain; build in an earlier stage and copy the result into a distroless, `alpine` or `scratch` image".to_string(),
        "maven" | "gradle" => {
            "a build tool with a JDK; build in an earlier stage and copy the artifact into a JRE image".to_string()
        }
        "openjdk" | "eclipse-temurin" => {
            "a JDK; run on a JRE image such as `eclipse-temurin:<version>-jre`".to_string()
        }
        _ => return None,
    })
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(last) = cx.model.final_stage() else {
        return;
    };
    // Follow `FROM <stage>` back to an image.
    let mut stage = last;
    let mut hops = 0;
    let r = loop {
        match &stage.base {
            Base::Stage(p) if *p < stage.index && hops < cx.model.stages.len() => {
                let Some(s) = cx.model.stage(*p) else { return };
                stage = s;
                hops += 1;
            }
            Base::Image(r) if !r.is_scratch() => break r,
            _ => return,
        }
    };
    if r.registry == "gcr.io" && r.repository.starts_with("distroless/") || r.registry == "cgr.dev"
    {
        return;
    }
    let Some(why) = advice(r) else { return };
    out.report(
        last.base_span,
        format!("The final stage is based on `{}`, {why}", r.familiar()),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{run, texts};

    const CODE: &str = "SS211";

    #[test]
    fn full_images_in_the_final_stage() {
        for (src, word) in [
            ("FROM ubuntu:24.04\n", "ubuntu:24.04"),
            ("FROM debian:bookworm\n", "debian:bookworm"),
            ("FROM python:3.12\n", "python:3.12"),
            ("FROM python:3.12-bookworm\n", "python:3.12-bookworm"),
            ("FROM node:20\n", "node:20"),
            ("FROM golang:1.22-alpine\n", "golang:1.22-alpine"),
            (
                "FROM maven:3.9-eclipse-temurin-21\n",
                "maven:3.9-eclipse-temurin-21",
            ),
            ("FROM eclipse-temurin:21\n", "eclipse-temurin:21"),
            ("FROM openjdk:17-jdk-slim\n", "openjdk:17-jdk-slim"),
            (
                "FROM mcr.microsoft.com/dotnet/sdk:8.0\n",
                "mcr.microsoft.com/dotnet/sdk:8.0",
            ),
            ("FROM rust:1.80\n", "rust:1.80"),
            ("FROM centos:7\n", "centos:7"),
        ] {
            assert_eq!(texts(CODE, src), [word], "{src}");
        }
        let d = run(CODE, "FROM python:3.12\n");
        assert_eq!(
            d[0].message,
            "The final stage is based on `python:3.12`, the full variant with compilers and headers; use `python:3.12-slim` (or `-alpine`) for the final stage"
        );
    }

    #[test]
    fn following_earlier_stages() {
        let src = "FROM ubuntu:24.04 AS base\nRUN true\nFROM base\n";
        assert_eq!(texts(CODE, src), ["base"]);
        assert!(run(
            CODE,
            "FROM python:3.12-slim AS base\nFROM base AS app\nFROM app\n"
        )
        .is_empty());
    }

    #[test]
    fn near_misses() {
        for src in [
            "FROM golang:1.22 AS build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /a /a\n",
            "FROM python:3.12-slim\n",
            "FROM node:20-alpine\n",
            "FROM debian:bookworm-slim\n",
            "FROM eclipse-temurin:21-jre\n",
            "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n",
            "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\n",
            "FROM cgr.dev/chainguard/python:latest\n",
            "FROM scratch\n",
            "FROM ubuntu:24.04 AS build\nFROM alpine:3.20\n",
            "FROM ubuntu/python:3.12-24.04_stable\n",
            "FROM myorg/golang:1.22\n",
            "ARG BASE\nFROM ${BASE}\n",
            "FROM ubuntu:jammy-chiseled\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
