//! Reading generated `docker save` (legacy and Docker 25+ OCI) and OCI archives.

mod support;

use shipshape_core::image::{
    read_image, read_image_bytes, Compression, FileKind, HiddenBy, ImageError, NoteKind, Platform,
    ReadOptions, SourceKind,
};
use support::*;

fn opts() -> ReadOptions {
    ReadOptions::default()
}

#[test]
fn legacy_docker_save_reads_the_same_whatever_the_member_order() {
    let layers = typical_layers();
    for order in [Order::ManifestFirst, Order::ManifestLast] {
        let bytes = docker_save_legacy(&layers, &typical_history(), "shop/api:1.0", order);
        let img = read_image_bytes(&bytes, &opts()).unwrap();
        assert_eq!(img.source, Some(SourceKind::DockerArchive));
        assert_eq!(img.repo_tags, vec!["shop/api:1.0"]);
        assert!(img.id.as_deref().unwrap().starts_with("sha256:"));
        assert_eq!(img.platform, Some(Platform::new("linux", "amd64", None)));
        assert_eq!(img.layers.len(), 4);
        assert!(img.layers[0]
            .archive_path
            .as_deref()
            .unwrap()
            .ends_with("/layer.tar"));
        assert_eq!(img.layers[0].compression, Some(Compression::None));
        assert_eq!(img.layers[0].diff_id, Some(digest(&layers[0])));
        let read = img.layers[0].uncompressed_size;
        assert!(read <= layers[0].len() as u64 && read + 1024 >= layers[0].len() as u64);
        // Config facts.
        assert_eq!(img.config.user.as_deref(), Some("app"));
        assert_eq!(img.config.env_var("API_TOKEN"), Some("abc123"));
        assert_eq!(
            img.config.env[1],
            ("NODE_ENV".to_string(), "production".to_string())
        );
        assert_eq!(img.config.exposed_ports, vec!["3000/tcp"]);
        // History: base = ADD + CMD; layers linked.
        assert_eq!(img.history.len(), 7);
        assert_eq!(img.base.last_base_entry, Some(1));
        assert_eq!(img.base.rule, "last-base-cmd");
        assert_eq!(img.base.base_layers, 1);
        assert!(img.history[0].in_base_image && !img.history[2].in_base_image);
        assert_eq!(img.history[3].layer, Some(2));
        assert_eq!(img.layers[2].history, Some(3));
        // Files and contents.
        let passwd = img.file("/etc/passwd").unwrap();
        assert_eq!(passwd.kind, FileKind::File);
        assert!(passwd
            .content
            .as_ref()
            .unwrap()
            .text()
            .unwrap()
            .contains("app:x:1000"));
        assert!(img.file("/usr/bin/passwd").unwrap().is_setuid());
        assert!(img.file("/usr/bin/passwd").unwrap().content.is_none());
        assert_eq!(
            img.file("/app/.env")
                .unwrap()
                .content
                .as_ref()
                .unwrap()
                .text(),
            Some("DB_PASSWORD=hunter2\n")
        );
        // os-release through the /etc/os-release symlink.
        let os = img.os_release.as_ref().unwrap();
        assert_eq!(os.id.as_deref(), Some("debian"));
        assert_eq!(os.version_id.as_deref(), Some("12"));
        assert_eq!(
            os.pretty_name.as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
        assert_eq!(os.path, "/usr/lib/os-release");
        assert!(!img.is_partial(), "{:?}", img.notes);
    }
}

#[test]
fn secret_deleted_in_an_upper_layer_is_still_found_in_the_lower_one() {
    let bytes = docker_save_legacy(
        &typical_layers(),
        &typical_history(),
        "a:b",
        Order::ManifestLast,
    );
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    assert!(
        img.file("/root/.aws/credentials").is_none(),
        "deleted from the final fs"
    );
    let found: Vec<_> = img.deleted_but_present().collect();
    let (hidden, entry) = found
        .iter()
        .find(|(h, _)| h.path == "/root/.aws/credentials")
        .expect("the deleted secret is reported");
    assert_eq!(hidden.layer, 2);
    assert_eq!(hidden.by_layer, 3);
    assert_eq!(hidden.how, HiddenBy::Deleted);
    assert!(entry
        .content
        .as_ref()
        .unwrap()
        .text()
        .unwrap()
        .contains("aws_secret_access_key"));
    // Layer report.
    let s = &img.layer_stats;
    assert_eq!(s[3].removed, 1);
    assert_eq!(s[3].removed_bytes, hidden.size);
    assert_eq!(s[2].wasted_bytes, hidden.size);
    assert!(img.efficiency.score < 1.0 && img.efficiency.score > 0.0);
    assert_eq!(img.efficiency.wasted_bytes, hidden.size);
}

#[test]
fn whiteouts_and_opaque_directories_give_the_final_file_system() {
    let l0 = layer(&[
        F::Dir("opt"),
        F::Dir("opt/app"),
        file("opt/app/a.txt", "aaaa"),
        file("opt/app/b.txt", "bbbbbbbb"),
        F::Dir("var"),
        F::Dir("var/cache"),
        file("var/cache/big.bin", &"x".repeat(1000)),
        file("keep.txt", "keep"),
        F::Dir("tree"),
        file("tree/leaf.txt", "leaf"),
    ]);
    let l1 = layer(&[
        F::Dir("opt/app"),
        F::Opaque("opt/app"),
        file("opt/app/c.txt", "cc"),
        F::Whiteout("var/cache"),
        file("keep.txt", "changed!"),
        // A file replaces a whole directory.
        file("tree", "now a file"),
    ]);
    let hist: Vec<Hist> = vec![("ADD rootfs", false, None), ("RUN change", false, None)];
    let bytes = docker_save_legacy(&[l0, l1], &hist, "w:1", Order::ManifestFirst);
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    let paths: Vec<&str> = img.filesystem.files.keys().map(String::as_str).collect();
    assert!(paths.contains(&"/opt/app/c.txt"));
    assert!(!paths.contains(&"/opt/app/a.txt") && !paths.contains(&"/opt/app/b.txt"));
    assert!(!paths.iter().any(|p| p.starts_with("/var/cache")));
    assert!(paths.contains(&"/var"));
    assert!(!paths.contains(&"/tree/leaf.txt"));
    assert_eq!(img.file("/tree").unwrap().kind, FileKind::File);
    assert_eq!(img.filesystem.files["/keep.txt"].layer, 1);
    let st = &img.layer_stats[1];
    // a.txt, b.txt (opaque), /var/cache + big.bin (whiteout), tree/leaf.txt (replaced dir).
    assert_eq!(st.removed, 5);
    assert_eq!(st.changed, 2, "keep.txt and tree");
    assert_eq!(st.added, 1, "c.txt");
    assert_eq!(img.layer_stats[0].wasted_bytes, 4 + 8 + 1000 + 4 + 4);
    assert_eq!(
        img.efficiency.total_bytes,
        4 + 8 + 1000 + 4 + 4 + 2 + 8 + 10
    );
    let replaced = img
        .filesystem
        .hidden
        .iter()
        .find(|h| h.path == "/keep.txt")
        .unwrap();
    assert_eq!(replaced.how, HiddenBy::Replaced);
}

#[test]
fn docker_25_oci_archive_uses_the_index_and_the_tags_of_manifest_json() {
    for blobs_first in [true, false] {
        let img_spec = platform_image("amd64", None, &typical_layers(), "none");
        let digests: Vec<String> = img_spec.blobs.iter().map(|(b, _)| digest(b)).collect();
        let bytes = oci_archive(&[img_spec], "shop/api:2.0", true, blobs_first);
        let img = read_image_bytes(&bytes, &opts()).unwrap();
        assert_eq!(img.source, Some(SourceKind::OciArchive));
        assert_eq!(img.repo_tags, vec!["shop/api:2.0"]);
        assert_eq!(img.layers.len(), 4);
        assert_eq!(img.layers[1].digest.as_deref(), Some(digests[1].as_str()));
        assert_eq!(
            img.layers[1].media_type.as_deref(),
            Some("application/vnd.oci.image.layer.v1.tar")
        );
        assert_eq!(
            img.platforms_available,
            vec![Platform::new("linux", "amd64", None)]
        );
        assert_eq!(
            img.os_release.as_ref().unwrap().id.as_deref(),
            Some("debian")
        );
        assert_eq!(img.deleted_but_present().count(), 1);
    }
}

#[test]
fn multi_platform_index_picks_the_requested_platform() {
    let amd = platform_image("amd64", None, &typical_layers(), "gzip");
    let arm_layers = vec![layer(&[
        F::Dir("etc"),
        file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"),
    ])];
    let mut arm = platform_image("arm64", Some("v8"), &arm_layers, "zstd");
    arm.history = vec![("ADD alpine", false, None)];
    let armv7 = platform_image("arm", Some("v7"), &arm_layers, "gzip");
    let bytes = oci_archive(&[amd, arm, armv7], "multi:1", false, true);

    let img = read_image_bytes(&bytes, &opts()).unwrap();
    assert_eq!(img.platform, Some(Platform::new("linux", "amd64", None)));
    assert_eq!(
        img.platforms_available.len(),
        3,
        "attestation manifest excluded"
    );
    assert_eq!(img.layers[0].compression, Some(Compression::Gzip));
    assert_eq!(img.repo_tags, vec!["docker.io/library/multi:1"]);
    assert_eq!(
        img.os_release.as_ref().unwrap().id.as_deref(),
        Some("debian")
    );

    for want in ["linux/arm64", "linux/arm64/v8", "arm64"] {
        let o = ReadOptions {
            platform: Platform::parse(want),
            ..opts()
        };
        let img = read_image_bytes(&bytes, &o).unwrap();
        assert_eq!(
            img.platform,
            Some(Platform::new("linux", "arm64", Some("v8"))),
            "{want}"
        );
        assert_eq!(img.layers[0].compression, Some(Compression::Zstd));
        assert_eq!(
            img.os_release.as_ref().unwrap().id.as_deref(),
            Some("alpine")
        );
        assert_eq!(
            img.os_release.as_ref().unwrap().version_id.as_deref(),
            Some("3.19.1")
        );
    }
    let o = ReadOptions {
        platform: Platform::parse("linux/arm"),
        ..opts()
    };
    assert_eq!(
        read_image_bytes(&bytes, &o).unwrap().platform,
        Some(Platform::new("linux", "arm", Some("v7")))
    );

    let o = ReadOptions {
        platform: Platform::parse("linux/s390x"),
        ..opts()
    };
    let err = read_image_bytes(&bytes, &o).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ImageError::Platform { .. }));
    assert!(
        msg.contains("linux/s390x")
            && msg.contains("linux/arm64/v8")
            && msg.contains("linux/amd64"),
        "{msg}"
    );
}

#[test]
fn gzip_compressed_archive_and_zstd_layers() {
    let spec = platform_image("amd64", None, &typical_layers(), "zstd");
    let bytes = gzip(&oci_archive(&[spec], "z:1", false, false));
    let img = read_image(bytes.as_slice(), &opts()).unwrap();
    assert_eq!(img.source, Some(SourceKind::OciArchive));
    assert!(img
        .layers
        .iter()
        .all(|l| l.compression == Some(Compression::Zstd)));
    assert!(img.layers[2].compressed_size < img.layers[2].uncompressed_size);
    assert_eq!(img.file("/app/server.js").unwrap().size, 44);
    assert_eq!(img.repo_tags, vec!["docker.io/library/z:1"]);
}

#[test]
fn zstd_layer_with_several_frames_and_a_skippable_frame() {
    let tar = layer(&[file("a.txt", "first"), file("b.txt", "second")]);
    let (one, two) = tar.split_at(700);
    let mut blob = Vec::new();
    blob.extend([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]); // skippable frame
    blob.extend(zstd(one));
    blob.extend(zstd(two));
    let mut spec = platform_image("amd64", None, std::slice::from_ref(&tar), "none");
    spec.blobs = vec![(blob, "application/vnd.oci.image.layer.v1.tar+zstd")];
    spec.history = vec![("ADD x", false, None)];
    let img = read_image_bytes(&oci_archive(&[spec], "z:2", false, true), &opts()).unwrap();
    assert_eq!(img.layers[0].compression, Some(Compression::Zstd));
    assert_eq!(img.filesystem.files.len(), 2, "{:?}", img.layers[0].notes);
    assert!(!img.is_partial());
}

#[test]
fn legacy_layer_tar_symlinks_are_resolved() {
    // Docker links a layer.tar already saved for another image.
    let l = layer(&[file("x.conf", "a=1\n")]);
    let config = config_json("amd64", None, &[digest(&l)], &[("ADD x", false, None)]);
    let cfg = format!("{}.json", hex_id(&config));
    let members = vec![
        Member {
            path: "aaaa/layer.tar".into(),
            data: l,
            dir: false,
            symlink: None,
        },
        Member {
            path: "bbbb/layer.tar".into(),
            data: vec![],
            dir: false,
            symlink: Some("../aaaa/layer.tar".into()),
        },
        Member {
            path: cfg.clone(),
            data: config,
            dir: false,
            symlink: None,
        },
        Member {
            path: "manifest.json".into(),
            data: format!(
                r#"[{{"Config":"{cfg}","RepoTags":["l:1"],"Layers":["bbbb/layer.tar"]}}]"#
            )
            .into_bytes(),
            dir: false,
            symlink: None,
        },
    ];
    let img = read_image_bytes(&tar_of(&members), &opts()).unwrap();
    assert_eq!(
        img.file("/x.conf")
            .unwrap()
            .content
            .as_ref()
            .unwrap()
            .text(),
        Some("a=1\n")
    );
}

#[test]
fn several_images_in_one_archive_pick_by_tag() {
    let la = layer(&[file("a", "1")]);
    let lb = layer(&[file("b", "2")]);
    let ca = config_json("amd64", None, &[digest(&la)], &[("ADD a", false, None)]);
    let cb = config_json("arm64", None, &[digest(&lb)], &[("ADD b", false, None)]);
    let members = vec![
        Member { path: "la/layer.tar".into(), data: la, dir: false, symlink: None },
        Member { path: "lb/layer.tar".into(), data: lb, dir: false, symlink: None },
        Member { path: "ca.json".into(), data: ca, dir: false, symlink: None },
        Member { path: "cb.json".into(), data: cb, dir: false, symlink: None },
        Member {
            path: "manifest.json".into(),
            data: br#"[{"Config":"ca.json","RepoTags":["a:1"],"Layers":["la/layer.tar"]},{"Config":"cb.json","RepoTags":["b:latest"],"Layers":["lb/layer.tar"]}]"#.to_vec(),
            dir: false,
            symlink: None,
        },
    ];
    let bytes = tar_of(&members);
    let first = read_image_bytes(&bytes, &opts()).unwrap();
    assert_eq!(first.repo_tags, vec!["a:1"]);
    assert!(first
        .notes
        .iter()
        .any(|n| n.message.contains("holds 2 images")));
    let b = read_image_bytes(
        &bytes,
        &ReadOptions {
            image: Some("b".into()),
            ..opts()
        },
    )
    .unwrap();
    assert!(b.file("/b").is_some() && b.file("/a").is_none());
    let err = read_image_bytes(
        &bytes,
        &ReadOptions {
            image: Some("c:9".into()),
            ..opts()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("a:1, b:latest"), "{err}");
}

#[test]
fn missing_layer_blob_gives_a_partial_result_with_a_note() {
    let spec = platform_image("amd64", None, &typical_layers(), "gzip");
    let missing = format!("blobs/sha256/{}", hex_id(&spec.blobs[3].0));
    let bytes = oci_archive(&[spec], "m:1", false, true);
    // Rebuild the archive without the last layer blob.
    let mut ar = tar::Archive::new(bytes.as_slice());
    let mut members = Vec::new();
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let dir = e.header().entry_type().is_dir();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut data).unwrap();
        if path != missing {
            members.push(Member {
                path,
                data,
                dir,
                symlink: None,
            });
        }
    }
    let img = read_image_bytes(&tar_of(&members), &opts()).unwrap();
    assert!(img.layers[3].missing);
    assert!(img.is_partial());
    // Without the whiteout layer, the secret is still in the final fs.
    assert!(img.file("/root/.aws/credentials").is_some());
}

#[test]
fn unsafe_paths_are_names_never_followed() {
    let l = layer(&[
        F::RawName(
            b"../../etc/passwd".to_vec(),
            b"evil:x:0:0::/:/bin/sh\n".to_vec(),
        ),
        F::RawName(b"/etc/shadow".to_vec(), b"evil::0:0:::::\n".to_vec()),
        F::RawName(b"./app/../../../root/x.txt".to_vec(), b"x".to_vec()),
        F::Symlink("link", "../../../../etc/hostname"),
        F::Hardlink("hard", "../../etc/shadow"),
    ]);
    let bytes = docker_save_legacy(&[l], &[("ADD x", false, None)], "u:1", Order::ManifestFirst);
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    let p = img.file("/etc/passwd").unwrap();
    assert!(p.unsafe_path);
    assert_eq!(
        p.content.as_ref().unwrap().text(),
        Some("evil:x:0:0::/:/bin/sh\n")
    );
    assert!(img.file("/etc/shadow").unwrap().unsafe_path);
    assert!(img.file("/root/x.txt").unwrap().unsafe_path);
    let link = img.file("/link").unwrap();
    assert_eq!(link.kind, FileKind::Symlink);
    assert_eq!(link.link.as_deref(), Some("../../../../etc/hostname"));
    assert_eq!(
        img.file("/hard").unwrap().link.as_deref(),
        Some("/etc/shadow")
    );
    assert!(img.layers[0]
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::Warning && n.message.contains("../../etc/passwd")));
    assert!(img
        .filesystem
        .files
        .keys()
        .all(|k| k.starts_with('/') && !k.contains("..")));
}

#[test]
fn symlink_loops_end() {
    let l = layer(&[
        F::Dir("etc"),
        F::Symlink("etc/os-release", "os-release2"),
        F::Symlink("etc/os-release2", "/etc/os-release"),
        F::Symlink("usr/lib/os-release", "../../usr/lib/os-release"),
        F::Symlink("a", "b"),
        F::Symlink("b", "a"),
    ]);
    let bytes = docker_save_legacy(&[l], &[("ADD x", false, None)], "s:1", Order::ManifestFirst);
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    assert!(img.os_release.is_none());
    assert!(img.file_content("/a").is_none());
    assert_eq!(img.file("/a").unwrap().kind, FileKind::Symlink);
}

#[test]
fn long_and_deep_paths() {
    let long: &'static str = Box::leak(format!("d/{}", "n".repeat(300)).into_boxed_str());
    let deep: &'static str = Box::leak(vec!["x"; 40].join("/").into_boxed_str());
    let l = layer(&[file(long, "long name via GNU header"), file(deep, "deep")]);
    let bytes = docker_save_legacy(&[l], &[("ADD x", false, None)], "p:1", Order::ManifestFirst);
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    assert_eq!(img.file(&format!("/{long}")).unwrap().size, 24);
    assert!(img.file(&format!("/{deep}")).is_some());
    let mut o = opts();
    o.limits.max_path_bytes = 200;
    o.limits.max_path_depth = 20;
    let img = read_image_bytes(&bytes, &o).unwrap();
    assert!(img.layers[0].entries.is_empty());
    assert_eq!(img.layers[0].entry_count, 2);
    let msgs: Vec<&str> = img.layers[0]
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert!(
        msgs.iter().any(|m| m.contains("max_path_bytes")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("max_path_depth")),
        "{msgs:?}"
    );
}
