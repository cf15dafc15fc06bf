//! SS870 invalid-label-key (hadolint DL3048): a LABEL key that does not
//! follow Docker's key format or uses a reserved namespace.

use super::config_support::all_labels;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS870",
        name: "invalid-label-key",
        summary: "A LABEL key does not follow the label key format",
        severity: Severity::Hint,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3048")],
        fix: FixKind::None,
        default_enabled: true,
        why: "Labels are read by tools: registries, scanners, orchestrators and inventory \
scripts look for keys such as `org.opencontainers.image.source`. Docker's guidelines ask for \
keys that start with a lower-case letter, end with a lower-case letter or digit, and use only \
lower-case letters, digits, `.`, `-` (and, as hadolint allows, `_` and `/`), with no `..` or \
`--`; namespaced keys use reverse DNS (`com.example.team`). The namespaces `com.docker.`, \
`io.docker.` and `org.dockerproject.` are reserved for Docker itself.\n\n\
**What is reported.** Each LABEL key (after quotes are removed and variables expanded) that \
breaks those rules. Keys whose value the file cannot tell are not judged.\n\n\
**How this differs from hadolint DL3048.** The same key rules; hadolint does not expand \
variables, so it reports every key written with a variable (`LABEL ${KEY}=…`), whatever its \
value, where shipshape judges the expanded key.",
        bad: "FROM debian:12\nLABEL Maintainer=\"team@example.com\"\n",
        good: "FROM debian:12\nLABEL org.opencontainers.image.authors=\"team@example.com\"\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for lp in all_labels(cx) {
        let Some(key) = lp.key(cx) else { continue };
        if let Some(problem) = problem(&key) {
            out.report(lp.pair.key.span, format!("Label key `{key}` {problem}"));
        }
    }
}

fn problem(key: &str) -> Option<&'static str> {
    let first = key.bytes().next();
    let last = key.bytes().last();
    if !first.is_some_and(|b| b.is_ascii_lowercase()) {
        return Some("must start with a lower-case letter");
    }
    if !last.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return Some("must end with a lower-case letter or a digit");
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._/-".contains(&b))
    {
        return Some("may use only lower-case letters, digits, `.`, `-`, `_` and `/`");
    }
    if key.contains("..") || key.contains("--") {
        return Some("must not repeat `.` or `-`");
    }
    if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|ns| key.starts_with(ns))
    {
        return Some("is in a namespace reserved for Docker");
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{run, texts};

    const CODE: &str = "SS870";

    #[test]
    fn invalid_keys() {
        for (key, problem) in [
            ("Upper", "must start with a lower-case letter"),
            ("1a", "must start with a lower-case letter"),
            ("a-", "must end with a lower-case letter or a digit"),
            (
                "a.B1",
                "may use only lower-case letters, digits, `.`, `-`, `_` and `/`",
            ),
            ("a..b", "must not repeat `.` or `-`"),
            ("a--b", "must not repeat `.` or `-`"),
            ("com.docker.x", "is in a namespace reserved for Docker"),
            ("io.docker.y", "is in a namespace reserved for Docker"),
        ] {
            let src = format!("FROM debian:12\nLABEL {key}=1\n");
            let found = run(CODE, &src);
            assert_eq!(found.len(), 1, "{key}");
            assert_eq!(found[0].message, format!("Label key `{key}` {problem}"));
        }
        // Quoted keys, several pairs, continuation lines, variables.
        let src = "FROM debian:12\nLABEL \"Bad Key\"=1 \\\n      good.key=2 \\\n      Other=3\n";
        assert_eq!(texts(CODE, src), vec!["\"Bad Key\"", "Other"]);
        let src = "FROM debian:12\nARG K=Vendor\nLABEL ${K}=acme\n";
        assert_eq!(texts(CODE, src), vec!["${K}"]);
    }

    #[test]
    fn near_misses() {
        for key in [
            "org.opencontainers.image.source",
            "maintainer",
            "a_b",
            "c/d",
            "ok.key-1",
            "\"com.example.vendor\"",
        ] {
            let src = format!("FROM debian:12\nLABEL {key}=1\n");
            assert!(run(CODE, &src).is_empty(), "{key}");
        }
        assert!(run(CODE, "FROM debian:12\nARG K\nLABEL ${K}=1\n").is_empty());
    }
}
