//! SS204 untrusted-registry (hadolint DL3026): an image comes from a
//! registry that is not in the configured `trusted-registries`.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::{Base, ImageRef};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS204",
        name: "untrusted-registry",
        summary: "An image comes from a registry that is not in trusted-registries",
        severity: Severity::Error,
        category: Category::BaseImage,
        target: Target::Dockerfile,
        checklist: &[Checklist::TrustedBase],
        owasp: &[Owasp::D08],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3026")],
        fix: FixKind::None,
        default_enabled: true,
        why: "Where images come from is a supply-chain decision: a team may allow only its own \
registry (which mirrors and scans what it serves) and a few vetted ones. An image pulled from \
anywhere else skips those controls.\n\n\
**Configuration.** The rule reports nothing until `trusted-registries` is set in \
`shipshape.toml` (or `trustedRegistries` in `.hadolint.yaml`). Each entry is a registry host \
(`ghcr.io`, `registry.corp.example:5000`) or a pattern: `*` (any), `*.corp.example` (any host \
ending in `.corp.example`), `mirror*` (any host starting with `mirror`). Images named without \
a registry (`debian:12`) come from Docker Hub and are allowed by `docker.io`, \
`index.docker.io` or `hub.docker.com`.\n\n\
**What is reported.** The image of a `FROM`, of a `COPY --from=<image>` and of a \
`RUN --mount=…,from=<image>` whose registry matches no entry. Stage names, stage numbers and \
`scratch` are not images. Variables are expanded with their defaults first \
(`FROM ${REGISTRY}/app:1`), and a reference whose value the file cannot tell is not judged.\n\n\
**How this differs from hadolint DL3026.** The same checks and patterns, but hadolint does not \
expand variables (issue #339), so `FROM ${BASE}` is judged by its literal text; it allows \
an explicit `docker.io/…` only when `docker.io` itself is listed; and (as observed with hadolint \
2.15.1) it lets `localhost:5000/app` through whatever the list says.",
        bad: "FROM quay.io/acme/app:1.4\n",
        good: "FROM ghcr.io/acme/app:1.4\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let allowed = &cx.settings.config.trusted_registries;
    if allowed.is_empty() {
        return;
    }
    let mut report = |span: Span, r: &ImageRef| {
        if !trusted(allowed, &r.registry) {
            out.report(
                span,
                format!(
                    "`{}` comes from registry `{}`, which is not in `trusted-registries`",
                    r.familiar(),
                    r.registry
                ),
            );
        }
    };
    for stage in &cx.model.stages {
        if let Base::Image(r) = &stage.base {
            report(stage.base_span, r);
        }
    }
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        match ins.keyword {
            Keyword::Copy => {
                let Some(w) = ins.flag("from").and_then(|f| f.value.as_ref()) else {
                    continue;
                };
                if let Some(r) = image_ref(cx, index, &w.text) {
                    report(w.span, &r);
                }
            }
            Keyword::Run => {
                for f in ins.flags.iter().filter(|f| f.name == "mount") {
                    let Some(w) = &f.value else { continue };
                    let raw = w.span.text(cx.src);
                    let exact = raw == w.text;
                    let mut offset = 0;
                    for field in w.text.split(',') {
                        let start = offset;
                        offset += field.len() + 1;
                        let Some((k, v)) = field.split_once('=') else {
                            continue;
                        };
                        if !k.trim().eq_ignore_ascii_case("from") {
                            continue;
                        }
                        let Some(r) = image_ref(cx, index, v.trim()) else {
                            continue;
                        };
                        let span = if exact {
                            let vs = w.span.start + start + k.len() + 1;
                            Span::new(vs, vs + v.len())
                        } else {
                            w.span
                        };
                        report(span, &r);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The image a `--from` value names; `None` for stages, `scratch` and values
/// the file cannot tell.
fn image_ref(cx: &Context<'_>, index: usize, raw: &str) -> Option<ImageRef> {
    let e = cx.model.expand_at(index, raw);
    if !e.is_exact() || !e.unresolved.is_empty() {
        return None;
    }
    let text = e.text.trim_matches(|c| c == '"' || c == '\'');
    if text.is_empty()
        || text == "scratch"
        || text.bytes().all(|b| b.is_ascii_digit())
        || cx.model.stage_by_name(text).is_some()
    {
        return None;
    }
    ImageRef::parse(text).ok()
}

/// Whether `registry` matches an entry of `allowed`.
pub(crate) fn trusted(allowed: &[String], registry: &str) -> bool {
    let hub = registry == "docker.io";
    allowed.iter().any(|pattern| {
        let p = pattern.trim().to_ascii_lowercase();
        let matches = |host: &str| {
            if p == "*" {
                true
            } else if let Some(suffix) = p.strip_prefix('*') {
                host.ends_with(suffix)
            } else if let Some(prefix) = p.strip_suffix('*') {
                host.starts_with(prefix)
            } else {
                host == p
            }
        };
        let host = registry.to_ascii_lowercase();
        matches(&host)
            || (hub
                && ["index.docker.io", "hub.docker.com", "registry-1.docker.io"]
                    .iter()
                    .any(|h| matches(h)))
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::config_support::testing::{messages_with, run_with, texts_with};

    const CODE: &str = "SS204";
    const CFG: &str = "trusted-registries = [\"ghcr.io\", \"*.corp.example\", \"mirror*\"]\n";

    #[test]
    fn no_configuration_no_finding() {
        assert!(run_with(CODE, "", "FROM quay.io/a/b:1\nFROM debian:12\n").is_empty());
        assert!(crate::rules::testing::run(CODE, "FROM quay.io/a/b:1\n").is_empty());
    }

    #[test]
    fn images_from_other_registries() {
        let src = "FROM quay.io/acme/app:1.4\n";
        assert_eq!(texts_with(CODE, CFG, src), vec!["quay.io/acme/app:1.4"]);
        assert_eq!(
            messages_with(CODE, CFG, src),
            vec!["`quay.io/acme/app:1.4` comes from registry `quay.io`, which is not in `trusted-registries`"]
        );
        // No registry: Docker Hub.
        assert_eq!(texts_with(CODE, CFG, "FROM debian:12\n"), vec!["debian:12"]);
        // COPY --from an image, RUN --mount from an image.
        let src = "FROM ghcr.io/a/b:1\nCOPY --from=quay.io/x/y:2 /bin/y /bin/y\nRUN --mount=type=bind,from=docker.io/library/alpine:3.20,target=/a true\n";
        assert_eq!(
            texts_with(CODE, CFG, src),
            vec!["quay.io/x/y:2", "docker.io/library/alpine:3.20"]
        );
        // Variables are expanded first.
        let src = "ARG REG=quay.io\nFROM ${REG}/acme/app:1\n";
        assert_eq!(texts_with(CODE, CFG, src), vec!["${REG}/acme/app:1"]);
        // Patterns match the whole host, not a part of it.
        let src = "FROM corp.example.evil.io/a:1\n";
        assert_eq!(run_with(CODE, CFG, src).len(), 1);
    }

    #[test]
    fn near_misses() {
        let clean = [
            "FROM ghcr.io/acme/app:1.4\n",
            "FROM registry.corp.example/team/app:1\n",
            "FROM mirror-eu.io/library/debian:12\n",
            "FROM scratch\n",
            "FROM ghcr.io/a/b:1 AS build\nFROM build\nCOPY --from=build /x /x\nCOPY --from=0 /x /y\n",
            "FROM ghcr.io/a/b:1 AS build\nFROM ghcr.io/a/c:1\nRUN --mount=type=cache,from=build,target=/c true\n",
            // A value the file cannot tell.
            "ARG BASE\nFROM ${BASE}\n",
        ];
        for src in clean {
            assert!(run_with(CODE, CFG, src).is_empty(), "{src}");
        }
        // Docker Hub allowed by any of its names.
        for hub in ["docker.io", "hub.docker.com", "index.docker.io", "*"] {
            let cfg = format!("trusted-registries = [\"{hub}\"]\n");
            assert!(
                run_with(
                    CODE,
                    &cfg,
                    "FROM debian:12\nFROM docker.io/library/alpine:3\n"
                )
                .is_empty(),
                "{hub}"
            );
        }
    }
}
