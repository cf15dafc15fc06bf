//! Reading `docker inspect` output and image config JSON.

mod support;

use shipshape_core::image::{read_image_str, ImageError, Platform, ReadOptions, SourceKind};
use support::*;

fn opts() -> ReadOptions {
    ReadOptions::default()
}

#[test]
fn docker_inspect_image() {
    let img = read_image_str(INSPECT_IMAGE, &opts()).unwrap();
    assert_eq!(img.source, Some(SourceKind::Inspect));
    assert_eq!(
        img.id.as_deref(),
        Some("sha256:5b0d2f0b6e1f3c1e4ba4f5dbb2c6f8cc2c35e4bcd25e9f8f46c0e4c1e1d0f4a2")
    );
    assert_eq!(img.repo_tags.len(), 2);
    assert!(img.repo_digests[0].contains("@sha256:9f1c"));
    assert_eq!(
        img.platform,
        Some(Platform::new("linux", "arm64", Some("v8")))
    );
    let c = &img.config;
    assert_eq!(c.user.as_deref(), Some("node"));
    let keys: Vec<&str> = c.env.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "PATH",
            "NODE_VERSION",
            "YARN_VERSION",
            "DATABASE_URL",
            "EMPTY"
        ]
    );
    assert_eq!(
        c.env_var("DATABASE_URL"),
        Some("postgres://shop:s3cret@db:5432/shop")
    );
    assert_eq!(c.env_var("EMPTY"), Some(""));
    assert_eq!(c.exposed_ports, ["3000/tcp", "9229/tcp"]);
    assert_eq!(c.volumes, ["/data"]);
    assert_eq!(c.label("maintainer"), Some("shop-team@example.com"));
    let hc = c.healthcheck.as_ref().unwrap();
    assert_eq!(hc.test[0], "CMD-SHELL");
    assert_eq!(hc.interval, Some(30_000_000_000));
    assert_eq!(hc.retries, Some(3));
    assert!(!hc.is_disabled());
    assert_eq!(
        c.cmd.as_deref(),
        Some(&["node".to_string(), "dist/main.js".to_string()][..])
    );
    assert_eq!(
        c.entrypoint.as_deref(),
        Some(&["docker-entrypoint.sh".to_string()][..])
    );
    assert_eq!(c.working_dir.as_deref(), Some("/usr/src/app"));
    assert_eq!(c.stop_signal.as_deref(), Some("SIGTERM"));
    assert_eq!(img.diff_ids.len(), 3);
    assert!(img.layers.is_empty() && img.history.is_empty());
    assert!(img.container.is_none());
    // A single object (not an array) reads the same.
    let v: serde_json::Value = serde_json::from_str(INSPECT_IMAGE).unwrap();
    let single = serde_json::to_string(&v[0]).unwrap();
    let img2 = read_image_str(&single, &opts()).unwrap();
    assert_eq!(img2.config, img.config);
}

#[test]
fn docker_inspect_container() {
    let img = read_image_str(INSPECT_CONTAINER, &opts()).unwrap();
    assert_eq!(img.source, Some(SourceKind::Container));
    assert_eq!(img.config.user.as_deref(), Some(""));
    assert_eq!(img.repo_tags, ["registry.example.com/shop/api:1.4.2"]);
    let c = img.container.as_ref().unwrap();
    assert_eq!(c.name.as_deref(), Some("shop-api"));
    assert_eq!(c.privileged, Some(true));
    assert_eq!(c.cap_add, ["NET_ADMIN"]);
    assert_eq!(c.network_mode.as_deref(), Some("host"));
    assert_eq!(c.pid_mode, None);
    assert_eq!(c.security_opt, ["seccomp=unconfined"]);
    assert!(c.image_id.as_deref().unwrap().starts_with("sha256:5b0d"));
}

#[test]
fn image_config_with_history() {
    let diff_ids = vec![digest(b"a"), digest(b"b"), digest(b"c"), digest(b"d")];
    let cfg = config_json("arm64", Some("v8"), &diff_ids, &typical_history());
    let img = read_image_str(std::str::from_utf8(&cfg).unwrap(), &opts()).unwrap();
    assert_eq!(img.source, Some(SourceKind::Config));
    assert_eq!(
        img.platform,
        Some(Platform::new("linux", "arm64", Some("v8")))
    );
    assert_eq!(img.history.len(), 7);
    let layers: Vec<Option<usize>> = img.history.iter().map(|h| h.layer).collect();
    assert_eq!(
        layers,
        [Some(0), None, Some(1), Some(2), Some(3), None, None]
    );
    assert_eq!(
        img.history[2].comment.as_deref(),
        Some("buildkit.dockerfile.v0")
    );
    assert!(img.history[1].empty_layer);
    assert_eq!(img.base.last_base_entry, Some(1));
    assert!(img.notes.is_empty(), "{:?}", img.notes);
}

fn history_config(entries: &[(&str, bool)]) -> String {
    let h: Vec<serde_json::Value> = entries
        .iter()
        .map(|(by, empty)| serde_json::json!({"created_by": by, "empty_layer": empty}))
        .collect();
    serde_json::json!({"architecture": "amd64", "os": "linux", "config": {}, "history": h,
        "rootfs": {"type": "layers", "diff_ids": []}})
    .to_string()
}

#[test]
fn base_image_guess_rules() {
    // BuildKit-built base (nginx-like: ENTRYPOINT + CMD), user adds layers and a final CMD.
    let cfg = history_config(&[
        ("ADD alpine-minirootfs.tar.gz / # buildkit", false),
        ("CMD [\"/bin/sh\"]", true),
        ("RUN /bin/sh -c apk add nginx # buildkit", false),
        ("ENTRYPOINT [\"/docker-entrypoint.sh\"]", true),
        ("CMD [\"nginx\" \"-g\" \"daemon off;\"]", true),
        ("COPY site/ /usr/share/nginx/html # buildkit", false),
        ("USER nginx", true),
        ("CMD [\"nginx\"]", true),
    ]);
    let img = read_image_str(&cfg, &opts()).unwrap();
    assert_eq!(img.base.last_base_entry, Some(4));
    assert_eq!(img.base.base_layers, 2);
    assert!(!img.history[5].in_base_image && img.history[4].in_base_image);

    // Only metadata on top of a base.
    let cfg = history_config(&[
        ("/bin/sh -c #(nop) ADD file:abc in / ", false),
        ("/bin/sh -c #(nop)  CMD [\"bash\"]", true),
        ("ENV A=1", true),
        ("USER 1000", true),
    ]);
    let img = read_image_str(&cfg, &opts()).unwrap();
    assert_eq!(img.base.last_base_entry, Some(1));
    assert_eq!(img.base.rule, "last-cmd-not-last");

    // FROM scratch: no base.
    let cfg = history_config(&[
        ("COPY app /app # buildkit", false),
        ("CMD [\"/app\"]", true),
    ]);
    let img = read_image_str(&cfg, &opts()).unwrap();
    assert_eq!(img.base.last_base_entry, None);
    assert!(img.history.iter().all(|h| !h.in_base_image));
}

#[test]
fn json_that_is_not_an_image_is_named_in_the_error() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"schemaVersion":2,"manifests":[]}"#,
            "OCI image index or manifest",
        ),
        (
            r#"{"schemaVersion":2,"config":{"digest":"sha256:a"},"layers":[]}"#,
            "OCI image index or manifest",
        ),
        (
            r#"[{"Config":"abc.json","RepoTags":["a:1"],"Layers":["x/layer.tar"]}]"#,
            "manifest.json of a docker save",
        ),
        (
            r#"{"name":"left-pad","version":"1.0.0"}"#,
            "a JSON object with keys name, version",
        ),
        ("[]", "empty JSON array"),
        ("[[1]]", "JSON array of arrays"),
        ("  \"just a string\"", "text starting with"),
    ];
    for (input, want) in cases {
        let err = read_image_str(input, &opts()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(want), "{input}: {msg}");
        assert!(msg.contains("expected a docker save/OCI archive (tar), a docker inspect JSON or an image config JSON"), "{msg}");
    }
}

#[test]
fn broken_and_hostile_json() {
    let err = read_image_str(r#"{"Id": "x", "Config": {"#, &opts()).unwrap_err();
    assert!(matches!(err, ImageError::Json { .. }), "{err}");
    assert!(err.to_string().contains("line 1"), "{err}");

    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = read_image_str(&deep, &opts()).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");

    let deep_obj = format!("{}1{}", r#"{"a":"#.repeat(50_000), "}".repeat(50_000));
    assert!(matches!(
        read_image_str(&deep_obj, &opts()).unwrap_err(),
        ImageError::Json { .. }
    ));

    // Huge numbers where strings and numbers are expected: read, values ignored or kept as text.
    let huge = format!(
        r#"{{"architecture":"amd64","os":"linux","config":{{"User":{n},"Healthcheck":{{"Test":["CMD","x"],"Interval":{n},"Retries":1e400}}}},"history":[{{"created_by":"x","empty_layer":{n}}}]}}"#,
        n = "9".repeat(5000)
    );
    match read_image_str(&huge, &opts()) {
        Ok(img) => {
            assert_eq!(img.history.len(), 1);
            assert!(!img.history[0].empty_layer);
        }
        Err(e) => assert!(matches!(e, ImageError::Json { .. }), "{e}"),
    }
    // Wrong types are ignored, not fatal.
    let odd = r#"{"Id":"x","RepoTags":"one:tag","Config":{"Env":"A=1","ExposedPorts":["80/tcp"],"Labels":{"n":5},"Cmd":null,"User":7}}"#;
    let img = read_image_str(odd, &opts()).unwrap();
    assert_eq!(img.repo_tags, ["one:tag"]);
    assert_eq!(img.config.env, [("A".to_string(), "1".to_string())]);
    assert_eq!(img.config.exposed_ports, ["80/tcp"]);
    assert_eq!(img.config.label("n"), Some("5"));
    assert_eq!(img.config.user.as_deref(), Some("7"));

    let mut o = opts();
    o.limits.max_json_bytes = 1000;
    let big = format!(r#"{{"Id":"x","Config":{{}},"pad":"{}"}}"#, "x".repeat(2000));
    match read_image_str(&big, &o).unwrap_err() {
        ImageError::Limit(hit) => assert_eq!(hit.limit, "max_json_bytes"),
        e => panic!("{e}"),
    }
}

#[test]
fn platform_strings() {
    assert_eq!(
        Platform::parse("linux/arm64/v8"),
        Some(Platform::new("linux", "arm64", Some("v8")))
    );
    assert_eq!(
        Platform::parse("arm64"),
        Some(Platform::new("linux", "arm64", None))
    );
    assert_eq!(
        Platform::parse("arm/v6"),
        Some(Platform::new("linux", "arm", Some("v6")))
    );
    assert_eq!(Platform::parse("linux//x"), None);
    assert_eq!(Platform::parse(""), None);
    let arm64 = Platform::parse("linux/arm64").unwrap();
    assert!(arm64
        .match_score(&Platform::new("linux", "arm64", Some("v8")))
        .is_some());
    assert!(arm64
        .match_score(&Platform::new("linux", "aarch64", None))
        .is_some());
    let v7 = Platform::parse("linux/arm/v7").unwrap();
    assert!(v7
        .match_score(&Platform::new("linux", "arm", Some("v6")))
        .is_none());
    assert_eq!(
        Platform::new("linux", "arm", Some("v7")).to_string(),
        "linux/arm/v7"
    );
}
