//! The semantic model built from real parses.

use shipshape_core::model::{Base, DepKind, Lookup, Model, VarValue};
use shipshape_core::parse;

/// Parses `src`, builds the model and hands it to `f`.
fn model<T>(src: &str, f: impl FnOnce(&Model<'_>) -> T) -> T {
    let df = parse(src);
    let m = Model::new(src, &df);
    f(&m)
}

/// Index of the first instruction whose source starts with `needle`.
fn at(m: &Model<'_>, needle: &str) -> usize {
    m.instructions()
        .iter()
        .position(|i| i.span.text(m.source()).starts_with(needle))
        .unwrap_or_else(|| panic!("no instruction starting with {needle:?}"))
}

#[test]
fn multi_stage_build() {
    let src = "\
# syntax=docker/dockerfile:1
ARG GO=1.22
FROM golang:${GO}-alpine AS builder
WORKDIR /src
RUN go build -o /out/app .

FROM gcr.io/distroless/static:nonroot AS Runtime
COPY --from=builder /out/app /app
USER nonroot
ENTRYPOINT [\"/app\"]
";
    model(src, |m| {
        assert_eq!(m.stages.len(), 2);
        let b = &m.stages[0];
        assert_eq!(b.name.as_deref(), Some("builder"));
        match &b.base {
            Base::Image(r) => {
                assert_eq!(r.familiar(), "golang:1.22-alpine");
                assert_eq!(r.registry, "docker.io");
            }
            other => panic!("{other:?}"),
        }
        let r = &m.stages[1];
        assert_eq!(r.name.as_deref(), Some("runtime"));
        assert_eq!(r.name_span.map(|s| s.text(src)), Some("Runtime"));
        assert!(
            matches!(&r.base, Base::Image(i) if i.registry == "gcr.io" && i.tag.as_deref() == Some("nonroot"))
        );
        assert_eq!(m.final_stage().map(|s| s.index), Some(1));
        assert_eq!(m.final_dependencies(), vec![0]);
        let kinds: Vec<_> = m
            .stage_instructions(r)
            .map(|i| i.keyword.as_str())
            .collect();
        assert_eq!(kinds, ["FROM", "COPY", "USER", "ENTRYPOINT"]);
        let u = r.user.as_ref().expect("user");
        assert_eq!(u.user, "nonroot");
        assert_eq!(u.span.text(src), "USER nonroot");
        assert!(!u.is_root());
        assert_eq!(b.user, None, "the builder does not set a user");
    });
}

#[test]
fn from_arg_with_default() {
    let src = "ARG BASE=debian:12\nFROM ${BASE}\nRUN true\n";
    model(src, |m| {
        let s = &m.stages[0];
        assert_eq!(s.base_raw, "${BASE}");
        assert_eq!(s.base_span.text(src), "${BASE}");
        assert_eq!(s.base_expansion.text, "debian:12");
        assert!(
            matches!(&s.base, Base::Image(r) if r.repository == "library/debian" && r.tag.as_deref() == Some("12"))
        );
        assert_eq!(m.global_args[0].name, "BASE");
        assert_eq!(m.global_args[0].name_span.text(src), "BASE");
        assert_eq!(m.global_args[0].value, VarValue::Known("debian:12".into()));
    });
}

#[test]
fn quoted_and_chained_global_args() {
    let src = "ARG REGISTRY=\"registry.example.com:5000\"\nARG IMAGE=${REGISTRY}/team/app\nFROM $IMAGE@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n";
    model(src, |m| match &m.stages[0].base {
        Base::Image(r) => {
            assert_eq!(r.registry, "registry.example.com:5000");
            assert_eq!(r.repository, "team/app");
            assert!(r.has_digest());
        }
        other => panic!("{other:?}"),
    });
}

#[test]
fn unresolved_args_in_from() {
    let src = "ARG VERSION\nFROM node:${VERSION}\nFROM ${IMAGE:-python:3.12}\nFROM --platform=$BUILDPLATFORM rust:1 AS tools\n";
    model(src, |m| {
        assert_eq!(m.stages[0].base, Base::Unresolved("node:".into()));
        assert_eq!(m.stages[0].base_expansion.unresolved, vec!["VERSION"]);
        // An undeclared ARG with a default in the reference: the default applies.
        assert!(matches!(&m.stages[1].base, Base::Image(r) if r.familiar() == "python:3.12"));
        assert_eq!(m.stages[1].base_expansion.unresolved, vec!["IMAGE"]);
        let p = m.stages[2].platform.as_ref().expect("platform");
        assert_eq!(p.raw, "$BUILDPLATFORM");
        assert_eq!(p.expansion.unknown, vec!["BUILDPLATFORM"]);
        assert!(matches!(&m.stages[2].base, Base::Image(_)));
    });
}

#[test]
fn stage_names_are_case_insensitive() {
    let src = "FROM alpine:3.20 AS Deps\nFROM DEPS AS build\nCOPY --from=dePs /a /a\nFROM scratch\nCOPY --from=BUILD /b /b\n";
    model(src, |m| {
        assert_eq!(m.stages[1].base, Base::Stage(0));
        assert_eq!(m.stages[1].parent, Some(0));
        let deps: Vec<_> = m.stages[1].deps.iter().map(|d| (d.stage, d.kind)).collect();
        assert_eq!(deps, vec![(0, DepKind::From), (0, DepKind::CopyFrom)]);
        assert_eq!(m.stages[2].base, Base::Scratch);
        assert_eq!(m.final_dependencies(), vec![0, 1]);
        assert_eq!(m.stage_by_name("Build").map(|s| s.index), Some(1));
    });
}

#[test]
fn user_inheritance() {
    let src = "\
FROM ubuntu:24.04 AS base
RUN useradd app
USER app
FROM base AS test
RUN make test
FROM base AS admin
USER root
FROM admin
ONBUILD USER app
";
    model(src, |m| {
        let test = m.stages[1].user.as_ref().expect("inherited");
        assert_eq!(test.user, "app");
        assert!(test.is_inherited(1));
        assert_eq!(test.stage, 0);
        assert_eq!(test.span.text(src), "USER app");
        let admin = m.stages[2].user.as_ref().expect("own");
        assert!(admin.is_root());
        // The final stage inherits root; its ONBUILD USER runs in a later build.
        let last = m.stages[3].user.as_ref().expect("inherited root");
        assert!(last.is_root());
        assert_eq!(last.stage, 2);
    });
}

#[test]
fn user_with_variables_and_group() {
    let src = "FROM alpine\nARG UID=0\nUSER ${UID}:${GID:-1000}\n";
    model(src, |m| {
        let u = m.stages[0].user.as_ref().expect("user");
        assert_eq!(u.raw, "${UID}:${GID:-1000}");
        assert_eq!(u.user, "0:1000");
        assert!(u.is_root());
        assert_eq!(u.arg_span.text(src), "${UID}:${GID:-1000}");
    });
}

#[test]
fn numeric_copy_from_and_run_mounts() {
    let src = "\
FROM alpine AS a
FROM alpine AS b
FROM alpine AS c
FROM debian
COPY --from=0 /x /x
RUN --mount=type=bind,from=c,source=/s,target=/t cp /t/s /s
COPY --from=docker.io/library/nginx:1 /etc/nginx /etc/nginx
";
    model(src, |m| {
        let deps: Vec<_> = m.stages[3].deps.iter().map(|d| (d.stage, d.kind)).collect();
        assert_eq!(deps, vec![(0, DepKind::CopyFrom), (2, DepKind::MountFrom)]);
        assert_eq!(m.final_dependencies(), vec![0, 2]);
        assert!(!m.needed_by(3)[1], "stage b is never used");
    });
}

#[test]
fn copy_from_with_a_variable() {
    let src =
        "ARG SRC=build\nFROM alpine AS build\nFROM alpine\nARG SRC\nCOPY --from=${SRC} /a /a\n";
    model(src, |m| {
        assert_eq!(m.stages[1].deps.first().map(|d| d.stage), Some(0));
    });
}

#[test]
fn env_scoping_across_stages() {
    let src = "\
FROM alpine AS base
ENV APP_HOME=/opt/app
ENV BIN=$APP_HOME/bin \\
    APP_HOME=/srv
FROM base AS child
WORKDIR $APP_HOME
RUN echo $BIN
FROM alpine AS other
RUN echo $APP_HOME
";
    model(src, |m| {
        let w = at(m, "WORKDIR");
        assert_eq!(m.expand_at(w, "$APP_HOME").text, "/srv");
        // BIN was computed from the value before its ENV instruction.
        assert_eq!(m.lookup(w, "BIN"), Lookup::Set("/opt/app/bin".into()));
        let other = at(m, "RUN echo $APP_HOME");
        let e = m.expand_at(other, "$APP_HOME");
        assert_eq!(e.text, "");
        assert_eq!(e.unresolved, vec!["APP_HOME"]);
        assert!(
            !m.env_known(2),
            "alpine may set variables the file does not show"
        );
    });
}

#[test]
fn env_values_lose_their_quotes() {
    let src = "FROM alpine\nENV GREETING=\"hello world\" SINGLE='$NOT_EXPANDED'\nRUN x\n";
    model(src, |m| {
        let x = at(m, "RUN x");
        assert_eq!(m.lookup(x, "GREETING"), Lookup::Set("hello world".into()));
        assert_eq!(m.lookup(x, "SINGLE"), Lookup::Set("$NOT_EXPANDED".into()));
    });
}

#[test]
fn arg_redeclaration() {
    let src = "\
ARG VERSION=1.2.3
ARG FLAVOR
FROM alpine
RUN echo $VERSION
ARG VERSION
ARG FLAVOR
ARG TARGETARCH
RUN echo $VERSION $FLAVOR $TARGETARCH
FROM alpine
ARG VERSION=9
RUN echo $VERSION
";
    model(src, |m| {
        let before = at(m, "RUN echo $VERSION");
        assert_eq!(m.lookup(before, "VERSION"), Lookup::Unset);
        let after = at(m, "RUN echo $VERSION $FLAVOR");
        assert_eq!(m.lookup(after, "VERSION"), Lookup::Set("1.2.3".into()));
        assert_eq!(m.lookup(after, "FLAVOR"), Lookup::Unset);
        assert_eq!(m.lookup(after, "TARGETARCH"), Lookup::Unknown);
        let e = m.expand_at(after, "$VERSION-$FLAVOR-$TARGETARCH");
        assert_eq!(e.text, "1.2.3--$TARGETARCH");
        assert_eq!(e.unresolved, vec!["FLAVOR"]);
        assert_eq!(e.unknown, vec!["TARGETARCH"]);
        let second = m.instructions().len() - 1;
        assert_eq!(m.lookup(second, "VERSION"), Lookup::Set("9".into()));
        let names: Vec<_> = m.scope_at(after).into_iter().map(|v| v.name).collect();
        assert_eq!(names, vec!["TARGETARCH", "VERSION"]);
    });
}

#[test]
fn backtick_escape_directive() {
    let src = "# escape=`\nARG DIR=C:\\tools\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nARG DIR\nWORKDIR ${DIR}`$x\n";
    model(src, |m| {
        assert_eq!(m.escape(), '`');
        let w = at(m, "WORKDIR");
        assert_eq!(m.expand_at(w, "${DIR}`$x").text, "C:\\tools$x");
        assert!(matches!(&m.stages[0].base, Base::Image(r) if r.registry == "mcr.microsoft.com"));
    });
}

#[test]
fn continuation_lines_in_from() {
    let src = "FROM \\\n  alpine:3 \\\n  AS small\n";
    model(src, |m| {
        assert_eq!(m.stages[0].name.as_deref(), Some("small"));
        assert!(matches!(&m.stages[0].base, Base::Image(r) if r.tag.as_deref() == Some("3")));
    });
}

#[test]
fn no_stages_and_broken_input() {
    model("", |m| {
        assert!(m.stages.is_empty());
        assert!(m.final_stage().is_none());
    });
    model("# only a comment\nARG A=1\n", |m| {
        assert!(m.stages.is_empty());
        assert_eq!(m.global_args.len(), 1);
    });
    model("FROM ${\nFROM UPPER:1\nUSER\n", |m| {
        assert_eq!(m.stages.len(), 2);
        assert!(m.stages.iter().all(|s| matches!(s.base, Base::Invalid(_))));
        assert_eq!(m.stages[1].user, None);
    });
}
