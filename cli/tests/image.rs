//! `shipshape image` as a user runs it: inspect JSON on stdin, generated
//! `docker save` archives (plain and gzip'd), the layer report, JSON with
//! locations, configuration, and the errors.

#[path = "../../core/tests/support/mod.rs"]
mod image_fixtures;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use image_fixtures::*;

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
    // Write from a thread: the child may answer before reading everything.
    let writer = std::thread::spawn(move || {
        if let Some(d) = data {
            let _ = pipe.write_all(&d);
        }
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(o), stderr(o)))
}

/// The typical image (debian base, the user's layers, a deleted
/// `.aws/credentials`, an `.env` with a password) as a `docker save` file.
fn typical_archive(dir: &Path) -> std::path::PathBuf {
    let bytes = docker_save_legacy(
        &typical_layers(),
        &typical_history(),
        "shop/api:1.0",
        Order::ManifestLast,
    );
    let path = dir.join("api.tar");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn docker_inspect_json_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(&["image", "-"], dir.path(), Some(INSPECT_IMAGE.as_bytes()));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.starts_with(
            "-: registry.example.com/shop/api:1.4.2, linux/arm64/v8, configuration only"
        ),
        "{text}"
    );
    assert!(text.contains(
        "-: SS903 warning: Environment variable `DATABASE_URL` holds what looks like a URL with a password [image-secret-env]\n  --> config.Env[DATABASE_URL]\n"
    ), "{text}");
    assert!(!text.contains("s3cret"));
    // User `node`, a health check: those rules stay quiet.
    assert!(!text.contains("SS901") && !text.contains("SS904"), "{text}");
    assert!(
        text.ends_with("Found 1 problem (1 warning) in the image.\n"),
        "{text}"
    );
}

#[test]
fn docker_save_archive_file_with_json_locations() {
    let dir = tempfile::tempdir().unwrap();
    let path = typical_archive(dir.path());
    let out = shipshape(
        &["image", "--format", "json", path.to_str().unwrap()],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    let found: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["location"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, vec!["SS903", "SS912", "SS918"], "{found:?}");
    assert_eq!(found[0].1, "config.Env[API_TOKEN]");
    assert!(found[1].1.starts_with("layer 2 (sha256:") && found[1].1.ends_with("…): /app/.env"));
    assert!(found[2].1.starts_with("layer 2 (sha256:"));
    assert!(found[2].1.ends_with(": /root/.aws/credentials"));
    let f = &v[2];
    assert_eq!(
        f["message"],
        "`/root/.aws/credentials` (AWS credentials) is deleted in layer 3, but layer 2 still holds it"
    );
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(f["severity"], "error");
}

#[test]
fn gzipped_archive_on_stdin_and_other_formats_fold_the_location() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = gzip(&docker_save_legacy(
        &typical_layers(),
        &typical_history(),
        "shop/api:1.0",
        Order::ManifestFirst,
    ));
    let out = shipshape(&["image", "--format", "gnu", "-"], dir.path(), Some(&bytes));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        text.contains("-:1.1-1.1: error: `/app/.env` is an env file with secrets (`DB_PASSWORD`) (at layer 2 (sha256:"),
        "{text}"
    );
    // SARIF is valid JSON with the location in the message.
    let out = shipshape(
        &["image", "--format", "sarif", "-"],
        dir.path(),
        Some(&bytes),
    );
    let v = json(&out);
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert!(results[0]["message"]["text"]
        .as_str()
        .unwrap()
        .ends_with("(at config.Env[API_TOKEN])"));
}

#[test]
fn layer_report_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = typical_archive(dir.path());
    let p = path.to_str().unwrap();
    let out = shipshape(&["image", "--layers", p], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Image shop/api:1.0: linux/amd64, Debian GNU/Linux 12 (bookworm)\n"),
        "{text}"
    );
    assert!(
        text.contains("ADD file:6f9d7c1b2a8e in /  (base image)"),
        "{text}"
    );
    assert!(
        text.contains("RUN /bin/sh -c rm -f /root/.aws/credentials"),
        "{text}"
    );
    assert!(
        text.contains("/root/.aws/credentials  (layer 2, deleted in layer 3)"),
        "{text}"
    );
    assert!(text.contains("efficiency "), "{text}");

    let out = shipshape(
        &["image", "--layers", "--format", "json", p],
        dir.path(),
        None,
    );
    let v = json(&out);
    assert_eq!(v["layers"].as_array().unwrap().len(), 4);
    assert_eq!(v["layers"][3]["removed"], 1);
    assert_eq!(v["layers"][2]["instruction"], "COPY . .");
    assert!(v["layers"][2]["wastedBytes"].as_u64().unwrap() > 0);
    assert_eq!(v["os"]["id"], "debian");
    assert_eq!(v["os"]["versionId"], "12");
    assert!(v["efficiency"].as_f64().unwrap() < 1.0);
}

#[test]
fn selection_config_and_fail_level() {
    let dir = tempfile::tempdir().unwrap();
    let path = typical_archive(dir.path());
    let p = path.to_str().unwrap();
    // --ignore: only the secret env remains, a warning; --fail-level error passes.
    let out = shipshape(
        &[
            "image",
            "--ignore",
            "SS912,image-deleted-secret",
            "--fail-level",
            "error",
            p,
        ],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("SS903"));
    // A config file nearby enables the wasted-space rule with a threshold.
    std::fs::write(
        dir.path().join("shipshape.toml"),
        "select = [\"SS920\"]\n[rules.image-wasted-space]\nthreshold = 0.0001\n",
    )
    .unwrap();
    let out = shipshape(&["image", "--format", "json", p], dir.path(), None);
    let v = json(&out);
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["code"], "SS920");
    assert_eq!(v[0]["location"], "layers");
    assert_eq!(out.status.code(), Some(0), "an info does not fail");
    // --isolated ignores it.
    let out = shipshape(
        &["image", "--isolated", "--format", "json", p],
        dir.path(),
        None,
    );
    assert!(json(&out)
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["code"] != "SS920"));
}

#[test]
fn unrecognised_input_and_bad_options_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(
        &["image", "-"],
        dir.path(),
        Some(b"FROM debian:12\nUSER root\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("-: not an image: expected a docker save/OCI archive"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());

    let out = shipshape(&["image", "-"], dir.path(), Some(b""));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("empty input"));

    let out = shipshape(&["image", "nope.tar"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.tar"));

    let out = shipshape(
        &["image", "--platform", "linux//arm", "-"],
        dir.path(),
        Some(b"{}"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a platform"),
        "{}",
        stderr(&out)
    );

    let out = shipshape(
        &["image", "--select", "SS9999", "-"],
        dir.path(),
        Some(b"{}"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`SS9999` names no rule"));
}

#[test]
fn platform_picks_from_a_multi_platform_archive() {
    let dir = tempfile::tempdir().unwrap();
    let layers = typical_layers();
    let images = vec![
        platform_image("amd64", None, &layers, "gzip"),
        platform_image("arm64", Some("v8"), &layers, "zstd"),
    ];
    let bytes = oci_archive(&images, "shop/api:1.0", false, false);
    let out = shipshape(
        &["image", "--platform", "linux/arm64", "-"],
        dir.path(),
        Some(&bytes),
    );
    assert!(
        stdout(&out).contains("linux/arm64/v8"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let out = shipshape(
        &["image", "--platform", "linux/s390x", "-"],
        dir.path(),
        Some(&bytes),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no image for platform linux/s390x"),
        "{}",
        stderr(&out)
    );
}
