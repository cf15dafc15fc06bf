//! The hostile-input catalogue: each case feeds one kind of hostile input to
//! the library the way a user's tool would (a check with every rule, an image
//! read, a config parse) and asserts that it ends in a result or a clear
//! error, with peak memory under a stated bound (measured by a counting
//! global allocator; cases run one at a time under a lock so the peak belongs
//! to the case). No timing assertions: a case that loops forever hangs the
//! suite instead.
//!
//! Image cases already in `image_hostile.rs` (gzip bomb as a layer and as the
//! whole input, decompressed-total limit, 100,000-entry layer, too many
//! archive members, truncated archives, corrupt gzip, non-image tar, random
//! bytes, oversized extension headers, content limits, input size limit) and
//! `image_memory.rs` are not repeated here.
#![allow(unsafe_code)]

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use shipshape_core::config::{parse_hadolint_yaml, parse_shipshape_toml, Config};
use shipshape_core::decode::decode;
use shipshape_core::fix::fix_all;
use shipshape_core::image::{read_image, read_image_bytes, ImageError, ReadOptions};
use shipshape_core::syntax::parse;
use shipshape_core::{check, Diagnostic, Settings};
use support::*;

// ------------------------------------------------------------- measurement

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = CURRENT.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const KIB: usize = 1 << 10;
const MIB: usize = 1 << 20;

/// Holds the lock for a whole case (input building included), so no other
/// case allocates while one is measured.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f` (inside a case holding [`serial`]) and asserts that it allocated at most `bound` bytes above
/// what was live when it started (its input, built before, is not counted).
fn bounded<T>(name: &str, bound: usize, f: impl FnOnce() -> T) -> T {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    eprintln!(
        "{name}: peak {} KiB (bound {} KiB)",
        peak / KIB,
        bound / KIB
    );
    assert!(
        peak <= bound,
        "{name}: peak {peak} bytes above the bound {bound}"
    );
    out
}

fn all_rules() -> Settings {
    Settings::from_config(Config {
        select: Some(vec!["ALL".to_string()]),
        ..Config::default()
    })
    .0
}

/// Checks a file's bytes the way the CLI does (decode, then every rule) and
/// returns the findings, asserting every span lies inside the text.
fn check_bytes(bytes: &[u8], settings: &Settings) -> (String, Vec<Diagnostic>) {
    let (text, _) = decode(bytes);
    let text = text.into_owned();
    let diags = check(&text, settings);
    for d in &diags {
        assert!(d.span.end <= text.len() && d.span.start <= d.span.end);
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    (text, diags)
}

fn has(diags: &[Diagnostic], name: &str) -> bool {
    diags.iter().any(|d| d.name == name)
}

// ------------------------------------------------------- Dockerfile text

#[test]
#[ignore = "100 MB through every rule: minutes in debug; run with cargo test --release -p shipshape-core --test hostile -- --ignored"]
fn dockerfile_of_100_mb() {
    let _serial = serial();
    // A realistic shape repeated: stages, RUN lines with shell, labels.
    let unit = "FROM debian:bookworm AS s\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nLABEL a=b\nCOPY . /app\n";
    let text = unit.repeat(100 * MIB / unit.len());
    let settings = all_rules();
    // Far less than the AST of every instruction held at once would cost per
    // byte; findings are kept (several per stage).
    let diags = bounded("100 MB Dockerfile", 40 * text.len(), || {
        check(&text, &settings)
    });
    assert!(diags.len() > text.len() / unit.len());
}

#[test]
fn a_single_10_mb_line() {
    let _serial = serial();
    let mut text = String::from("FROM alpine:3.20\nRUN echo ");
    text.push_str(&"a".repeat(10 * MIB));
    text.push('\n');
    let settings = all_rules();
    let (_, diags) = bounded("10 MB line", 40 * text.len(), || {
        check_bytes(text.as_bytes(), &settings)
    });
    assert!(!has(&diags, "syntax-error"));
}

#[test]
fn a_10_mb_word_with_no_spaces_in_an_exec_form() {
    let _serial = serial();
    let text = format!("FROM alpine:3.20\nCMD [\"{}\"]\n", "x".repeat(10 * MIB));
    let settings = all_rules();
    let (_, diags) = bounded("10 MB exec word", 40 * text.len(), || {
        check_bytes(text.as_bytes(), &settings)
    });
    assert!(!has(&diags, "syntax-error"));
}

#[test]
fn one_hundred_thousand_continuation_lines() {
    let _serial = serial();
    let mut text = String::from("FROM alpine:3.20\nRUN true");
    for i in 0..100_000 {
        text.push_str(&format!(" \\\n  && echo {i}"));
    }
    text.push('\n');
    let settings = all_rules();
    let df = bounded("100k continuations: parse", 40 * text.len(), || {
        parse(&text)
    });
    assert_eq!(df.instructions().count(), 2);
    bounded("100k continuations: check", 60 * text.len(), || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn one_million_blank_lines() {
    let _serial = serial();
    let text = format!("FROM alpine:3.20\n{}USER app\n", "\n".repeat(1_000_000));
    let settings = all_rules();
    // Each blank line is a node of its own (~140 bytes each).
    let (_, diags) = bounded("1M blank lines", 200 * text.len(), || {
        check_bytes(text.as_bytes(), &settings)
    });
    assert!(!has(&diags, "syntax-error"));
}

#[test]
fn ten_thousand_nested_command_substitutions() {
    let _serial = serial();
    let depth = 10_000;
    let text = format!(
        "FROM alpine:3.20\nRUN {}echo deep{}\n",
        "echo $(".repeat(depth),
        ")".repeat(depth)
    );
    let settings = all_rules();
    // About 1 KiB per command found (10,001 of them).
    let script = bounded("10k nested $(: split", 16 * MIB, || {
        shipshape_core::shell::split(&text[21..])
    });
    assert_eq!(script.commands.len(), depth + 1);
    bounded("10k nested $(: check", 64 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn ten_thousand_unclosed_command_substitutions() {
    let _serial = serial();
    let text = format!("FROM alpine:3.20\nRUN {}\n", "$(".repeat(10_000));
    let settings = all_rules();
    let script = shipshape_core::shell::split(&text[21..]);
    assert!(
        !script.errors.is_empty(),
        "unterminated $( must be reported"
    );
    bounded("10k unclosed $(", 64 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn ten_thousand_nested_parameter_expansions() {
    let _serial = serial();
    let text = format!(
        "FROM alpine:3.20\nARG A=x\nRUN echo {}A{}\n",
        "${A:-".repeat(10_000),
        "}".repeat(10_000)
    );
    let settings = all_rules();
    bounded("10k nested ${", 64 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn nested_sh_c_strings_200_deep() {
    let _serial = serial();
    // sh -c "sh -c \"sh -c ...\"": every level escapes the quotes again.
    let mut inner = String::from("curl -k https://x");
    for _ in 0..200 {
        inner = format!("sh -c '{}'", inner.replace('\'', "'\\''"));
        if inner.len() > 2 * MIB {
            break;
        }
    }
    let text = format!("FROM alpine:3.20\nRUN {inner}\n");
    let settings = all_rules();
    bounded("nested sh -c", 64 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn exponential_variable_references_are_not_expanded_exponentially() {
    let _serial = serial();
    // Each ARG doubles the previous one: 64 levels would be 2^64 bytes if
    // anything expanded them naively.
    let mut text = String::from("FROM alpine:3.20\nARG V0=xxxxxxxx\n");
    for i in 1..64 {
        text.push_str(&format!("ARG V{i}=${{V{p}}}${{V{p}}}\n", p = i - 1));
    }
    text.push_str("FROM ${V63}\nRUN echo ${V63} $V63\nUSER ${V63}\nWORKDIR $V63\n");
    let settings = all_rules();
    bounded("ARG doubling", 64 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
    let env = text.replace("ARG ", "ENV ");
    bounded("ENV doubling", 64 * MIB, || {
        check_bytes(env.as_bytes(), &settings)
    });
}

#[test]
fn two_thousand_stages_referring_to_each_other() {
    let _serial = serial();
    let mut text = String::from("FROM alpine:3.20 AS s0\n");
    // 10,000 stages take ~80 s in debug: some rule is quadratic in stages.
    for i in 1..2_000 {
        text.push_str(&format!(
            "FROM s{p} AS s{i}\nCOPY --from=s{p} /a /a\n",
            p = i - 1
        ));
    }
    let settings = all_rules();
    bounded("2k stages", 64 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn nul_bytes_everywhere() {
    let _serial = serial();
    let text = "FROM alp\0ine\nRUN ec\0ho \0\0 && \0\nUSER \0\n\0\0\0\n".repeat(1000);
    let settings = all_rules();
    bounded("NUL bytes", 32 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn invalid_utf8_is_read_lossily_and_located() {
    let _serial = serial();
    let mut bytes = b"FROM alpine:3.20\nRUN echo \xff\xfe ok\nUSER root\n".to_vec();
    bytes.extend_from_slice(b"RUN \xc3\x28 \xe2\x82\n");
    let (text, problem) = decode(&bytes);
    let problem = problem.expect("invalid UTF-8 is reported");
    assert_eq!(problem.offset, 26);
    assert!(problem.message.contains("0xFF"), "{}", problem.message);
    assert!(text.contains('\u{FFFD}'));
    let settings = all_rules();
    let (_, diags) = bounded("invalid UTF-8", 4 * MIB, || check_bytes(&bytes, &settings));
    // The rest of the file is still checked: USER root is still found.
    assert!(has(&diags, "last-user-root") || diags.iter().any(|d| d.message.contains("root")));
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    let _serial = serial();
    for (bom, enc) in [
        ([0xFFu8, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]),
        ([0xFE, 0xFF], u16::to_be_bytes as fn(u16) -> [u8; 2]),
    ] {
        let mut bytes = bom.to_vec();
        for u in "FROM alpine:latest\nUSER root\n".encode_utf16() {
            bytes.extend_from_slice(&enc(u));
        }
        let (text, problem) = decode(&bytes);
        assert_eq!(text, "FROM alpine:latest\nUSER root\n");
        assert!(problem.is_some_and(|p| p.message.contains("UTF-16")));
        let settings = all_rules();
        let (_, diags) = bounded("UTF-16", 4 * MIB, || check_bytes(&bytes, &settings));
        assert!(!has(&diags, "syntax-error"));
    }
    // Odd length, lone surrogates: replacement characters, no panic.
    let bytes = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00, 0x00];
    let (text, _) = decode(&bytes);
    assert!(text.contains('\u{FFFD}'));
}

#[test]
fn one_megabyte_of_binary_garbage() {
    let _serial = serial();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..MIB)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let settings = all_rules();
    bounded("1 MB garbage", 64 * MIB, || check_bytes(&bytes, &settings));
}

#[test]
fn cr_only_line_ends() {
    let _serial = serial();
    let text = "FROM alpine:latest\rRUN apt-get install curl\rUSER root\r";
    let settings = all_rules();
    let (_, diags) = bounded("CR line ends", MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
    // Docker splits lines on \n only: the whole file is one FROM line.
    assert!(diags.iter().all(|d| d.span.end <= text.len()));
    let mixed = "FROM a\r\nRUN x \\\r\n y\rUSER b\n\r\n".repeat(10_000);
    // About 110 bytes per byte of input: every line is a node or a word.
    bounded("mixed line ends", 160 * mixed.len(), || {
        check_bytes(mixed.as_bytes(), &settings)
    });
}

#[test]
fn ten_thousand_heredocs_on_one_line() {
    let _serial = serial();
    let mut text = String::from("FROM alpine:3.20\nRUN cat");
    for i in 0..10_000 {
        text.push_str(&format!(" <<E{i}"));
    }
    text.push('\n');
    for i in 0..10_000 {
        text.push_str(&format!("body {i}\nE{i}\n"));
    }
    let settings = all_rules();
    bounded("10k heredocs", 64 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn unterminated_heredoc_at_end_of_a_large_file() {
    let _serial = serial();
    let text = format!(
        "FROM alpine:3.20\nRUN <<EOF\n{}",
        "echo hi\n".repeat(100_000)
    );
    let settings = all_rules();
    bounded("unterminated heredoc", 40 * text.len(), || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn deeply_nested_brackets_in_an_exec_form() {
    let _serial = serial();
    let text = format!(
        "FROM alpine:3.20\nCMD {}\"x\"{}\nENTRYPOINT [{}]\n",
        "[".repeat(50_000),
        "]".repeat(50_000),
        "\"a\",".repeat(50_000)
    );
    let settings = all_rules();
    bounded("nested exec brackets", 64 * MIB, || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn a_million_backslashes() {
    let _serial = serial();
    let text = format!("FROM alpine:3.20\nRUN echo {}\n", "\\".repeat(1_000_000));
    let settings = all_rules();
    bounded("1M backslashes", 40 * text.len(), || {
        check_bytes(text.as_bytes(), &settings)
    });
}

#[test]
fn fixing_a_large_file_with_many_findings() {
    let _serial = serial();
    let text = "FROM debian\nRUN apt-get install curl\nMAINTAINER x\nADD a /b\n".repeat(2_000);
    let settings = all_rules();
    let out = bounded("fix 2k stages", 256 * MIB, || {
        fix_all(&text, &settings, true)
    });
    assert!(out.changed());
    assert!(!out.broke_syntax);
}

// ------------------------------------------------------------ images

fn zero_layer_image(blob: Vec<u8>, media_type: &'static str) -> Vec<u8> {
    let mut spec = platform_image("amd64", None, &[b"x".to_vec()], "none");
    spec.blobs = vec![(blob, media_type)];
    spec.history = vec![("ADD x", false, None)];
    oci_archive(&[spec], "b:1", false, true)
}

#[test]
fn zstd_bomb_layer() {
    let _serial = serial();
    // 256 MiB of zeros as 256 copies of one compressed 1 MiB frame (decoders
    // read frames in sequence), after a frame holding the tar header.
    let mut blob = zstd(&tar_file_header("zeros.bin", 256 << 20));
    let frame = zstd(&vec![0u8; MIB]);
    for _ in 0..256 {
        blob.extend_from_slice(&frame);
    }
    assert!(blob.len() < 4 * MIB);
    let archive = zero_layer_image(blob, "application/vnd.oci.image.layer.v1.tar+zstd");
    let img = bounded("zstd bomb", 16 * MIB, || {
        read_image_bytes(&archive, &ReadOptions::default())
    })
    .expect("the image is read; the layer is cut at the ratio limit");
    assert!(
        img.layers[0].truncated,
        "the bomb layer is marked truncated"
    );
}

#[test]
fn a_gzip_bomb_of_1_gb_inside_a_gzip_archive() {
    let _serial = serial();
    // The whole archive gzip-compressed, holding a gzip bomb layer: two
    // decompressors, each with its own ratio check.
    let header = tar_file_header("zeros.bin", 1 << 30);
    let archive = zero_layer_image(
        gzip_bomb(&header, 1 << 30),
        "application/vnd.oci.image.layer.v1.tar+gzip",
    );
    let outer = gzip(&archive);
    drop(archive);
    let r = bounded("nested gzip bomb", 16 * MIB, || {
        read_image_bytes(&outer, &ReadOptions::default())
    });
    match r {
        Ok(img) => assert!(img.layers.iter().any(|l| l.truncated)),
        Err(e) => assert!(matches!(e, ImageError::Limit(_)), "{e}"),
    }
}

/// A docker-save archive streamed from a generator: an outer tar whose
/// `entries` members are empty files, produced on the fly (nothing in memory).
struct ManyEntries {
    entries: u64,
    next: u64,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Read for ManyEntries {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            if self.done {
                return Ok(0);
            }
            self.buf.clear();
            self.pos = 0;
            if self.next < self.entries {
                self.buf
                    .extend(tar_file_header(&format!("e/{:08}", self.next), 0));
                self.next += 1;
            } else {
                self.buf.resize(1024, 0);
                self.done = true;
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn an_archive_of_a_million_entries_streamed() {
    let _serial = serial();
    let input = ManyEntries {
        entries: 1_000_000,
        next: 0,
        buf: Vec::new(),
        pos: 0,
        done: false,
    };
    let r = bounded("1M-entry archive", 8 * MIB, || {
        read_image(input, &ReadOptions::default())
    });
    match r {
        Err(ImageError::Limit(hit)) => assert_eq!(hit.limit, "max_archive_entries"),
        other => panic!("expected the entry limit, got {other:?}"),
    }
}

#[test]
fn path_traversal_entries_stay_inside_the_image() {
    let _serial = serial();
    let l = layer(&[
        F::RawName(
            b"../../etc/passwd".to_vec(),
            b"root::0:0::/:/bin/sh\n".to_vec(),
        ),
        F::RawName(b"/abs/file".to_vec(), b"x".to_vec()),
        F::RawName(b"a/../../../b".to_vec(), b"y".to_vec()),
        F::RawName(b"./ok/./c".to_vec(), b"z".to_vec()),
        F::Symlink("escape", "../../../../etc/shadow"),
        F::Hardlink("hl", "../../etc/passwd"),
    ]);
    let archive = docker_save_legacy(&[l], &[("ADD x", false, None)], "t:1", Order::ManifestLast);
    let img = bounded("path traversal", 4 * MIB, || {
        read_image_bytes(&archive, &ReadOptions::default())
    })
    .expect("read");
    for path in img.filesystem.files.keys() {
        assert!(path.starts_with('/'), "{path}");
        assert!(
            !path.split('/').any(|c| c == ".." || c == "."),
            "path not normalised: {path}"
        );
    }
    assert!(img.file("/ok/c").is_some());
    let settings = all_rules();
    bounded("path traversal: rules", 4 * MIB, || {
        shipshape_core::engine::check_image(&img, &settings)
    });
}

#[test]
fn symlink_loops_do_not_loop() {
    let _serial = serial();
    let l = layer(&[
        F::Dir("etc"),
        F::Symlink("etc/os-release", "../usr/lib/os-release"),
        F::Dir("usr"),
        F::Dir("usr/lib"),
        F::Symlink("usr/lib/os-release", "/etc/os-release"),
        F::Symlink("self", "self"),
        F::Symlink("a", "b"),
        F::Symlink("b", "a/x"),
        F::Symlink("etc/passwd", "passwd"),
        F::Hardlink("h1", "h2"),
        F::Hardlink("h2", "h1"),
    ]);
    let archive = docker_save_legacy(
        &[l],
        &[("ADD x", false, None)],
        "loop:1",
        Order::ManifestLast,
    );
    let img = bounded("symlink loops", 4 * MIB, || {
        read_image_bytes(&archive, &ReadOptions::default())
    })
    .expect("read");
    assert!(img.os_release.is_none());
    let settings = all_rules();
    bounded("symlink loops: rules", 4 * MIB, || {
        shipshape_core::engine::check_image(&img, &settings)
    });
}

#[test]
fn archive_truncated_inside_a_compressed_layer() {
    let _serial = serial();
    let spec = platform_image("amd64", None, &typical_layers(), "gzip");
    let archive = oci_archive(&[spec], "t:1", false, true);
    for cut in [archive.len() / 3, archive.len() / 2, archive.len() - 1500] {
        let r = bounded("truncated gzip layer", 4 * MIB, || {
            read_image_bytes(&archive[..cut], &ReadOptions::default())
        });
        if let Err(e) = r {
            assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn deeply_nested_json_input() {
    let _serial = serial();
    for text in [
        "[".repeat(1_000_000),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!(
            "{{\"config\":{}1{}}}",
            "{\"a\":".repeat(100_000),
            "}".repeat(100_000)
        ),
    ] {
        let r = bounded("nested JSON", 32 * MIB, || {
            read_image_bytes(text.as_bytes(), &ReadOptions::default())
        });
        let e = r.expect_err("not an image");
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn deeply_nested_json_in_a_config_value() {
    let _serial = serial();
    let nested = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!(
        r#"{{"architecture":"amd64","os":"linux","config":{{"Labels":{{"a":{nested}}},"Env":{nested}}},"rootfs":{{"type":"layers","diff_ids":[]}}}}"#
    );
    let r = bounded("nested JSON value", 32 * MIB, || {
        read_image_bytes(text.as_bytes(), &ReadOptions::default())
    });
    if let Err(e) = r {
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn huge_json_numbers() {
    let _serial = serial();
    let big = "9".repeat(1_000_000);
    for text in [
        format!(
            r#"{{"architecture":"amd64","os":"linux","size":{big},"rootfs":{{"type":"layers","diff_ids":[]}}}}"#
        ),
        r#"{"architecture":"amd64","os":"linux","config":{"Healthcheck":{"Test":["CMD","x"],"Interval":1e99999999}},"rootfs":{"type":"layers","diff_ids":[]}}"#
            .to_string(),
        format!(
            r#"[{{"Id":"sha256:1","Size":{big},"Config":{{"User":"-{big}"}},"Architecture":"amd64","Os":"linux"}}]"#
        ),
    ] {
        let r = bounded("huge JSON numbers", 32 * MIB, || {
            read_image_bytes(text.as_bytes(), &ReadOptions::default())
        });
        if let Err(e) = r {
            assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn a_json_document_over_the_size_limit() {
    let _serial = serial();
    let mut text = String::from(r#"{"architecture":"amd64","os":"linux","pad":""#);
    text.push_str(&"x".repeat(20 * MIB));
    text.push_str(r#"","rootfs":{"type":"layers","diff_ids":[]}}"#);
    let r = bounded("20 MB JSON", 16 * MIB, || {
        read_image_bytes(text.as_bytes(), &ReadOptions::default())
    });
    match r {
        Err(ImageError::Limit(hit)) => assert_eq!(hit.limit, "max_json_bytes"),
        other => panic!("expected the JSON size limit, got {other:?}"),
    }
}

#[test]
fn whiteouts_aimed_at_the_root_and_parents() {
    let _serial = serial();
    let l1 = layer(&[
        F::Dir("etc"),
        file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"),
    ]);
    let l2 = layer(&[
        F::RawName(b".wh...".to_vec(), Vec::new()),
        F::RawName(b".wh..wh..opq".to_vec(), Vec::new()),
        F::RawName(b"etc/.wh..".to_vec(), Vec::new()),
        F::RawName(b"../.wh.etc".to_vec(), Vec::new()),
        F::RawName(b".wh.".to_vec(), Vec::new()),
    ]);
    let archive = docker_save_legacy(
        &[l1, l2],
        &[("ADD x", false, None), ("RUN y", false, None)],
        "wh:1",
        Order::ManifestFirst,
    );
    let img = bounded("hostile whiteouts", 4 * MIB, || {
        read_image_bytes(&archive, &ReadOptions::default())
    })
    .expect("read");
    for path in img.filesystem.files.keys() {
        assert!(path.starts_with('/') && !path.contains("/../"), "{path}");
    }
}

#[test]
fn the_same_path_twenty_thousand_times() {
    let _serial = serial();
    let mut b = tar::Builder::new(Vec::new());
    for i in 0..20_000u32 {
        let mut h = tar::Header::new_ustar();
        h.set_size(4);
        b.append_data(&mut h, "etc/passwd", &i.to_le_bytes()[..])
            .unwrap();
    }
    let archive = docker_save_legacy(
        &[b.into_inner().unwrap()],
        &[("ADD x", false, None)],
        "dup:1",
        Order::ManifestLast,
    );
    // Every entry of the layer is listed (about 250 bytes each; bounded by
    // `max_files`), the merged tree holds the path once.
    let img = bounded("20k duplicates", 8 * MIB, || {
        read_image_bytes(&archive, &ReadOptions::default())
    })
    .expect("read");
    assert_eq!(img.layers[0].entry_count, 20_000);
    assert!(
        img.filesystem.files.len() <= 2,
        "/etc and /etc/passwd, once each"
    );
    assert!(img.file("/etc/passwd").is_some());
}

// ------------------------------------------------------------ config files

#[test]
fn toml_garbage() {
    let _serial = serial();
    let mut x: u64 = 0x0123_4567_89ab_cdef;
    for round in 0..200 {
        let bytes: Vec<u8> = (0..(round * 13 % 600))
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let alphabet = b"[]{}=\"',.\n #abcSS1\\:-0123.e+";
                alphabet[(x % alphabet.len() as u64) as usize]
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        let r = bounded("TOML garbage", MIB, || parse_shipshape_toml(&text));
        if let Err(e) = r {
            assert!(e.line >= 1 && !e.message.is_empty());
        }
    }
}

#[test]
fn deeply_nested_toml() {
    let _serial = serial();
    for text in [
        format!(
            "select = {}\"SS1\"{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
        format!(
            "[rules.SS101]\nx = {}1{}\n",
            "{a=".repeat(10_000),
            "}".repeat(10_000)
        ),
        format!("{} = 1\n", vec!["a"; 10_000].join(".")),
        "[".repeat(100_000),
    ] {
        let r = bounded("nested TOML", 64 * MIB, || parse_shipshape_toml(&text));
        let e = r.expect_err("not a valid shipshape.toml");
        assert!(e.line >= 1 && !e.message.is_empty(), "{e:?}");
    }
}

#[test]
fn a_toml_of_a_hundred_thousand_keys() {
    let _serial = serial();
    let mut text = String::from("[severity]\n");
    for i in 0..100_000 {
        text.push_str(&format!("SS{i} = \"error\"\n"));
    }
    let r = bounded("100k TOML keys", 64 * MIB, || parse_shipshape_toml(&text));
    if let Ok(c) = r {
        let (_, unknown) = bounded("100k selectors", 64 * MIB, || Settings::from_config(c));
        assert!(!unknown.is_empty());
    }
}

#[test]
fn yaml_garbage() {
    let _serial = serial();
    let mut x: u64 = 0xfeed_face_dead_beef;
    for round in 0..200 {
        let bytes: Vec<u8> = (0..(round * 17 % 600))
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let alphabet = b"[]{}:-?&*!|>\"'#,\n  \tabDL3\\%@`";
                alphabet[(x % alphabet.len() as u64) as usize]
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        let r = bounded("YAML garbage", MIB, || parse_hadolint_yaml(&text));
        if let Err(e) = r {
            assert!(e.line >= 1 && !e.message.is_empty());
        }
    }
}

#[test]
fn deeply_nested_yaml() {
    let _serial = serial();
    for text in [
        format!(
            "ignored: {}DL3008{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
        format!(
            "override: {}a: 1{}\n",
            "{".repeat(10_000),
            "}".repeat(10_000)
        ),
        (0..10_000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect::<String>(),
        "[".repeat(100_000),
    ] {
        let r = bounded("nested YAML", 64 * MIB, || parse_hadolint_yaml(&text));
        if let Err(e) = r {
            assert!(e.line >= 1 && !e.message.is_empty());
        }
    }
}

#[test]
fn yaml_alias_bomb() {
    let _serial = serial();
    // Billion laughs: nine levels of nine aliases each.
    let mut text = String::from("a0: &a0 [\"DL3008\"]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("ignored: *a9\ntrustedRegistries: *a9\nlabel-schema: *a9\n");
    let r = bounded("YAML alias bomb", 16 * MIB, || parse_hadolint_yaml(&text));
    if let Err(e) = r {
        assert!(!e.message.is_empty());
    }
}

#[test]
fn a_hundred_thousand_yaml_list_items() {
    let _serial = serial();
    let mut text = String::from("ignored:\n");
    for i in 0..100_000 {
        text.push_str(&format!("  - DL{i}\n"));
    }
    let r = bounded("100k YAML items", 64 * MIB, || parse_hadolint_yaml(&text));
    // Past the node budget (100,000): a clear error, not a huge config.
    let e = r.expect_err("over the node budget");
    assert!(e.message.contains("too many nodes"), "{}", e.message);
    let ok = text.lines().take(50_001).collect::<Vec<_>>().join("\n");
    let c = bounded("50k YAML items", 64 * MIB, || parse_hadolint_yaml(&ok)).expect("a config");
    assert_eq!(c.ignore.len(), 50_000);
}
