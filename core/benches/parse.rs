//! Parser throughput: a typical 40-line Dockerfile and a generated
//! 10,000-line one. Run with `cargo bench -p shipshape-core --bench parse`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

const TYPICAL: &str = include_str!("../tests/data/parser/corpus/postgres.Dockerfile");

fn generated(lines: usize) -> String {
    let mut s = String::from(
        "# syntax=docker/dockerfile:1\nARG BASE=debian:bookworm\nFROM ${BASE} AS build\n",
    );
    let mut i = 0;
    while s.lines().count() < lines {
        match i % 6 {
            0 => s.push_str(&format!("RUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y pkg{i}; \\\n    rm -rf /var/lib/apt/lists/*\n")),
            1 => s.push_str(&format!("ENV KEY{i}=value{i} OTHER{i}=\"a b\"\n")),
            2 => s.push_str(&format!("COPY --from=build --chown=1000:1000 /src/{i} /dst/{i}\n")),
            3 => s.push_str(&format!("RUN <<EOF\necho {i}\nEOF\n")),
            4 => s.push_str(&format!("CMD [\"run\", \"--id\", \"{i}\"]\n")),
            _ => s.push_str("# a comment\n\n"),
        }
        i += 1;
    }
    s
}

fn bench(c: &mut Criterion) {
    let big = generated(10_000);
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(TYPICAL.len() as u64));
    g.bench_function("typical_40_lines", |b| {
        b.iter(|| shipshape_core::parse(black_box(TYPICAL)))
    });
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("generated_10k_lines", |b| {
        b.iter(|| shipshape_core::parse(black_box(&big)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
