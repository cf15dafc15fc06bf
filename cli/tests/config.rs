//! Configuration files as a project would have them.

use std::path::Path;
use std::process::{Command, Output};

fn shipshape(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        // A fixed today: the end-of-life rule (SS210) must not depend on the clock.
        .env("SHIPSHAPE_TODAY", "2025-06-01")
        .output()
        .expect("run shipshape")
}

fn codes(out: &Output) -> Vec<String> {
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v.iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["file"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect()
}

/// Clean for every default rule but one: line 3 is a syntax error (SS001).
const BROKEN: &str = "FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nUSER 65532\nFOO bar\n";

#[test]
fn nearest_config_applies_and_hadolint_yaml_is_read_when_there_is_no_shipshape_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("a/deep")).unwrap();
    std::fs::create_dir_all(d.join("b")).unwrap();
    std::fs::write(d.join("Dockerfile"), BROKEN).unwrap();
    std::fs::write(d.join("a/deep/Dockerfile"), BROKEN).unwrap();
    std::fs::write(d.join("b/Dockerfile"), BROKEN).unwrap();
    // A hadolint config at the top ignores DL1000 (our syntax-error's peer)...
    std::fs::write(d.join(".hadolint.yaml"), "ignored:\n  - DL1000\n").unwrap();
    // ...but a shipshape config under b/ wins there, and ignores nothing.
    std::fs::write(d.join("b/shipshape.toml"), "ignore = []\n").unwrap();
    let out = shipshape(&["check", "--format", "json", "."], d);
    assert_eq!(codes(&out), ["b/Dockerfile:SS001"]);
    // --isolated reads no config at all.
    let out = shipshape(&["check", "--format", "json", "--isolated", "."], d);
    assert_eq!(codes(&out).len(), 3);
    // --config applies one file to every Dockerfile.
    let out = shipshape(
        &[
            "check",
            "--format",
            "json",
            "--config",
            ".hadolint.yaml",
            ".",
        ],
        d,
    );
    assert!(codes(&out).is_empty());
}

#[test]
fn config_errors_name_the_file_line_and_column_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("Dockerfile"), BROKEN).unwrap();
    std::fs::write(
        d.join("shipshape.toml"),
        "select = [\"ALL\"]\nignor = [\"SS001\"]\n",
    )
    .unwrap();
    let out = shipshape(&["check", "."], d);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("shipshape.toml:2:1:"), "{err}");
    assert!(err.contains("ignor"), "{err}");
    std::fs::write(d.join("shipshape.toml"), "ignore = [\"no-such-rule\"]\n").unwrap();
    let out = shipshape(&["check", "."], d);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-rule"));
}

#[test]
fn config_fail_level_and_no_fail_decide_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("Dockerfile"), BROKEN).unwrap();
    std::fs::write(d.join(".hadolint.yaml"), "no-fail: true\n").unwrap();
    assert_eq!(shipshape(&["check", "."], d).status.code(), Some(0));
    std::fs::write(
        d.join(".hadolint.yaml"),
        "override:\n  info:\n    - DL1000\nfailure-threshold: warning\n",
    )
    .unwrap();
    let out = shipshape(&["check", "--format", "json", "."], d);
    assert_eq!(
        out.status.code(),
        Some(0),
        "an info finding under a warning threshold passes"
    );
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["severity"], "info");
    // The command line's fail level wins over the config's.
    assert_eq!(
        shipshape(&["check", "--fail-level", "info", "."], d)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn suppression_comments_of_each_tool_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases = [
        (
            "shipshape",
            "FROM alpine:3.20\n# shipshape ignore=SS001 -- legacy line\nFOO bar\n",
            0,
        ),
        (
            "hadolint",
            "FROM alpine:3.20\n# hadolint ignore=DL1000\nFOO bar\n",
            0,
        ),
        (
            "hadolint-global",
            "# hadolint global ignore=DL1000\nFROM alpine:3.20\nFOO bar\n",
            0,
        ),
        (
            "file",
            "FROM alpine:3.20\nFOO bar\n# shipshape ignore-file=syntax-error\n",
            0,
        ),
        (
            "other-rule",
            "FROM alpine:3.20\n# shipshape ignore=SS002\nFOO bar\n",
            1,
        ),
        (
            "blank-line-between",
            "FROM alpine:3.20\n# shipshape ignore=SS001\n\nFOO bar\n",
            1,
        ),
    ];
    for (name, text, expected) in cases {
        std::fs::write(d.join("Dockerfile"), text).unwrap();
        let out = shipshape(
            &[
                "check",
                "--format",
                "json",
                "--select",
                "SS001",
                "Dockerfile",
            ],
            d,
        );
        assert_eq!(codes(&out).len(), expected, "{name}");
    }
    // Unused suppressions are reported when asked for.
    std::fs::write(
        d.join("Dockerfile"),
        "FROM alpine:3.20\n# shipshape ignore=SS001\nRUN true\n",
    )
    .unwrap();
    let out = shipshape(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "SS001,SS002",
            "Dockerfile",
        ],
        d,
    );
    assert_eq!(codes(&out), ["Dockerfile:SS002"]);
}

#[test]
fn every_output_format_renders_and_output_file_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("Dockerfile"), BROKEN).unwrap();
    for (format, needle) in [
        ("sarif", "\"version\": \"2.1.0\""),
        ("checkstyle", "<checkstyle"),
        ("gitlab", "\"check_name\""),
        ("codeclimate", "\"check_name\""),
        ("gnu", "Dockerfile:3.1-"),
        ("github", "::error file=Dockerfile,line=3"),
        ("junit", "<testsuites"),
    ] {
        let out = shipshape(
            &["check", "--format", format, "--isolated", "Dockerfile"],
            d,
        );
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{format}: {text}");
    }
    let out = shipshape(
        &[
            "check",
            "--format",
            "sarif",
            "-o",
            "report.sarif",
            "Dockerfile",
        ],
        d,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let report = std::fs::read_to_string(d.join("report.sarif")).unwrap();
    assert!(report.contains("SS001"));
    let out = shipshape(&["check", "--statistics", "Dockerfile"], d);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("SS001") && text.contains("syntax-error"),
        "{text}"
    );
}

#[test]
fn exclude_globs_skip_discovered_files_but_not_named_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("vendor/lib")).unwrap();
    std::fs::write(d.join("Dockerfile"), BROKEN).unwrap();
    std::fs::write(d.join("vendor/lib/Dockerfile"), BROKEN).unwrap();
    std::fs::write(d.join("shipshape.toml"), "exclude = [\"vendor/**\"]\n").unwrap();
    let out = shipshape(&["check", "--format", "json", "."], d);
    assert_eq!(codes(&out), ["Dockerfile:SS001"]);
    let out = shipshape(&["check", "--format", "json", "vendor/lib/Dockerfile"], d);
    assert_eq!(codes(&out), ["vendor/lib/Dockerfile:SS001"]);
}
