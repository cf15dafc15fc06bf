//! Native timing of the check the page runs, for the wasm/native ratio that
//! `scripts/test-web.sh` prints: `native_timing FILE` checks FILE with the
//! default settings (as `checkDockerfile` does, positions included) and
//! prints the median of 15 runs in milliseconds.

use std::time::Instant;

use shipshape_wasm::api::{check_dockerfile, Options};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: native_timing FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let opts = Options::default();
    let mut times = Vec::new();
    for _ in 0..15 {
        let t0 = Instant::now();
        let r = check_dockerfile(&text, &opts);
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(r.is_ok());
    }
    times.sort_by(f64::total_cmp);
    println!("{:.3}", times.get(7).copied().unwrap_or(0.0));
}
