//! SS210 eol-base-image (no peer has a Dockerfile check): a base image is
//! a distribution or runtime release past its end of life, or close to it.

use super::base_support::{image, note_args, shown};
use super::eol_support::{products, Found};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS210",
        name: "eol-base-image",
        summary: "A base image is a release past its end of life",
        severity: Severity::Warning,
        category: Category::BaseImage,
        target: Target::Dockerfile,
        checklist: &[Checklist::UpdatedBase, Checklist::TrustedBase],
        owasp: &[Owasp::D02],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "A distribution or runtime past its end of life gets no more security fixes: \
every vulnerability found from then on stays in your image, however often you rebuild it. \
Move to a supported release (and keep moving: SS210 also tells you ahead of time).\n\n\
shipshape compares the base images with a bundled table of end-of-life dates, as of \
2025-06-01 (the date is in the source, `eol_support.rs`): Debian 7–12 by number and codename \
(end of LTS), Ubuntu 14.04–24.10 by number and codename, LTS and interim (end of standard \
support), Alpine 3.8–3.21, CentOS 6–8, CentOS Stream 8–9 (`quay.io/centos/centos`), Red Hat \
UBI 7–9, Fedora 30–40, Amazon Linux 1, 2 and 2023, Python 2 and 3.4–3.13, Node.js 4–23 (also \
by codename), Go 1.11–1.22, the non-LTS Java releases 9–23 (`eclipse-temurin`, \
`amazoncorretto`, `openjdk`; the LTS ones depend on the vendor and are left out), Ruby \
2.3–3.2, PHP 5.6–8.3 and PostgreSQL 9.4–13. Dates announced only to the month count as the \
month's last day. The tags of Docker official images also name the distribution they are \
built on, and that counts too: `python:3.8-slim-bullseye` is Python 3.8 on Debian 11, \
`golang:1.21-alpine3.18` is Go 1.21 on Alpine 3.18. Tags of other images are not \
interpreted (their owner decides what they mean), and moving tags (`python:3`, `node:lts`, \
`debian:stable`) are not judged.\n\n\
A release past its end of life is reported at the rule's severity; one that reaches it \
within `warn-days` days (default 90) is reported at info severity, with the date. The rule \
needs today's date, which the CLI and the language server take from the system clock (the \
CLI honours `SHIPSHAPE_TODAY=YYYY-MM-DD`) and the web page from the browser; without one it \
says nothing. The example is judged on 2026-01-01.\n\n\
```toml\n[rules.eol-base-image]\nwarn-days = 180\n```\n\n\
Trivy knows the end of life of an image's OS when it scans the built image; no Dockerfile \
linter checks it.",
        bad: "FROM python:3.8-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
        good: "FROM python:3.13-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    },
    check,
};

fn warn_days(cx: &Context<'_>) -> i64 {
    cx.settings
        .option(&RULE.meta, "warn-days")
        .and_then(|v| v.as_integer())
        .filter(|n| *n >= 0)
        .unwrap_or(90)
}

fn describe(f: &Found) -> String {
    // Codenames are worth showing (`Debian 11 (bullseye)`), version strings not.
    if f.named == f.version || f.named.bytes().any(|b| b.is_ascii_digit()) {
        format!("{} {}", f.product.label(), f.version)
    } else {
        format!("{} {} ({})", f.product.label(), f.version, f.named)
    }
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(today) = cx.settings.today else {
        return;
    };
    let soon = warn_days(cx);
    // "Soon" is info, unless the rule is configured quieter still.
    let quieter = out.severity() != Severity::Hint;
    for stage in &cx.model.stages {
        let Some(r) = image(stage) else { continue };
        let found = products(r);
        let past: Vec<&Found> = found.iter().filter(|f| f.eol < today).collect();
        let message = if !past.is_empty() {
            let what: Vec<String> = past
                .iter()
                .map(|f| format!("{} (end of life {})", describe(f), f.eol))
                .collect();
            format!(
                "Base image {} is past its end of life: {}",
                shown(stage),
                what.join(", ")
            )
        } else {
            let near: Vec<&Found> = found
                .iter()
                .filter(|f| today.days_until(f.eol) <= soon)
                .collect();
            let Some(first) = near.iter().min_by_key(|f| f.eol) else {
                continue;
            };
            let days = today.days_until(first.eol);
            let when = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            format!(
                "Base image {} reaches its end of life {when}: {} on {}",
                shown(stage),
                describe(first),
                first.eol
            )
        };
        let mut reported = out.report(stage.base_span, message);
        if past.is_empty() && quieter {
            reported = reported.severity(Severity::Info);
        }
        note_args(&cx.model, stage, reported);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::rules::testing::run_in;

    const CODE: &str = "SS210";

    fn on(today: &str, src: &str) -> Vec<(String, Severity)> {
        run_in(CODE, src, Some(today), None)
            .into_iter()
            .map(|d| (d.span.text(src).to_string(), d.severity))
            .collect()
    }

    #[test]
    fn past_end_of_life() {
        let src = "FROM python:3.8-slim-bullseye AS build\nFROM debian:stretch\nFROM node:16\n";
        let d = run_in(CODE, src, Some("2026-01-01"), None);
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "Base image `python:3.8-slim-bullseye` is past its end of life: Python 3.8 (end of life 2024-10-07)",
                "Base image `debian:stretch` is past its end of life: Debian 9 (stretch) (end of life 2022-06-30)",
                "Base image `node:16` is past its end of life: Node.js 16 (end of life 2023-09-11)",
            ]
        );
        assert!(d.iter().all(|d| d.severity == Severity::Warning));
        // Later, Debian 11 is past its end too.
        let d = run_in(
            CODE,
            "FROM python:3.8-slim-bullseye\n",
            Some("2026-09-01"),
            None,
        );
        assert_eq!(
            d[0].message,
            "Base image `python:3.8-slim-bullseye` is past its end of life: Python 3.8 (end of life 2024-10-07), Debian 11 (bullseye) (end of life 2026-08-31)"
        );
        assert_eq!(
            on("2026-01-01", "FROM centos:7\n"),
            [("centos:7".into(), Severity::Warning)]
        );
        assert_eq!(on("2026-01-01", "FROM golang:1.21-alpine3.18\n").len(), 1);
    }

    #[test]
    fn the_day_after_counts_the_day_itself_does_not() {
        let src = "FROM python:3.8\n";
        assert_eq!(
            on("2024-10-08", src),
            [("python:3.8".into(), Severity::Warning)]
        );
        let d = run_in(CODE, src, Some("2024-10-07"), None);
        assert_eq!(d[0].severity, Severity::Info);
        assert_eq!(
            d[0].message,
            "Base image `python:3.8` reaches its end of life today: Python 3.8 on 2024-10-07"
        );
    }

    #[test]
    fn soon_is_info_with_the_date() {
        let src = "FROM alpine:3.20\n";
        let d = run_in(CODE, src, Some("2026-01-01"), None);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Info);
        assert_eq!(
            d[0].message,
            "Base image `alpine:3.20` reaches its end of life in 90 days: Alpine 3.20 on 2026-04-01"
        );
        assert!(on("2025-12-31", src).is_empty());
        // The earliest of several.
        let d = run_in(CODE, "FROM node:20-alpine3.20\n", Some("2026-03-31"), None);
        assert!(
            d[0].message
                .ends_with("tomorrow: Alpine 3.20 on 2026-04-01"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn warn_days_option() {
        use crate::config::parse_shipshape_toml;
        use crate::engine::{check, Settings};
        let cfg = parse_shipshape_toml("[rules.eol-base-image]\nwarn-days = 200\n").unwrap();
        let (mut s, _) = Settings::from_config(cfg);
        s.today = crate::context::Date::parse("2025-10-01");
        let d: Vec<_> = check("FROM alpine:3.20\n", &s)
            .into_iter()
            .filter(|d| d.code == CODE)
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Info);
        s.today = crate::context::Date::parse("2025-01-01");
        assert!(check("FROM alpine:3.20\n", &s)
            .iter()
            .all(|d| d.code != CODE));
    }

    #[test]
    fn variables_are_expanded() {
        let src = "ARG PY=3.7\nFROM python:${PY}-slim\n";
        let d = run_in(CODE, src, Some("2026-01-01"), None);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .starts_with("Base image `python:${PY}-slim` (`python:3.7-slim`)"));
        assert_eq!(d[0].related.len(), 1);
    }

    #[test]
    fn near_misses() {
        for src in [
            "FROM python:3.13-slim\n",
            "FROM python:3\n",
            "FROM node:lts-alpine\n",
            "FROM debian:bookworm-slim\n",
            "FROM ubuntu:24.04\n",
            "FROM myorg/python:3.8\n",
            "FROM scratch\n",
            "FROM eclipse-temurin:17-jre\n",
            "ARG TAG\nFROM python:${TAG}\n",
            "FROM python:3.12 AS a\nFROM a\n",
            "FROM alpine:latest\n",
            "FROM postgres:16\n",
        ] {
            assert!(on("2026-01-01", src).is_empty(), "{src}");
        }
    }

    #[test]
    fn the_doc_states_the_table_date() {
        let as_of = crate::rules::eol_support::TABLE_AS_OF.to_string();
        assert!(super::RULE.meta.why.contains(&format!("as of {as_of}")));
    }

    #[test]
    fn without_today_nothing() {
        assert!(run_in(CODE, "FROM debian:stretch\n", None, None).is_empty());
    }
}
