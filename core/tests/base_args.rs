//! The base image rules judge `FROM ${BASE}` by the ARG's default, as
//! BuildKit substitutes it (issue "Rule catalogue, part 1", item 4).

use shipshape_core::{check, Settings};

const DIGEST: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// The codes reported on `src` when only SS201, SS202 and SS203 run.
fn base_codes(src: &str) -> Vec<&'static str> {
    let settings = Settings::resolve(Some(&["SS201", "SS202", "SS203"]), &[], &[], &[]).0;
    check(src, &settings).into_iter().map(|d| d.code).collect()
}

#[test]
fn a_tagged_default_is_neither_untagged_nor_latest() {
    let src = "ARG BASE=debian:12\nFROM ${BASE}\nRUN true\n";
    // Tagged, so only the digest rule has something to say.
    assert_eq!(base_codes(src), ["SS203"]);
    let pinned = format!("ARG BASE=debian:12@{DIGEST}\nFROM ${{BASE}}\nRUN true\n");
    assert!(base_codes(&pinned).is_empty());
}

#[test]
fn an_untagged_default_is_reported_as_untagged() {
    let src = "ARG BASE=debian\nFROM ${BASE}\nRUN true\n";
    let settings = Settings::resolve(Some(&["SS201"]), &[], &[], &[]).0;
    let found = check(src, &settings);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].span.text(src), "${BASE}");
    assert_eq!(found[0].related[0].span.text(src), "BASE=debian");
    // Not `:latest` written out, and not pinned.
    assert_eq!(base_codes(src), ["SS201", "SS203"]);
}

#[test]
fn a_latest_default_is_reported_as_latest() {
    let src = "ARG BASE=debian:latest\nFROM $BASE\n";
    assert_eq!(base_codes(src), ["SS202", "SS203"]);
}

#[test]
fn an_unknown_base_is_not_judged() {
    for src in [
        "ARG BASE\nFROM ${BASE}\n",
        "ARG TARGETARCH\nFROM example/tool-${TARGETARCH}\n",
    ] {
        let codes = base_codes(src);
        assert!(
            !codes.contains(&"SS201") && !codes.contains(&"SS202"),
            "{src}: {codes:?}"
        );
    }
}
