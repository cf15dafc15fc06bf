//! Hostile and broken inputs: each ends in a clear error or a result, never a panic.

mod support;

use shipshape_core::image::{read_image_bytes, FileKind, ImageError, NoteKind, ReadOptions};
use support::*;

fn opts() -> ReadOptions {
    ReadOptions::default()
}

/// An OCI archive with one layer blob given as is.
fn archive_with_blob(blob: Vec<u8>, media_type: &'static str, diff: &[u8]) -> Vec<u8> {
    let mut spec = platform_image("amd64", None, &[diff.to_vec()], "none");
    spec.blobs = vec![(blob, media_type)];
    spec.history = vec![("ADD x", false, None)];
    oci_archive(&[spec], "h:1", false, true)
}

#[test]
fn gzip_bomb_layer_is_stopped_by_the_ratio_limit() {
    // 1 GiB of zeros in a tar member, about 1 MiB of gzip.
    let header = tar_file_header("zeros.bin", 1 << 30);
    let bomb = gzip_bomb(&header, 1 << 30);
    assert!(bomb.len() < 4 << 20, "{}", bomb.len());
    let bytes = archive_with_blob(bomb, "application/vnd.oci.image.layer.v1.tar+gzip", b"x");
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    let layer = &img.layers[0];
    assert!(layer.truncated);
    let note = layer
        .notes
        .iter()
        .find(|n| n.limit.is_some())
        .expect("a limit note");
    assert_eq!(note.limit.as_ref().unwrap().limit, "max_ratio");
    assert!(note.message.contains("max_ratio"), "{}", note.message);
    // Stopped soon after the grace amount, far from 1 GiB.
    let grace = opts().limits.ratio_grace_bytes;
    assert!(img.stats.decompressed_bytes > grace);
    assert!(
        img.stats.decompressed_bytes < grace + (4 << 20),
        "{}",
        img.stats.decompressed_bytes
    );
    assert!(img.is_partial());
}

#[test]
fn gzip_bomb_as_the_whole_input_is_an_error() {
    let header = tar_file_header("blobs/sha256/zeros", 1 << 30);
    let bomb = gzip_bomb(&header, 1 << 30);
    let mut o = opts();
    o.limits.ratio_grace_bytes = 4 << 20;
    match read_image_bytes(&bomb, &o).unwrap_err() {
        ImageError::Limit(hit) => {
            assert_eq!(hit.limit, "max_ratio");
            assert_eq!(hit.context, "the compressed input");
        }
        e => panic!("{e}"),
    }
}

#[test]
fn total_decompressed_bytes_limit_skips_further_layers() {
    let big = layer(&[file("a.txt", &"a".repeat(300_000))]);
    let small = layer(&[file("b.txt", "b")]);
    let bytes = docker_save_legacy(
        &[big, small],
        &[("ADD a", false, None), ("ADD b", false, None)],
        "t:1",
        Order::ManifestFirst,
    );
    let mut o = opts();
    o.limits.max_decompressed_bytes = 100_000;
    let img = read_image_bytes(&bytes, &o).unwrap();
    assert!(img.layers[0].truncated);
    assert_eq!(
        img.layers[0].notes[0].limit.as_ref().unwrap().limit,
        "max_decompressed_bytes"
    );
    assert!(img.layers[1].truncated);
    assert!(img.layers[1].notes[0].message.contains("already spent"));
    assert!(img.stats.decompressed_bytes <= 100_000 + 64 * 1024);
}

fn many_files_layer(n: usize) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for i in 0..n {
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(tar::EntryType::Regular);
        h.set_mode(0o644);
        h.set_size(0);
        b.append_data(&mut h, format!("many/f{i}"), std::io::empty())
            .unwrap();
    }
    b.into_inner().unwrap()
}

#[test]
fn a_layer_with_100000_entries() {
    let l = many_files_layer(100_000);
    let bytes = docker_save_legacy(
        &[l],
        &[("ADD many", false, None)],
        "m:1",
        Order::ManifestLast,
    );
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    assert_eq!(img.layers[0].entry_count, 100_000);
    assert_eq!(img.filesystem.files.len(), 100_000);
    assert!(!img.is_partial());

    let mut o = opts();
    o.limits.max_files = 10_000;
    let img = read_image_bytes(&bytes, &o).unwrap();
    assert_eq!(img.stats.files_kept, 10_000);
    assert_eq!(img.layers[0].entries.len(), 10_000);
    assert_eq!(img.layers[0].entry_count, 100_000, "counts stay exact");
    assert!(img.layers[0]
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::Truncated && n.message.contains("max_files")));
    assert!(img.is_partial());

    let mut o = opts();
    o.limits.max_layer_entries = 50_000;
    let img = read_image_bytes(&bytes, &o).unwrap();
    assert_eq!(img.layers[0].entry_count, 50_000);
    assert_eq!(
        img.layers[0].notes[0].limit.as_ref().unwrap().limit,
        "max_layer_entries"
    );
}

#[test]
fn an_archive_with_more_members_than_allowed() {
    let members: Vec<Member> = (0..100_001)
        .map(|i| Member {
            path: format!("junk/{i}"),
            data: Vec::new(),
            dir: false,
            symlink: None,
        })
        .collect();
    let bytes = tar_of(&members);
    match read_image_bytes(&bytes, &opts()).unwrap_err() {
        ImageError::Limit(hit) => {
            assert_eq!(hit.limit, "max_archive_entries");
            assert_eq!(hit.value, 100_000);
        }
        e => panic!("{e}"),
    }
}

#[test]
fn truncated_archives_end_in_an_error_or_a_partial_result() {
    let bytes = docker_save_legacy(
        &typical_layers(),
        &typical_history(),
        "t:1",
        Order::ManifestFirst,
    );
    let mut partial = 0;
    let mut errors = 0;
    for cut in (1..20).map(|i| bytes.len() * i / 20) {
        match read_image_bytes(&bytes[..cut], &opts()) {
            Ok(img) => {
                partial += 1;
                // Either the tar ended inside a member (a note says so) or at a
                // member boundary (the missing layers say so).
                assert!(img.is_partial(), "cut at {cut}");
                assert!(
                    img.notes
                        .iter()
                        .any(|n| n.message.contains("corrupt or ends early"))
                        || img.layers.iter().any(|l| l.missing || l.truncated),
                    "{:?}",
                    img.notes
                );
            }
            Err(e) => {
                errors += 1;
                let msg = e.to_string();
                assert!(
                    msg.contains("corrupt or truncated") || msg.contains("not an image"),
                    "cut at {cut}: {msg}"
                );
            }
        }
    }
    assert!(
        partial > 0 && errors > 0,
        "{partial} partial, {errors} errors"
    );
    // A gzip'd archive cut short.
    let gz = gzip(&bytes);
    let err = read_image_bytes(&gz[..gz.len() / 2], &opts());
    match err {
        Ok(img) => assert!(img.is_partial()),
        Err(e) => assert!(e.to_string().contains("corrupt"), "{e}"),
    }
}

#[test]
fn corrupt_gzip_streams() {
    let tar = layer(&[file("etc/app.conf", &"setting=value\n".repeat(2000))]);
    let mut blob = gzip(&tar);
    let mid = blob.len() / 2;
    for b in &mut blob[mid..mid + 16] {
        *b ^= 0x5a;
    }
    let bytes = archive_with_blob(blob, "application/vnd.oci.image.layer.v1.tar+gzip", &tar);
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    assert!(img.layers[0].truncated);
    assert!(
        img.layers[0]
            .notes
            .iter()
            .any(|n| n.message.contains("corrupt or truncated")),
        "{:?}",
        img.layers[0].notes
    );

    // The whole input: gzip magic, then garbage.
    let mut bad = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    bad.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let err = read_image_bytes(&bad, &opts()).unwrap_err();
    assert!(err.to_string().contains("corrupt"), "{err}");
}

#[test]
fn a_tar_that_is_not_an_image() {
    let bytes = tar_of(&[
        Member {
            path: "src/main.rs".into(),
            data: b"fn main() {}".to_vec(),
            dir: false,
            symlink: None,
        },
        Member {
            path: "Cargo.toml".into(),
            data: b"[package]".to_vec(),
            dir: false,
            symlink: None,
        },
    ]);
    let err = read_image_bytes(&bytes, &opts()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ImageError::Unrecognized(_)));
    assert!(
        msg.contains("without manifest.json or index.json")
            && msg.contains("src/main.rs, Cargo.toml"),
        "{msg}"
    );
    let err = read_image_bytes(&tar_of(&[]), &opts()).unwrap_err();
    assert!(err.to_string().contains("empty tar"), "{err}");
}

#[test]
fn random_bytes_empty_input_and_other_formats() {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let random: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let err = read_image_bytes(&random, &opts()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("expected a docker save/OCI archive (tar), a docker inspect JSON or an image config JSON; found bytes starting with"), "{msg}");
    assert!(read_image_bytes(b"", &opts())
        .unwrap_err()
        .to_string()
        .contains("empty input"));
    assert!(read_image_bytes(b"BZh91AY&SY", &opts())
        .unwrap_err()
        .to_string()
        .contains("bzip2 or xz"));
    let err = read_image_bytes(b"FROM debian\nRUN true\n", &opts()).unwrap_err();
    assert!(
        err.to_string().contains("text starting with \"FROM debian"),
        "{err}"
    );
    // Random bytes in a gzip wrapper and as a layer.
    assert!(read_image_bytes(&gzip(&random), &opts())
        .unwrap_err()
        .to_string()
        .contains("compressed file holding bytes"));
    let bytes = archive_with_blob(
        gzip(&random),
        "application/vnd.oci.image.layer.v1.tar+gzip",
        b"x",
    );
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    assert!(img.layers[0].truncated && img.layers[0].entries.is_empty());
}

#[test]
fn oversized_extension_headers_are_skipped_not_buffered() {
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::GNULongName);
    h.set_size(10 << 20);
    h.as_gnu_mut().unwrap().name[..13].copy_from_slice(b"././@LongLink");
    h.set_cksum();
    b.append(&h, std::io::repeat(b'a').take_bytes(10 << 20))
        .unwrap();
    let mut h = tar::Header::new_ustar();
    h.set_size(3);
    h.set_entry_type(tar::EntryType::Regular);
    b.append_data(&mut h, "victim", &b"abc"[..]).unwrap();
    let mut h = tar::Header::new_ustar();
    h.set_size(2);
    b.append_data(&mut h, "after", &b"ok"[..]).unwrap();
    let l = b.into_inner().unwrap();
    let bytes = docker_save_legacy(&[l], &[("ADD x", false, None)], "e:1", Order::ManifestFirst);
    let img = read_image_bytes(&bytes, &opts()).unwrap();
    assert!(img.file("/victim").is_none());
    assert!(img.file("/after").is_some());
    assert!(img.layers[0]
        .notes
        .iter()
        .any(|n| n.message.contains("exceeds max_header_ext_bytes")));
}

trait TakeBytes: std::io::Read + Sized {
    fn take_bytes(self, n: u64) -> std::io::Take<Self> {
        std::io::Read::take(self, n)
    }
}
impl<R: std::io::Read> TakeBytes for R {}

#[test]
fn content_limits_keep_counts_exact() {
    let l = layer(&[
        file("etc/passwd", &"u:x:1:1::/:/bin/sh\n".repeat(105)),
        file("etc/group", "g:x:1:\n"),
        file("app/config.yaml", &"k: v\n".repeat(20_000)),
    ]);
    let bytes = docker_save_legacy(&[l], &[("ADD x", false, None)], "c:1", Order::ManifestFirst);
    let mut o = opts();
    o.limits.max_content_total_bytes = 2000;
    let img = read_image_bytes(&bytes, &o).unwrap();
    assert!(img.file("/etc/passwd").unwrap().content.is_some());
    let group = img.file("/etc/group").unwrap();
    assert!(group.content.is_none() && group.content_truncated);
    let yaml = img.file("/app/config.yaml").unwrap();
    assert_eq!(yaml.size, 100_000);
    assert!(
        yaml.content.is_none() && yaml.content_truncated,
        "over max_file_content_bytes"
    );
    assert!(img.stats.content_bytes <= 2000);
    assert_eq!(img.file("/etc/passwd").unwrap().kind, FileKind::File);
}

#[test]
fn input_size_limit() {
    let bytes = docker_save_legacy(
        &typical_layers(),
        &typical_history(),
        "i:1",
        Order::ManifestLast,
    );
    let mut o = opts();
    o.limits.max_input_bytes = 10_000;
    match read_image_bytes(&bytes, &o).unwrap_err() {
        ImageError::Limit(hit) => assert_eq!(hit.limit, "max_input_bytes"),
        e => panic!("{e}"),
    }
}
