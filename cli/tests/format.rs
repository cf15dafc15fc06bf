//! `shipshape format` as a user runs it: files, directories, stdin,
//! `--check` and `--diff`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn shipshape(args: &[&str], cwd: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn shipshape");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("wait")
}

const MESSY: &str = "from alpine:3.20  \nrun   apk add curl \\\n  && echo ok\n";
const TIDY: &str = "FROM alpine:3.20\nRUN apk add curl \\\n    && echo ok\n";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn formats_discovered_files_in_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), MESSY).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/api.Dockerfile"), TIDY).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "run   x  \n").unwrap();
    let out = shipshape(&["format"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        TIDY
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sub/api.Dockerfile")).unwrap(),
        TIDY
    );
    // Not a Dockerfile by name: untouched.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "run   x  \n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 file formatted"), "{err}");
}

#[test]
fn check_lists_files_that_would_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), MESSY).unwrap();
    std::fs::write(dir.path().join("Containerfile"), TIDY).unwrap();
    let out = shipshape(&["format", "--check", "."], dir.path(), None);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let listed = stdout(&out);
    assert!(listed.contains("Dockerfile"), "{listed}");
    assert!(!listed.contains("Containerfile"), "{listed}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        MESSY
    );
    // Once formatted, --check passes.
    assert_eq!(
        shipshape(&["format"], dir.path(), None).status.code(),
        Some(0)
    );
    let again = shipshape(&["format", "--check"], dir.path(), None);
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    assert_eq!(stdout(&again), "");
}

#[test]
fn diff_prints_a_unified_diff() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), MESSY).unwrap();
    let out = shipshape(&["format", "--diff", "Dockerfile"], dir.path(), None);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let diff = stdout(&out);
    assert!(diff.contains("--- a/Dockerfile"), "{diff}");
    assert!(diff.contains("+++ b/Dockerfile"), "{diff}");
    assert!(diff.contains("-from alpine:3.20  \n"), "{diff}");
    assert!(diff.contains("+FROM alpine:3.20\n"), "{diff}");
    assert!(diff.contains("+    && echo ok"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        MESSY
    );
}

#[test]
fn stdin_to_stdout_keeps_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(
        &["format", "-"],
        dir.path(),
        Some("from a \r\ncopy   x   y\r\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out), "FROM a\r\nCOPY x y\r\n");
}

#[test]
fn indent_option_and_check_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(&["format", "--indent", "2", "-"], dir.path(), Some(MESSY));
    assert_eq!(stdout(&out), TIDY.replace("    &&", "  &&"));
    let check = shipshape(&["format", "--check", "-"], dir.path(), Some(TIDY));
    assert_eq!(check.status.code(), Some(0), "{check:?}");
}

#[test]
fn syntax_errors_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let src = "from a\ncopy   onlyone  \n";
    let out = shipshape(&["format", "-"], dir.path(), Some(src));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "FROM a\ncopy   onlyone  \n");
}

#[test]
fn missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(&["format", "nope"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
}
