//! `--checklist` as a user runs it: the container security checklist of a
//! Dockerfile and of an image, for people and as JSON, with the exit codes
//! of a normal check.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn shipshape(args: &[&str], cwd: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SHIPSHAPE_TODAY", "2025-06-01")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn shipshape");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        // A reader may stop before the end of its input; what it printed is
        // what the test judges, so a closed pipe is not a failure here.
        if let Err(e) = pipe.write_all(text.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    drop(pipe);
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            stdout(o),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn item<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == id))
        .unwrap_or_else(|| panic!("no item {id} in {report}"))
}

/// The line of the human output that starts item `id`.
fn line_of<'a>(text: &'a str, id: &str) -> &'a str {
    text.lines()
        .find(|l| l.split_whitespace().nth(2) == Some(id))
        .unwrap_or_else(|| panic!("no line for {id} in\n{text}"))
}

/// The lines under item `id`, up to the next item.
fn details_of<'a>(text: &'a str, id: &str) -> Vec<&'a str> {
    let mut lines = text
        .lines()
        .skip_while(|l| l.split_whitespace().nth(2) != Some(id));
    lines.next();
    lines.take_while(|l| l.starts_with("      ")).collect()
}

const BAD: &str = "FROM ubuntu:latest\nENV DB_PASSWORD=hunter2secret\nRUN curl -fsSL https://get.example.com/i.sh | sh\n";
const CLEAN: &str = "FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nCOPY app /app\nUSER 1000\nCMD [\"/app\"]\n";

#[test]
fn bad_dockerfile_fails_items_with_their_findings_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), BAD).unwrap();
    let out = shipshape(&["check", "--checklist", "Dockerfile"], dir.path(), None);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.starts_with("Dockerfile: container security checklist (Dockerfile)\n"),
        "{text}"
    );
    assert!(text.contains("\nContainer security checklist\n"), "{text}");
    assert!(text.contains("\nOWASP Docker Top 10\n"), "{text}");
    // Readable without colour: a mark and a word per item.
    assert!(line_of(&text, "no-latest-tag").starts_with("  ✗ FAIL no-latest-tag"));
    let details = details_of(&text, "no-latest-tag");
    assert!(
        details
            .iter()
            .any(|l| l.trim_start().starts_with("SS202 1:")),
        "{details:?}"
    );
    assert!(details_of(&text, "no-curl-bash")
        .iter()
        .any(|l| l.trim_start().starts_with("SS401 3:")));
    assert!(line_of(&text, "no-secrets-in-env").contains("✗ FAIL"));
    // Runtime-only: not checkable, with the reason and what to do by hand.
    assert!(line_of(&text, "D07").starts_with("  – n/a "));
    let d07 = details_of(&text, "D07").join("\n");
    assert!(d07.contains("not checkable: "), "{d07}");
    assert!(
        d07.contains("manual: ") && d07.contains("--memory"),
        "{d07}"
    );
    let sum = text.lines().last().unwrap_or("");
    assert!(
        sum.ends_with("not checkable from this input.") && sum.contains(" failed, "),
        "{sum}"
    );
    // No code frames: the checklist replaces the findings.
    assert!(!text.contains(" | "), "{text}");
}

#[test]
fn clean_dockerfile_passes_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), CLEAN).unwrap();
    let out = shipshape(&["check", "--checklist"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        line_of(&text, "no-root").starts_with("  ✓ pass no-root"),
        "{text}"
    );
    assert!(details_of(&text, "no-root")[0].contains("checked by SS101"));
    assert!(!text.contains("✗ FAIL"), "{text}");
    // A partly checkable item passes and still says what to check by hand.
    assert!(line_of(&text, "D02").contains("✓ pass"));
    assert!(details_of(&text, "D02")
        .iter()
        .any(|l| l.contains("manual: ") && l.contains("scanner")));
}

#[test]
fn json_gives_one_report_per_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), BAD).unwrap();
    std::fs::write(dir.path().join("clean.Dockerfile"), CLEAN).unwrap();
    let out = shipshape(
        &["check", "--checklist", "--format", "json", "."],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let reports = v.as_array().expect("an array");
    assert_eq!(reports.len(), 2, "{v}");
    let bad = reports
        .iter()
        .find(|r| r["file"] == "Dockerfile")
        .expect("Dockerfile");
    let clean = reports
        .iter()
        .find(|r| r["file"] == "clean.Dockerfile")
        .expect("clean.Dockerfile");
    assert_eq!(bad["input"], "dockerfile");
    assert_eq!(bad["items"].as_array().map(Vec::len), Some(25));
    let latest = item(bad, "no-latest-tag");
    assert_eq!(latest["source"], "checklist");
    assert_eq!(latest["verdict"], "failed");
    let f = latest["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["code"] == "SS202"))
        .expect("SS202");
    assert_eq!(f["line"], 1);
    assert!(f.get("location").is_none());
    assert_eq!(item(clean, "no-latest-tag")["verdict"], "passed");
    // D07 (resource protection) is a runtime matter: no rule can see it.
    let d07 = item(clean, "D07");
    assert_eq!(d07["source"], "owasp");
    assert_eq!(d07["verdict"], "not-checkable");
    assert!(d07["reason"].is_string() && d07["manual"].is_string());
    let s = &bad["summary"];
    let total = ["passed", "failed", "notCheckable"]
        .iter()
        .map(|k| s[k].as_u64().unwrap_or(0))
        .sum::<u64>();
    assert_eq!(total, 25);
}

#[test]
fn selection_and_fail_level_apply_as_for_a_normal_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), BAD).unwrap();
    // Only the latest-tag rule: the other items lose their rules.
    let out = shipshape(
        &[
            "check",
            "--checklist",
            "--format",
            "json",
            "--select",
            "SS202",
            "-",
        ],
        dir.path(),
        Some(BAD),
    );
    let v = json(&out);
    let r = &v[0];
    assert_eq!(r["file"], "-");
    assert_eq!(item(r, "no-latest-tag")["verdict"], "failed");
    let curl = item(r, "no-curl-bash");
    assert_eq!(curl["verdict"], "not-checkable");
    assert!(
        curl["reason"]
            .as_str()
            .unwrap_or("")
            .contains("SS401 (curl-pipe-shell)"),
        "{curl}"
    );
    // --fail-level error: the warnings no longer fail the run.
    let out = shipshape(
        &[
            "check",
            "--checklist",
            "--select",
            "SS202",
            "--fail-level",
            "error",
            "Dockerfile",
        ],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    // Formats without a checklist form are a usage error.
    let out = shipshape(
        &["check", "--checklist", "--format", "sarif"],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--checklist supports"));
}

const IMAGE_CONFIG: &str = r#"{"architecture":"amd64","os":"linux",
  "config":{"Env":["PATH=/usr/bin","API_TOKEN=abcd1234efgh5678ijkl"],"ExposedPorts":{"22/tcp":{}}},
  "history":[{"created_by":"/bin/sh -c #(nop) ADD file:abc in / "}],
  "rootfs":{"type":"layers","diff_ids":["sha256:aa"]}}"#;

#[test]
fn image_checklist_from_a_config_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(
        &["image", "--checklist", "-"],
        dir.path(),
        Some(IMAGE_CONFIG),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.starts_with("-: container security checklist (image)\n"),
        "{text}"
    );
    assert!(line_of(&text, "no-root").contains("✗ FAIL"));
    assert!(details_of(&text, "no-root")
        .iter()
        .any(|l| l.contains("config.User")));
    assert!(details_of(&text, "closed-ports")
        .iter()
        .any(|l| l.contains("22/tcp")));
    // Dockerfile-only rules do not judge an image.
    assert!(line_of(&text, "no-latest-tag").contains("– n/a"));

    let out = shipshape(
        &["image", "--checklist", "--format", "json", "-"],
        dir.path(),
        Some(IMAGE_CONFIG),
    );
    let r = json(&out);
    assert_eq!(r["file"], "-");
    assert_eq!(r["input"], "image");
    let root = item(&r, "no-root");
    assert_eq!(root["verdict"], "failed");
    assert!(root["findings"][0]["location"].is_string());
    assert!(root["findings"][0].get("line").is_none());
    assert_eq!(item(&r, "no-secrets-in-env")["verdict"], "failed");
    assert_eq!(item(&r, "no-latest-tag")["verdict"], "not-checkable");
    // --layers and --checklist are two different reports.
    let out = shipshape(
        &["image", "--checklist", "--layers", "-"],
        dir.path(),
        Some(IMAGE_CONFIG),
    );
    assert_eq!(out.status.code(), Some(2));
}
