//! The CLI as a user runs it: exit codes, output shapes, stdin, discovery.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn shipshape(args: &[&str], cwd: &Path, stdin: Option<&str>) -> Output {
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
        .expect("spawn shipshape");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait")
}

fn json(out: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

const CLEAN: &str = "FROM alpine:3.20\nRUN echo ok\n";
const BROKEN: &str = "FROM alpine:3.20\nFOO bar\nRUN echo ok\n";

#[test]
fn clean_file_exits_0_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), CLEAN).unwrap();
    let out = shipshape(&["check", "--select", "syntax-error"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 file checked, no problems found"), "{text}");
}

#[test]
fn finding_exits_1_with_a_code_frame() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), BROKEN).unwrap();
    let out = shipshape(&["check", "--select", "SS001"], dir.path(), None);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Dockerfile:2:1: SS001 error:"), "{text}");
    assert!(text.contains("2 | FOO bar"), "{text}");
    assert!(
        text.contains("Found 1 problem (1 error) in 1 of 1 file."),
        "{text}"
    );
}

#[test]
fn fail_level_decides_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), BROKEN).unwrap();
    // SS001 is an error: at fail level error it still fails...
    let out = shipshape(
        &["check", "--select", "SS001", "--fail-level", "error"],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    // ...but not once its severity is below the level? Severity is fixed here,
    // so check the other direction with a clean file at the lowest level.
    std::fs::write(dir.path().join("Dockerfile"), CLEAN).unwrap();
    let out = shipshape(
        &["check", "--select", "SS001", "--fail-level", "hint"],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn json_output_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "SS001",
            "-",
            "--stdin-filename",
            "app/Dockerfile",
        ],
        dir.path(),
        Some("FROM alpine:3.20\n  FOO bär\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let all = json(&out);
    assert_eq!(all.len(), 1, "{all:?}");
    let f = &all[0];
    let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "file",
        "code",
        "name",
        "severity",
        "message",
        "line",
        "column",
        "endLine",
        "endColumn",
        "fix",
    ] {
        assert!(keys.contains(&k), "missing {k} in {f}");
    }
    assert_eq!(f["file"], "app/Dockerfile");
    assert_eq!(f["code"], "SS001");
    assert_eq!(f["name"], "syntax-error");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["line"], 2);
    assert!(f["fix"].is_null());
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(&["check", "--select", "no-such-rule"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-rule"));
    let out = shipshape(&["check", "missing-file"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    let out = shipshape(&["check", "--format", "yaml"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    let out = shipshape(&["explain", "XX999"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn directories_are_searched_for_dockerfiles_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in [
        "Dockerfile",
        "svc/Dockerfile.prod",
        "svc/api.Dockerfile",
        "svc/web.dockerfile",
        "Containerfile",
        ".devcontainer/Dockerfile",
        "ignored/Dockerfile",
        "notes.txt",
        "docker-compose.yml",
    ] {
        let p = d.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, BROKEN).unwrap();
    }
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    // The ignore crate only reads .gitignore inside a git repository.
    std::fs::create_dir_all(d.join(".git")).unwrap();
    let out = shipshape(
        &["check", "--format", "json", "--select", "SS001", "."],
        d,
        None,
    );
    let mut files: Vec<String> = json(&out)
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    files.sort();
    files.dedup();
    assert_eq!(
        files,
        [
            ".devcontainer/Dockerfile",
            "Containerfile",
            "Dockerfile",
            "svc/Dockerfile.prod",
            "svc/api.Dockerfile",
            "svc/web.dockerfile"
        ]
    );
    // A file named explicitly is checked whatever its name.
    let out = shipshape(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "SS001",
            "notes.txt",
        ],
        d,
        None,
    );
    assert_eq!(json(&out).len(), 1);
}

#[test]
fn invalid_utf8_is_reported_with_a_position_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        b"FROM alpine:3.20\nRUN echo \xff\nFOO bar\n",
    )
    .unwrap();
    let out = shipshape(
        &["check", "--format", "json", "--select", "SS001"],
        dir.path(),
        None,
    );
    let all = json(&out);
    let lines: Vec<i64> = all.iter().map(|f| f["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [2, 3], "{all:?}");
    assert!(all[0]["message"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
}

#[test]
fn rules_json_lists_the_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(&["rules", "--format", "json"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0));
    let all = json(&out);
    assert!(all.len() >= 2);
    for r in &all {
        for k in [
            "code",
            "name",
            "summary",
            "severity",
            "category",
            "target",
            "checklist",
            "owasp",
            "equivalents",
            "fix",
            "url",
        ] {
            assert!(r.get(k).is_some(), "missing {k} in {r}");
        }
    }
    let codes: Vec<&str> = all.iter().map(|r| r["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "rules are listed by code");
}

#[test]
fn explain_finds_a_rule_by_code_name_or_peer_id() {
    let dir = tempfile::tempdir().unwrap();
    for key in ["SS001", "syntax-error", "DL1000", "ss001"] {
        let out = shipshape(&["explain", key], dir.path(), None);
        assert_eq!(out.status.code(), Some(0), "{key}");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("# SS001 syntax-error"));
    }
}

#[test]
fn thousands_of_generated_dockerfiles_are_checked_without_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let n = 2000;
    for i in 0..n {
        let sub = dir.path().join(format!("p{}", i % 40));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("{i}.Dockerfile")),
            support::gen::dockerfile(i),
        )
        .unwrap();
    }
    let out = shipshape(
        &["check", "--format", "json", "--select", "ALL", "."],
        dir.path(),
        None,
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let all = json(&out);
    let files: std::collections::BTreeSet<&str> =
        all.iter().map(|f| f["file"].as_str().unwrap()).collect();
    // The generator puts a finding in most files; all of them were read.
    assert!(
        files.len() > n as usize / 2,
        "{} files with findings",
        files.len()
    );
}
