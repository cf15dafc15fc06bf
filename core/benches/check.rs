//! Parse + check throughput with every rule enabled: a typical 40-line
//! Dockerfile and a generated 10,000-line one (varied: many stages, package
//! installs, heredocs, secrets, continuation lines).
//! Run with `cargo bench -p shipshape-core --bench check`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use shipshape_core::{check, Settings};
use std::hint::black_box;

#[path = "../../cli/tests/support/gen.rs"]
mod gen;

const TYPICAL: &str = include_str!("../tests/data/parser/corpus/postgres.Dockerfile");

fn bench(c: &mut Criterion) {
    let all = Settings::resolve(Some(&["ALL"]), &[], &[], &[]).0;
    let big = gen::big_dockerfile(10_000);
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(TYPICAL.len() as u64));
    g.bench_function("typical_40_lines", |b| {
        b.iter(|| check(black_box(TYPICAL), &all))
    });
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("generated_10k_lines", |b| {
        b.iter(|| check(black_box(&big), &all))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
