//! Hostile inputs at the CLI (the library-level catalogue is
//! core/tests/hostile.rs): each ends in findings or a clear error, and the
//! other files of the run are still checked.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn shipshape(args: &[&str], cwd: &Path, stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn shipshape");
    let mut pipe = child.stdin.take().expect("stdin");
    let data = stdin.map(<[u8]>::to_vec);
    // Write from a thread: the CLI may stop reading (at its limit) first.
    let writer = std::thread::spawn(move || {
        if let Some(d) = data {
            let _ = pipe.write_all(&d);
        }
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const OK: &str = "FROM alpine:3.20\nUSER root\n";

#[test]
fn a_file_over_the_size_limit_is_a_clear_error_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("Big.Dockerfile");
    let f = std::fs::File::create(&big).unwrap();
    // Sparse: 65 MiB of NUL bytes without writing them.
    f.set_len(65 << 20).unwrap();
    std::fs::write(dir.path().join("Dockerfile"), OK).unwrap();
    let out = shipshape(
        &[
            "check",
            "--isolated",
            "--format",
            "json",
            "Big.Dockerfile",
            "Dockerfile",
        ],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("Big.Dockerfile: larger than 64 MiB, not checked"),
        "{err}"
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(findings.iter().any(|f| f["file"] == "Dockerfile"));
}

#[test]
fn an_endless_input_stops_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(&["check", "--isolated", "/dev/zero"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        stderr(&out).contains("/dev/zero: larger than 64 MiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stdin_over_the_limit_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = vec![b'#'; (64 << 20) + 10];
    let out = shipshape(&["check", "--isolated", "-"], dir.path(), Some(&data));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        stderr(&out).contains("<stdin>: larger than 64 MiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn utf16_file_is_checked_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in OK.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.path().join("Dockerfile"), bytes).unwrap();
    let out = shipshape(
        &["check", "--isolated", "--select", "ALL", "--format", "json"],
        dir.path(),
        None,
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = findings
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("UTF-16LE")),
        "{messages:?}"
    );
    // The decoded text is checked: USER root is found on line 2.
    assert!(findings.iter().any(|f| f["line"] == 2), "{findings:?}");
}

#[test]
fn binary_garbage_and_nul_bytes_end_in_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut x: u32 = 12345;
    let garbage: Vec<u8> = (0..200_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    std::fs::write(dir.path().join("Dockerfile"), garbage).unwrap();
    std::fs::write(dir.path().join("Nul.Dockerfile"), b"FROM a\0b\nRUN \0\0\n").unwrap();
    let out = shipshape(
        &[
            "check",
            "--isolated",
            "--select",
            "ALL",
            "Dockerfile",
            "Nul.Dockerfile",
        ],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not valid UTF-8"), "{text}");
    // Both files were read: no I/O error on stderr.
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_a_directory_do_not_hang_discovery() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("Dockerfile"), OK).unwrap();
    std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
    let out = shipshape(
        &["check", "--isolated", "--format", "json", "."],
        dir.path(),
        None,
    );
    let findings: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    assert!(findings.iter().any(|f| f["file"]
        .as_str()
        .is_some_and(|n| n.ends_with("Dockerfile"))));
}

#[test]
fn fixing_a_file_that_is_not_utf8_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"FROM debian\nMAINTAINER \xff\n".to_vec();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, &bytes).unwrap();
    let out = shipshape(
        &["check", "--isolated", "--fix", "--select", "ALL"],
        dir.path(),
        None,
    );
    assert!(
        stderr(&out).contains("not fixed: the file is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}
