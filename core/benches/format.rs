//! Formatting latency on a 1,000-line Dockerfile that needs formatting
//! throughout (lower-case keywords, ragged spacing and indentation,
//! trailing blanks), and on the same file once formatted. Run with
//! `cargo bench -p shipshape-core --bench format`.

use criterion::{criterion_group, criterion_main, Criterion};
use shipshape_core::format::{format_edits, format_range_edits, format_text, FormatOptions};
use shipshape_core::Span;
use std::hint::black_box;

fn messy(lines: usize) -> String {
    let mut s = String::from(
        "# syntax=docker/dockerfile:1\narg   BASE=debian:bookworm\nfrom ${BASE}   as build  \n",
    );
    let mut i = 0;
    while s.lines().count() < lines {
        match i % 6 {
            0 => s.push_str(&format!("run  set -eux; \\\n  apt-get update; \\\n\t\tapt-get install -y pkg{i}; \\\n rm -rf /var/lib/apt/lists/*  \n")),
            1 => s.push_str(&format!("env   KEY{i}=value{i}   OTHER{i}=\"a  b\"\n")),
            2 => s.push_str(&format!("copy  --from=build   --chown=1000:1000  /src/{i}   /dst/{i}\n")),
            3 => s.push_str(&format!("RUN <<EOF\necho {i}   \nEOF\n")),
            4 => s.push_str(&format!("  cmd   [\"run\", \"--id\", \"{i}\"]\n")),
            _ => s.push_str("# a comment   \n\n"),
        }
        i += 1;
    }
    s
}

fn bench(c: &mut Criterion) {
    let opts = FormatOptions::default();
    let src = messy(1_000);
    let tidy = format_text(&src, &opts);
    let mut g = c.benchmark_group("format");
    g.bench_function("edits_1000_lines_messy", |b| {
        b.iter(|| format_edits(black_box(&src), &opts))
    });
    g.bench_function("edits_1000_lines_formatted", |b| {
        b.iter(|| format_edits(black_box(&tidy), &opts))
    });
    let mid = src.len() / 2;
    g.bench_function("range_one_line_of_1000", |b| {
        b.iter(|| format_range_edits(black_box(&src), Span::new(mid, mid + 1), &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
