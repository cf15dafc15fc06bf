//! Image rules end to end: archives generated the way `docker save` writes
//! them, read by the reading layer, checked by `check_image`.

mod support;

use shipshape_core::engine::{check_image, check_image_with, ImageOptions};
use shipshape_core::image::{read_image_bytes, read_image_str, Image, ReadOptions};
use shipshape_core::{Diagnostic, Settings};
use support::*;

fn read(bytes: &[u8]) -> Image {
    read_image_bytes(bytes, &ReadOptions::default()).unwrap()
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code).collect()
}

fn all() -> Settings {
    Settings::resolve(Some(&["SS9"]), &[], &[], &[]).0
}

#[test]
fn the_typical_image_from_a_docker_save_archive() {
    let img = read(&docker_save_legacy(
        &typical_layers(),
        &typical_history(),
        "shop/api:1.0",
        Order::ManifestFirst,
    ));
    let found = check_image(&img, &all());
    // The default-off rules join in with SS9: provenance labels (only
    // `source` is set) and the health check; the env token; the `.env` file;
    // the credentials deleted in layer 3, whose 69 bytes are 17% of this
    // tiny image (over the 10% wasted-space threshold).
    assert_eq!(
        codes(&found),
        vec!["SS903", "SS904", "SS906", "SS912", "SS918", "SS920"],
        "{found:#?}"
    );
    // Deterministic: the same image gives the same findings.
    assert_eq!(found, check_image(&img, &all()));
    // The allow-listed setuid passwd and the non-root user are clean.
    assert!(found.iter().all(|d| d.code != "SS910" && d.code != "SS901"));
}

#[test]
fn each_file_rule_on_a_generated_archive() {
    let base = layer(&[
        F::Dir("etc"),
        file("etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/:/bin/sh\nops::1001:1001::/home/ops:/bin/sh\n"),
        file("etc/shadow", "root::19000:0:::::\n"),
        file("etc/group", "root:x:0:\n"),
        F::Dir("usr/local/bin"),
        F::File("usr/local/bin/helper", 0o4755, b"\x7fELF".to_vec()),
    ]);
    let app = layer(&[
        F::Dir("app"),
        F::File(
            "app/run.sh",
            0o777,
            b"#!/bin/sh\nexec node server.js\n".to_vec(),
        ),
        file("app/config.yml", "db: postgres://app:s3cret@db/app\n"),
        F::Dir("app/.git"),
        file("app/.git/config", "[core]\n"),
        F::Dir("var/lib/apt/lists"),
        F::File("var/lib/apt/lists/x_Packages", 0o644, vec![b'p'; 5000]),
        file(
            "root/.ssh/id_ed25519",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n",
        ),
    ]);
    let history: Vec<Hist> = vec![
        ("/bin/sh -c #(nop) ADD file:base in / ", false, None),
        ("/bin/sh -c #(nop)  CMD [\"bash\"]", true, None),
        (
            "COPY . /app # buildkit",
            false,
            Some("buildkit.dockerfile.v0"),
        ),
    ];
    let img = read(&docker_save_legacy(
        &[base, app],
        &history,
        "t/t:1",
        Order::ManifestLast,
    ));
    let settings = Settings::default();
    let found = check_image(&img, &settings);
    let got: Vec<(&str, String)> = found
        .iter()
        .map(|d| (d.code, d.location.clone().unwrap_or_default()))
        .collect();
    let has =
        |code: &str, loc_end: &str| got.iter().any(|(c, l)| *c == code && l.ends_with(loc_end));
    assert!(has("SS910", ": /usr/local/bin/helper"), "{got:#?}");
    assert!(has("SS911", ": /app/run.sh"), "{got:#?}");
    assert!(has("SS912", ": /root/.ssh/id_ed25519"), "{got:#?}");
    assert!(has("SS913", ": /app/config.yml:1"), "{got:#?}");
    assert!(has("SS914", ": /etc/shadow:1"), "{got:#?}");
    assert!(has("SS914", ": /etc/passwd:3"), "{got:#?}");
    assert!(has("SS915", ": /etc/passwd:2"), "{got:#?}");
    assert!(has("SS916", ": /var/lib/apt/lists/"), "{got:#?}");
    assert!(has("SS917", ": /app/.git"), "{got:#?}");
    // Base image files say so.
    let helper = found.iter().find(|d| d.code == "SS910").unwrap();
    assert!(
        helper.message.ends_with("(from the base image)"),
        "{}",
        helper.message
    );
    let key = found.iter().find(|d| d.code == "SS912").unwrap();
    assert!(!key.message.contains("base image"));
    // --ignore and severity overrides apply to image rules like any rule.
    let (s, _) = Settings::resolve(
        None,
        &[],
        &["SS910", "image-world-writable"],
        &[("SS912", shipshape_core::Severity::Hint)],
    );
    let found = check_image(&img, &s);
    assert!(found.iter().all(|d| d.code != "SS910" && d.code != "SS911"));
    assert_eq!(
        found.iter().find(|d| d.code == "SS912").unwrap().severity,
        shipshape_core::Severity::Hint
    );
}

#[test]
fn image_rules_do_not_run_on_dockerfiles_and_dockerfile_output_is_unchanged() {
    let found = shipshape_core::check("FROM debian:12\nUSER root\nEXPOSE 22\n", &all());
    assert!(found.is_empty(), "{found:#?}");
    let d = shipshape_core::check("FROM alpine\nCOPY one\n", &Settings::default());
    assert!(d.iter().all(|d| d.location.is_none()));
    let json = serde_json::to_value(shipshape_core::output::findings(
        "Dockerfile",
        "FROM alpine\nCOPY one\n",
        &d,
    ))
    .unwrap();
    assert!(json[0].get("location").is_none(), "{json}");
}

#[test]
fn history_entries_of_the_classic_builder_and_buildkit_map_back() {
    // A classic builder base (nop entries) and BuildKit user steps; SS001
    // stands in for the Dockerfile rules the history list names.
    let config = serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "config": {"User": "app"},
        "rootfs": {"type": "layers", "diff_ids": []},
        "history": [
            {"created_by": "/bin/sh -c #(nop) ADD file:abc in / "},
            {"created_by": "|1 DB_PASSWORD=x /bin/sh -c make", },
            {"created_by": "/bin/sh -c #(nop)  CMD [\"bash\"]", "empty_layer": true},
            {"created_by": "RUN /bin/sh -c echo ok # buildkit"},
            {"created_by": "CMD [\"app\"]", "empty_layer": true}
        ]
    });
    let img = read_image_str(&config.to_string(), &ReadOptions::default()).unwrap();
    assert!(img.history[1].in_base_image && !img.history[3].in_base_image);
    let settings = Settings::resolve(Some(&["ALL"]), &[], &[], &[]).0;
    // Whatever history rules are registered: findings carry a history location,
    // base entries only with the option, then as hints.
    let user = check_image(&img, &settings);
    let with_base = check_image_with(
        &img,
        &settings,
        ImageOptions {
            base_image_history: true,
        },
    );
    for d in user.iter().filter(|d| !d.code.starts_with("SS9")) {
        assert!(
            d.location.as_deref().unwrap().starts_with("history[3]"),
            "{d:?}"
        );
    }
    for d in with_base.iter().filter(|d| {
        d.location
            .as_deref()
            .is_some_and(|l| l.starts_with("history[1]"))
    }) {
        assert_eq!(d.severity, shipshape_core::Severity::Hint);
        assert!(d.message.ends_with("(in the base image)"));
    }
}
