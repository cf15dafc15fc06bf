//! A deterministic generator of varied Dockerfiles in the style of real ones
//! (docker-library images, application images, multi-stage builds), with
//! some mistakes and some malformed lines mixed in. Used by the CLI tests and
//! the benchmarks.

#![allow(dead_code)]

/// xorshift64*: small, deterministic, good enough to vary text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const BASES: &[&str] = &[
    "debian:12-slim",
    "debian:bookworm",
    "ubuntu:22.04",
    "ubuntu",
    "alpine:3.20",
    "alpine",
    "python:3.12-slim",
    "python:3.11",
    "node:20-alpine",
    "node:latest",
    "golang:1.23",
    "nginx:1.27",
    "postgres:16",
    "ruby:3.3",
    "php:8.3-apache",
    "eclipse-temurin:21-jre",
    "gcr.io/distroless/static-debian12:nonroot",
    "registry.example.com:5000/team/base:2.1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "${BASE_IMAGE}",
];

const APT: &[&str] = &[
    "curl",
    "ca-certificates",
    "git",
    "gnupg",
    "libpq-dev",
    "build-essential",
    "tzdata",
    "wget=1.21.3-1+b2",
    "openssl",
];
const APK: &[&str] = &[
    "curl",
    "ca-certificates",
    "git",
    "bash",
    "tini",
    "su-exec",
    "openssl=3.3.2-r0",
];
const PIP: &[&str] = &[
    "flask",
    "gunicorn==22.0.0",
    "requests",
    "psycopg[binary]==3.2.1",
    "uvicorn",
];

fn push_run(out: &mut String, rng: &mut Rng, os: &str) {
    let keyword = if rng.chance(5) { "run" } else { "RUN" };
    match rng.below(12) {
        0 | 1 if os == "apt" => {
            let n = 1 + rng.below(5);
            let pkgs: Vec<&str> = (0..n).map(|_| rng.pick(APT)).collect();
            let flags = if rng.chance(60) { "-y --no-install-recommends " } else { "-y " };
            out.push_str(&format!(
                "{keyword} set -eux; \\\n    apt-get update; \\\n    apt-get install {flags}\\\n        {}; \\\n    rm -rf /var/lib/apt/lists/*\n",
                pkgs.join(" \\\n        ")
            ));
        }
        0 | 1 => {
            let n = 1 + rng.below(4);
            let pkgs: Vec<&str> = (0..n).map(|_| rng.pick(APK)).collect();
            out.push_str(&format!("{keyword} apk add --no-cache {}\n", pkgs.join(" ")));
        }
        2 => out.push_str(&format!("{keyword} pip install --no-cache-dir {}\n", rng.pick(PIP))),
        3 => out.push_str(&format!(
            "{keyword} curl -fsSL https://example.com/install-{}.sh | sh\n",
            rng.below(100)
        )),
        4 => out.push_str(&format!("{keyword} <<EOF\nset -e\necho building {}\nmkdir -p /opt/app\nEOF\n", rng.below(1000))),
        5 => out.push_str(&format!(
            "{keyword} groupadd -r app && useradd -r -g app -u {} app\n",
            1000 + rng.below(60000)
        )),
        6 => out.push_str(&format!("{keyword} apt-get update && apt-get upgrade -y\n")),
        7 => out.push_str(&format!("{keyword} chmod {} /opt/app\n", rng.pick(&["755", "777", "o+w", "u+x"]))),
        8 => out.push_str(&format!(
            "{keyword} --mount=type=cache,target=/root/.cache \\\n    make -j\"$(nproc)\" && make install\n"
        )),
        9 => out.push_str(&format!("{keyword} [\"/bin/sh\", \"-c\", \"echo exec form {}\"]\n", rng.below(10))),
        10 => out.push_str(&format!("{keyword} cd /tmp && wget -q http://example.com/tool-{}.tar.gz && tar xzf tool-*.tar.gz\n", rng.below(9))),
        _ => out.push_str(&format!("{keyword} echo \"step {}\" > /etc/step && sudo ls /root\n", rng.below(50))),
    }
}

/// One Dockerfile.
pub fn dockerfile(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    if rng.chance(20) {
        out.push_str("# syntax=docker/dockerfile:1\n");
    }
    if rng.chance(10) {
        out.push_str("# check=skip=JSONArgsRecommended\n");
    }
    out.push_str(&format!("# generated example {seed}\n"));
    if rng.chance(25) {
        out.push_str(&format!("ARG BASE_IMAGE={}\n", rng.pick(&BASES[..8])));
    }
    let stages = 1 + rng.below(3);
    for stage in 0..stages {
        let base = rng.pick(BASES);
        let os = if base.contains("alpine") {
            "apk"
        } else {
            "apt"
        };
        let last = stage + 1 == stages;
        if last {
            out.push_str(&format!("\nFROM {base}\n"));
        } else {
            out.push_str(&format!("\nFROM {base} AS build{stage}\n"));
        }
        if rng.chance(15) {
            out.push_str("MAINTAINER someone@example.com\n");
        }
        if rng.chance(40) {
            out.push_str(&format!(
                "LABEL org.opencontainers.image.source=\"https://example.com/repo\" \\\n      org.opencontainers.image.version=\"1.{}.0\"\n",
                rng.below(20)
            ));
        }
        if rng.chance(30) {
            let name = rng.pick(&[
                "APP_ENV",
                "DB_PASSWORD",
                "API_TOKEN",
                "PORT",
                "NODE_ENV",
                "GITHUB_TOKEN",
                "PASSWORD_FILE",
            ]);
            let value = rng.pick(&[
                "production",
                "s3cr3t-value",
                "8080",
                "/run/secrets/db",
                "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
            ]);
            if rng.chance(50) {
                out.push_str(&format!("ENV {name}={value}\n"));
            } else {
                out.push_str(&format!("ARG {name}\n"));
            }
        }
        out.push_str(&format!(
            "WORKDIR {}\n",
            rng.pick(&["/app", "/usr/src/app", "/srv", "app"])
        ));
        let runs = 1 + rng.below(6);
        for _ in 0..runs {
            push_run(&mut out, &mut rng, os);
            if rng.chance(30) {
                let kw = rng.pick(&["COPY", "ADD", "COPY --chown=app:app", "COPY --link"]);
                out.push_str(&format!(
                    "{kw} {} {}\n",
                    rng.pick(&[
                        ".",
                        "src/",
                        "package.json",
                        "app.tar.gz",
                        "https://example.com/file.txt"
                    ]),
                    rng.pick(&["/app/", ".", "/opt/"])
                ));
            }
            if rng.chance(8) {
                out.push_str("# a comment between instructions\n\n");
            }
        }
        if !last && rng.chance(50) {
            out.push_str(&format!("COPY --from=build{stage} /out /out\n"));
        }
        if last {
            if rng.chance(45) {
                out.push_str(&format!(
                    "USER {}\n",
                    rng.pick(&["app", "10001", "10001:10001", "root", "0", "nobody"])
                ));
            }
            if rng.chance(50) {
                out.push_str(&format!(
                    "EXPOSE {}\n",
                    rng.pick(&["8080", "80 443", "22", "5432/tcp", "3000", "2375"])
                ));
            }
            if rng.chance(30) {
                out.push_str(
                    "HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n",
                );
            }
            if rng.chance(5) {
                out.push_str("FOO bar\n");
            }
            if rng.chance(5) {
                out.push_str("COPY onlyone\n");
            }
            if rng.chance(50) {
                out.push_str("CMD [\"/app/run\", \"--port\", \"8080\"]\n");
            } else {
                out.push_str("CMD /app/run --port 8080\n");
            }
        }
    }
    if rng.chance(5) {
        out = out.replace('\n', "\r\n");
    }
    out
}

/// A large Dockerfile of about `lines` lines, made of many stages.
pub fn big_dockerfile(lines: usize) -> String {
    let mut out = String::new();
    let mut seed = 1;
    while out.lines().count() < lines {
        out.push_str(&dockerfile(seed));
        seed += 1;
    }
    out
}
