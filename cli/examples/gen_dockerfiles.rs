//! Writes N varied generated Dockerfiles into a directory, for benchmarks:
//! `cargo run --release -p shipshape --example gen_dockerfiles -- DIR N`.

#[path = "../tests/support/gen.rs"]
mod gen;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "bench-corpus".into()));
    let n: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3000);
    for i in 0..n {
        let sub = dir.join(format!("project-{:03}", i % 100));
        if let Err(e) = std::fs::create_dir_all(&sub)
            .and_then(|_| std::fs::write(sub.join(format!("{i}.Dockerfile")), gen::dockerfile(i)))
        {
            eprintln!("gen_dockerfiles: {}: {e}", sub.display());
            std::process::exit(2);
        }
    }
    println!("wrote {n} Dockerfiles under {}", dir.display());
}
