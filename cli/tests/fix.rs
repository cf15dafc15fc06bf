//! `check --fix` and `--diff` as a user runs them.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn shipshape(args: &[&str], cwd: &Path, stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        // A fixed today: the end-of-life rule (SS210) must not depend on the clock.
        .env("SHIPSHAPE_TODAY", "2025-06-01")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(t) = stdin {
        pipe.write_all(t.as_bytes()).expect("write");
    }
    drop(pipe);
    child.wait_with_output().expect("wait")
}

fn findings(out: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn fix_on_a_directory_leaves_every_file_parseable_and_the_safe_fixes_gone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = 300;
    for i in 0..n {
        std::fs::write(
            d.join(format!("{i}.Dockerfile")),
            support::gen::dockerfile(i),
        )
        .unwrap();
    }
    let before = findings(&shipshape(
        &[
            "check",
            "--isolated",
            "--select",
            "ALL",
            "--format",
            "json",
            ".",
        ],
        d,
        None,
    ));
    let fixable = before
        .iter()
        .filter(|f| f["fix"]["applicability"] == "safe")
        .count();
    assert!(fixable > 0, "the generated files have something to fix");
    let syntax_before = before.iter().filter(|f| f["code"] == "SS001").count();

    let out = shipshape(
        &["check", "--isolated", "--select", "ALL", "--fix", "."],
        d,
        None,
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Fixed "));

    let after = findings(&shipshape(
        &[
            "check",
            "--isolated",
            "--select",
            "ALL",
            "--format",
            "json",
            ".",
        ],
        d,
        None,
    ));
    let still: Vec<_> = after
        .iter()
        .filter(|f| f["fix"]["applicability"] == "safe")
        .collect();
    assert!(still.is_empty(), "safe fixes left after --fix: {still:#?}");
    let syntax_after = after.iter().filter(|f| f["code"] == "SS001").count();
    assert_eq!(
        syntax_after, syntax_before,
        "fixing must not add syntax errors"
    );
    assert!(after.len() < before.len());
}

#[test]
fn diff_prints_a_unified_diff_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\n";
    std::fs::write(d.join("Dockerfile"), text).unwrap();
    let out = shipshape(&["check", "--isolated", "--diff", "Dockerfile"], d, None);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("--- a/Dockerfile") && diff.contains("+++ b/Dockerfile"),
        "{diff}"
    );
    assert!(
        diff.contains("-MAINTAINER Jane <jane@example.com>"),
        "{diff}"
    );
    assert_eq!(std::fs::read_to_string(d.join("Dockerfile")).unwrap(), text);
    // Nothing to fix: no diff, exit 0.
    std::fs::write(d.join("Dockerfile"), "FROM alpine:3.20\nRUN true\n").unwrap();
    let out = shipshape(
        &[
            "check",
            "--isolated",
            "--select",
            "SS804",
            "--diff",
            "Dockerfile",
        ],
        d,
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(
        &["check", "--isolated", "--select", "SS804", "--fix", "-"],
        dir.path(),
        Some("FROM alpine:3.20\nMAINTAINER Jane\n"),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("FROM alpine:3.20\nLABEL "), "{text}");
    assert!(!text.contains("MAINTAINER"), "{text}");
}

#[test]
fn files_that_are_not_utf8_are_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bytes = b"FROM alpine:3.20\nMAINTAINER J\xffne\n".to_vec();
    std::fs::write(d.join("Dockerfile"), &bytes).unwrap();
    let out = shipshape(&["check", "--isolated", "--fix", "Dockerfile"], d, None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not fixed"));
    assert_eq!(std::fs::read(d.join("Dockerfile")).unwrap(), bytes);
}
