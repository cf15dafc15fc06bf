//! The inputs beyond the Dockerfile the CLI supplies: today's date
//! (SHIPSHAPE_TODAY overrides the clock) and the build context's
//! `.dockerignore` (next to the Dockerfile, or `<Dockerfile>.dockerignore`).

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn shipshape(args: &[&str], cwd: &Path, today: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("SHIPSHAPE_TODAY")
        .stdin(Stdio::null());
    if let Some(t) = today {
        cmd.env("SHIPSHAPE_TODAY", t);
    }
    cmd.output().expect("run shipshape")
}

/// (code, message) of each finding, from JSON output.
fn findings(out: &Output) -> Vec<(String, String)> {
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v.iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const SELECT: &[&str] = &["check", "--format", "json", "--select", "SS210,SS430,SS431"];

#[test]
fn today_comes_from_the_environment_override() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine:3.20\n").unwrap();
    let before = findings(&shipshape(SELECT, dir.path(), Some("2025-06-01")));
    assert!(before.is_empty(), "{before:?}");
    let soon = findings(&shipshape(SELECT, dir.path(), Some("2026-03-01")));
    assert_eq!(
        soon,
        [(
            "SS210".to_string(),
            "Base image `alpine:3.20` reaches its end of life in 31 days: Alpine 3.20 on 2026-04-01"
                .to_string()
        )]
    );
    let past = findings(&shipshape(SELECT, dir.path(), Some("2026-05-01")));
    assert_eq!(past.len(), 1);
    assert!(past[0].1.contains("is past its end of life"), "{past:?}");
    let bad = shipshape(SELECT, dir.path(), Some("tomorrow"));
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SHIPSHAPE_TODAY"));
}

#[test]
fn the_system_date_is_used_without_the_override() {
    // Debian 9 ended in 2022: with any current clock it is past.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM debian:stretch\n").unwrap();
    let f = findings(&shipshape(SELECT, dir.path(), None));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "SS210");
}

#[test]
fn without_a_dockerignore() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM alpine:3.22\nCOPY . /app\n",
    )
    .unwrap();
    let f = findings(&shipshape(SELECT, dir.path(), Some("2026-01-01")));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "SS430");
    assert!(f[0].1.contains("there is no `.dockerignore`"), "{f:?}");
}

#[test]
fn with_a_dockerignore_next_to_the_dockerfile() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("svc");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("Dockerfile"),
        "FROM alpine:3.22\nCOPY . /app\nCOPY secrets/key /k\n",
    )
    .unwrap();
    std::fs::write(sub.join(".dockerignore"), "# ctx\n.git\nsecrets\n").unwrap();
    // Checked from the parent directory: the context is the Dockerfile's directory.
    let f = findings(&shipshape(SELECT, dir.path(), Some("2026-01-01")));
    let codes: Vec<&str> = f.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["SS430", "SS431"], "{f:?}");
    assert!(
        f[0].1
            .ends_with("does not exclude `.env*`, `*.pem`, `id_*`"),
        "{f:?}"
    );
    assert_eq!(
        f[1].1,
        "`COPY` copies `secrets/key`, which `.dockerignore` excludes (line 3)"
    );

    // A complete .dockerignore: clean.
    std::fs::write(sub.join(".dockerignore"), ".git\n.env*\n*.pem\nid_*\n").unwrap();
    let f = findings(&shipshape(SELECT, dir.path(), Some("2026-01-01")));
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn a_dockerfile_specific_dockerignore_wins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.Dockerfile"),
        "FROM alpine:3.22\nCOPY build/out /app\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".dockerignore"), "nothing\n").unwrap();
    std::fs::write(dir.path().join("app.Dockerfile.dockerignore"), "build\n").unwrap();
    let f = findings(&shipshape(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "SS431",
            "app.Dockerfile",
        ],
        dir.path(),
        Some("2026-01-01"),
    ));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "SS431");
}

#[test]
fn stdin_has_no_context_unless_named() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
            .args(args)
            .current_dir(dir.path())
            .env("SHIPSHAPE_TODAY", "2026-01-01")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"FROM alpine:3.22\nCOPY . /app\n")
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let base = ["check", "--format", "json", "--select", "SS430", "-"];
    assert!(findings(&run(&base)).is_empty());
    let named = [&base[..], &["--stdin-filename", "Dockerfile"]].concat();
    assert_eq!(findings(&run(&named)).len(), 1);
}
