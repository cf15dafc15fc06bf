//! Reading a generated ~200 MB `docker save` archive (a few thousand files),
//! streamed from a temp file, and a gzip-layer OCI archive from memory.
//!
//! Peak memory: run the bench binary under `/usr/bin/time -v`; the archive
//! is read from disk, so the resident size is the reader's own.

use std::fs::File;
use std::hint::black_box;
use std::io::{BufReader, Write};
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use shipshape_core::image::{read_image, read_image_bytes, ReadOptions};

/// Deterministic filler: text-like bytes (compress about 3:1 with gzip).
fn filler(seed: u64, len: usize) -> Vec<u8> {
    let words: [&[u8]; 8] = [
        b"alpha ",
        b"bravo ",
        b"charlie ",
        b"delta\n",
        b"echo ",
        b"foxtrot ",
        b"golf ",
        b"hotel\n",
    ];
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(words[(x % 8) as usize]);
        if x % 5 == 0 {
            out.extend_from_slice(&(x as u32).to_le_bytes());
        }
    }
    out.truncate(len);
    out
}

/// A layer tar with `files` files of `size` bytes each.
fn layer(index: usize, files: usize, size: usize) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for f in 0..files {
        let mut h = tar::Header::new_ustar();
        h.set_mode(if f % 97 == 0 { 0o4755 } else { 0o644 });
        h.set_size(size as u64);
        let path = match f % 10 {
            0 => format!("etc/app{index}/conf{f}.yaml"),
            1 => format!("usr/share/doc/pkg{index}/file{f}.txt"),
            _ => format!("opt/layer{index}/dir{}/file{f}.bin", f % 50),
        };
        b.append_data(
            &mut h,
            path,
            filler((index * 100_000 + f) as u64, size).as_slice(),
        )
        .unwrap();
    }
    b.into_inner().unwrap()
}

fn legacy_archive(layers: &[Vec<u8>]) -> Vec<u8> {
    let mut out = tar::Builder::new(Vec::new());
    let mut add = |path: &str, data: &[u8]| {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        out.append_data(&mut h, path, data).unwrap();
    };
    let diff_ids: Vec<String> = (0..layers.len())
        .map(|i| format!("sha256:{:064x}", i + 1))
        .collect();
    let history: Vec<serde_json::Value> = (0..layers.len())
        .map(|i| serde_json::json!({"created_by": format!("RUN step {i}"), "created": "2024-01-01T00:00:00Z"}))
        .collect();
    let config = serde_json::to_vec(&serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "config": {"User": "app", "Env": ["PATH=/usr/bin"], "Cmd": ["app"]},
        "history": history, "rootfs": {"type": "layers", "diff_ids": diff_ids}
    }))
    .unwrap();
    let mut names = Vec::new();
    for (i, l) in layers.iter().enumerate() {
        let name = format!("{:064x}/layer.tar", i + 100);
        add(&name, l);
        names.push(name);
    }
    add(&format!("{:064x}.json", 7), &config);
    let manifest = serde_json::json!([{"Config": format!("{:064x}.json", 7), "RepoTags": ["bench:1"], "Layers": names}]);
    add("manifest.json", &serde_json::to_vec(&manifest).unwrap());
    out.into_inner().unwrap()
}

fn archive_path() -> PathBuf {
    let path = std::env::temp_dir().join("shipshape-bench-image-200mb.tar");
    if std::fs::metadata(&path)
        .map(|m| m.len() > 190_000_000)
        .unwrap_or(false)
    {
        return path;
    }
    // 5 layers × 800 files × 50 KB ≈ 200 MB, 4,000 files.
    let layers: Vec<Vec<u8>> = (0..5).map(|i| layer(i, 800, 50_000)).collect();
    let bytes = legacy_archive(&layers);
    let mut f = File::create(&path).unwrap();
    f.write_all(&bytes).unwrap();
    path
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn bench(c: &mut Criterion) {
    let path = archive_path();
    let size = std::fs::metadata(&path).unwrap().len();
    let opts = ReadOptions::default();
    let mut g = c.benchmark_group("image");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(size));
    g.bench_function("docker_save_200mb_from_file", |b| {
        b.iter(|| {
            let img = read_image(BufReader::new(File::open(&path).unwrap()), &opts).unwrap();
            assert!(img.filesystem.files.len() == 4000);
            black_box(img)
        })
    });
    // The same 4,000 files with gzip layers, whole archive gzip'd, from memory
    // (throughput counted in uncompressed bytes).
    // Built on first use, so a filtered run of the other bench does not pay for it.
    let gz = std::cell::OnceCell::new();
    g.throughput(Throughput::Bytes(size));
    g.bench_function("gzip_layers_in_gzip_archive", |b| {
        let gz = gz.get_or_init(|| {
            let layers: Vec<Vec<u8>> = (0..5).map(|i| gzip(&layer(i, 800, 50_000))).collect();
            gzip(&legacy_archive(&layers))
        });
        b.iter(|| black_box(read_image_bytes(gz, &opts).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
