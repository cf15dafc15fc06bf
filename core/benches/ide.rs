//! Completion latency on a generated 1,000-line Dockerfile, as the language
//! server pays it per request (parse + model + completion) and with the
//! parsed file reused. Run with `cargo bench -p shipshape-core --bench ide`.

use criterion::{criterion_group, criterion_main, Criterion};
use shipshape_core::ide::Ide;
use std::hint::black_box;

/// About `lines` lines over several stages, ending in `RUN echo $` so the
/// completion lists the variables in scope.
fn generated(lines: usize) -> String {
    let mut s = String::from("# syntax=docker/dockerfile:1\nARG BASE=debian:bookworm\n");
    let mut i = 0;
    while s.lines().count() < lines - 1 {
        match i % 8 {
            0 => s.push_str(&format!("FROM ${{BASE}} AS stage{i}\nARG BASE\n")),
            1 => s.push_str(&format!("ENV KEY{i}=value{i} OTHER{i}=\"a b\"\n")),
            2 => s.push_str(&format!(
                "RUN --mount=type=cache,target=/var/cache/apt \\\n    apt-get update && apt-get install -y pkg{i} && echo $KEY{j}\n",
                j = i - 1
            )),
            3 => s.push_str(&format!("COPY --from=stage{j} --chown=1000:1000 /src/{i} /dst/{i}\n", j = i - 3)),
            4 => s.push_str(&format!("RUN <<EOF\necho {i} $OTHER{j}\nEOF\n", j = i - 3)),
            5 => s.push_str(&format!("ARG A{i}=x\nWORKDIR /w/${{A{i}}}\n")),
            6 => s.push_str("# a comment\n\n"),
            _ => s.push_str(&format!("CMD [\"run\", \"--id\", \"{i}\"]\n")),
        }
        i += 1;
    }
    s.push_str("RUN echo $");
    s
}

fn bench(c: &mut Criterion) {
    let src = generated(1_000);
    let end = src.len();
    let mut g = c.benchmark_group("ide_1000_lines");
    g.bench_function("complete_variables_per_request", |b| {
        b.iter(|| {
            let df = shipshape_core::parse(black_box(&src));
            let ide = Ide::new(&src, &df);
            ide.complete(black_box(end))
        })
    });
    let df = shipshape_core::parse(&src);
    g.bench_function("complete_variables_reused_ide", |b| {
        let ide = Ide::new(&src, &df);
        b.iter(|| ide.complete(black_box(end)))
    });
    let kw = src.find("CMD [").unwrap_or(0);
    g.bench_function("complete_keyword_per_request", |b| {
        b.iter(|| {
            let df = shipshape_core::parse(black_box(&src));
            let ide = Ide::new(&src, &df);
            ide.complete(black_box(kw + 2))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
