//! Shell splitter speed: `cargo bench -p shipshape-core --bench shell`.

use shipshape_core::shell::split;

fn main() {
    divan::main();
}

/// A long RUN line: 1,000 commands, about 80 KB.
fn long_run() -> String {
    let mut s = String::from("set -eux");
    for i in 0..1000 {
        s.push_str(&format!(
            " && apt-get install -y --no-install-recommends pkg{i}=1.{i}.0 \"$(echo x{i})\" | tee /tmp/log{i}"
        ));
    }
    s
}

/// A typical RUN line: 10 commands.
const TYPICAL: &str = "set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends ca-certificates curl gnupg; \\\n\tcurl -fsSL \"https://example.com/key-${VERSION}.asc\" | gpg --dearmor -o /usr/share/keyrings/x.gpg; \\\n\techo \"deb [signed-by=/usr/share/keyrings/x.gpg] https://example.com $(. /etc/os-release && echo $VERSION_CODENAME) main\" > /etc/apt/sources.list.d/x.list; \\\n\tapt-get update && apt-get install -y x; \\\n\trm -rf /var/lib/apt/lists/*";

#[divan::bench]
fn long_1000_commands(bencher: divan::Bencher) {
    let text = long_run();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| split(divan::black_box(&text)));
}

#[divan::bench]
fn typical_10_commands(bencher: divan::Bencher) {
    bencher
        .counter(divan::counter::BytesCount::new(TYPICAL.len()))
        .bench(|| split(divan::black_box(TYPICAL)));
}
