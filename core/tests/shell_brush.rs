//! Differential test: the splitter against brush-parser 0.4.0 (native only).
//!
//! On every input brush accepts, the sequence of simple-command names (raw
//! text of the command word), the operator before each command and the
//! position of each command word must agree.
//!
//! Deliberate differences, filtered out before comparing:
//! - `[[ … ]]` is a command named `[[` for the splitter and an extended test
//!   for brush: `[[` commands are dropped from the splitter's side.
//! - Commands inside `$(…)`, backticks and `sh -c` strings are emitted by the
//!   splitter only (brush keeps words unparsed): only top-level and process
//!   substitution commands are compared.
//! - brush positions count characters; the splitter's count bytes. They are
//!   converted before comparing, up to the first line continuation (see
//!   `brush_index`).
#![cfg(not(target_arch = "wasm32"))]

use brush_parser::ast;
use shipshape_core::shell::{split, Op, Origin};

type Row = (String, Option<Op>, Option<usize>);

fn brush(text: &str) -> Option<Vec<Row>> {
    let mut parser = brush_parser::Parser::new(
        std::io::BufReader::new(text.as_bytes()),
        &brush_parser::ParserOptions::default(),
    );
    let program = parser.parse_program().ok()?;
    let mut out = Vec::new();
    for (k, cc) in program.complete_commands.iter().enumerate() {
        list(cc, (k > 0).then_some(Op::Seq), true, &mut out);
    }
    Some(out)
}

fn list(l: &ast::CompoundList, first: Option<Op>, positions: bool, out: &mut Vec<Row>) {
    let mut prev = first;
    for (i, item) in l.0.iter().enumerate() {
        let op = if i == 0 { first } else { prev };
        and_or(&item.0, op, positions, out);
        prev = Some(match item.1 {
            ast::SeparatorOperator::Async => Op::Background,
            ast::SeparatorOperator::Sequence => Op::Seq,
        });
    }
}

fn and_or(a: &ast::AndOrList, op: Option<Op>, positions: bool, out: &mut Vec<Row>) {
    pipeline(&a.first, op, positions, out);
    for x in &a.additional {
        match x {
            ast::AndOr::And(p) => pipeline(p, Some(Op::And), positions, out),
            ast::AndOr::Or(p) => pipeline(p, Some(Op::Or), positions, out),
        }
    }
}

fn pipeline(p: &ast::Pipeline, op: Option<Op>, positions: bool, out: &mut Vec<Row>) {
    for (k, c) in p.seq.iter().enumerate() {
        command(c, if k == 0 { op } else { Some(Op::Pipe) }, positions, out);
    }
}

fn items(items: &[ast::CommandPrefixOrSuffixItem], out: &mut Vec<Row>) {
    for it in items {
        if let ast::CommandPrefixOrSuffixItem::ProcessSubstitution(_, sub) = it {
            list(&sub.list, None, false, out);
        }
    }
}

fn command(c: &ast::Command, op: Option<Op>, positions: bool, out: &mut Vec<Row>) {
    match c {
        ast::Command::Simple(s) => {
            if let Some(p) = &s.prefix {
                items(&p.0, out);
            }
            if let Some(w) = &s.word_or_name {
                let at = w.loc.as_ref().map(|l| l.start.index).filter(|_| positions);
                out.push((w.value.clone(), op, at));
            }
            if let Some(sfx) = &s.suffix {
                items(&sfx.0, out);
            }
        }
        ast::Command::Compound(cc, _) => compound(cc, positions, out),
        ast::Command::Function(f) => compound(&f.body.0, positions, out),
        ast::Command::ExtendedTest(..) => {}
    }
}

fn compound(cc: &ast::CompoundCommand, positions: bool, out: &mut Vec<Row>) {
    match cc {
        ast::CompoundCommand::Arithmetic(_) | ast::CompoundCommand::Coprocess(_) => {}
        ast::CompoundCommand::ArithmeticForClause(f) => list(&f.body.list, None, positions, out),
        ast::CompoundCommand::BraceGroup(b) => list(&b.list, None, positions, out),
        ast::CompoundCommand::Subshell(s) => list(&s.list, None, positions, out),
        ast::CompoundCommand::ForClause(f) => list(&f.body.list, None, positions, out),
        ast::CompoundCommand::CaseClause(c) => {
            for item in &c.cases {
                if let Some(cmd) = &item.cmd {
                    list(cmd, None, positions, out);
                }
            }
        }
        ast::CompoundCommand::IfClause(i) => {
            list(&i.condition, None, positions, out);
            list(&i.then, None, positions, out);
            for e in i.elses.iter().flatten() {
                if let Some(c) = &e.condition {
                    list(c, None, positions, out);
                }
                list(&e.body, None, positions, out);
            }
        }
        ast::CompoundCommand::WhileClause(w) | ast::CompoundCommand::UntilClause(w) => {
            list(&w.0, None, positions, out);
            list(&w.1.list, None, positions, out);
        }
    }
}

fn ours(text: &str) -> Vec<Row> {
    let s = split(text);
    s.commands
        .iter()
        .filter(|c| matches!(c.origin, Origin::TopLevel | Origin::ProcessSubstitution))
        .filter_map(|c| {
            let name = c.name.as_ref()?;
            if name.text == "[[" && !name.quoted {
                return None;
            }
            let at = if c.origin == Origin::TopLevel {
                brush_index(text, name.span.start)
            } else {
                None
            };
            Some((name.span.text(text).to_string(), c.joined_by, at))
        })
        .collect()
}

/// The position brush reports for byte offset `at` (characters), or `None`
/// after a line continuation: brush's positions past a `\` + newline are
/// inconsistent (observed: `set -eux; \\\n\tapt-get` puts `apt-get` at
/// char 11, not 13, while `echo a\\\n  b \\\n  && echo c` puts the second
/// `echo` at its true char index 19), so positions are compared only before
/// the first continuation. The splitter's own spans across continuations are
/// checked by slicing in the battery tests.
fn brush_index(text: &str, at: usize) -> Option<usize> {
    let prefix = text.get(..at)?;
    (!prefix.contains("\\\n")).then(|| prefix.chars().count())
}

/// Compares; positions are compared where brush has them for both sides.
fn agree(text: &str) -> Option<Result<(), String>> {
    let theirs = brush(text)?;
    let mine = ours(text);
    let strip = |v: &[Row]| v.iter().map(|r| (r.0.clone(), r.1)).collect::<Vec<_>>();
    if strip(&theirs) != strip(&mine) {
        return Some(Err(format!(
            "{text:?}\n brush: {theirs:?}\n  ours: {mine:?}"
        )));
    }
    for (t, m) in theirs.iter().zip(&mine) {
        if let (Some(a), Some(b)) = (t.2, m.2) {
            if a != b {
                return Some(Err(format!("{text:?}: {} at char {a} (brush) vs {b}", t.0)));
            }
        }
    }
    Some(Ok(()))
}

#[test]
fn corpus_agrees_with_brush() {
    let mut compared = 0;
    let mut failures = Vec::new();
    for text in RUN_LINES {
        match agree(text) {
            Some(Ok(())) => compared += 1,
            Some(Err(e)) => failures.push(e),
            None => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        compared >= 80,
        "only {compared} corpus lines were accepted by brush"
    );
}

/// xorshift64*: small, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

const SIMPLE: &[&str] = &[
    "apt-get update",
    "apt-get install -y --no-install-recommends ca-certificates curl=7.88.1-10",
    "curl -fsSL https://example.com/x.sh",
    "sh",
    "sudo bash -s -- --flag",
    "echo \"héllo ✓ $HOME\"",
    "rm -rf /var/lib/apt/lists/*",
    "FOO=bar make -j\"$(nproc)\"",
    "cd /usr/src/app",
    "./configure --prefix=/usr/local",
    "tar -xzf a.tgz -C /opt > /dev/null 2>&1",
    "grep -q x /etc/os-release",
    "export PATH=/opt/bin:$PATH",
    "ln -sf /usr/bin/python3 /usr/bin/python",
    "pip install --no-cache-dir -r requirements.txt",
    "wget -qO- https://x | tar -xz",
    "diff <(sort a) b",
    "[ -f /etc/x ]",
    "true",
    "echo 'a && b' \\; c",
    "printf '%s\\n' `uname -m`",
    "chmod +x /usr/local/bin/*.sh",
];

const WRAP: &[&str] = &[
    "X",
    "( X )",
    "{ X; }",
    "if X; then Y; fi",
    "if X; then Y; else Z; fi",
    "for i in a \"b c\"; do X; done",
    "while X; do Y; done",
    "until X; do Y; done",
    "case \"$a\" in x|y) X ;; *) Y ;; esac",
    "X > /tmp/log 2>&1",
    "! X",
];

const OPS: &[&str] = &[" && ", " || ", "; ", " | ", " & ", "\n", " && \\\n    "];

#[test]
fn generated_combinations_agree_with_brush() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let mut compared = 0;
    let mut failures = Vec::new();
    for _ in 0..400 {
        let n = 1 + rng.next() % 4;
        let mut text = String::new();
        for i in 0..n {
            if i > 0 {
                text.push_str(rng.pick(OPS));
            }
            let mut piece = rng.pick(WRAP).to_string();
            for slot in ["X", "Y", "Z"] {
                if piece.contains(slot) {
                    let inner = if rng.next() % 5 == 0 {
                        format!("{} | {}", rng.pick(SIMPLE), rng.pick(SIMPLE))
                    } else {
                        rng.pick(SIMPLE).to_string()
                    };
                    piece = piece.replacen(slot, &inner, 1);
                }
            }
            text.push_str(&piece);
        }
        match agree(&text) {
            Some(Ok(())) => compared += 1,
            Some(Err(e)) => failures.push(e),
            None => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        compared >= 300,
        "only {compared} generated inputs were accepted by brush"
    );
}

/// RUN command lines in the style of docker-library Dockerfiles.
const RUN_LINES: &[&str] = &[
    "apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*",
    "set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends gnupg dirmngr; \\\n\trm -rf /var/lib/apt/lists/*",
    "set -eux; \\\n\tsavedAptMark=\"$(apt-mark showmanual)\"; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends wget; \\\n\tapt-mark auto '.*' > /dev/null; \\\n\t[ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark; \\\n\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false",
    "groupadd -r postgres --gid=999 && useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres",
    "mkdir -p /var/lib/postgresql && chown -R postgres:postgres /var/lib/postgresql",
    "set -eux; \\\n\tdpkgArch=\"$(dpkg --print-architecture)\"; \\\n\tcase \"$dpkgArch\" in \\\n\t\tamd64) arch='x86_64' ;; \\\n\t\tarm64) arch='aarch64' ;; \\\n\t\t*) echo >&2 \"unsupported architecture: $dpkgArch\"; exit 1 ;; \\\n\tesac; \\\n\techo \"$arch\"",
    "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
    "curl -fsSL https://get.docker.com | sh",
    "wget -qO- https://example.com/install.sh | sudo bash -s -- --flag",
    "wget -O /usr/local/bin/gosu \"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch\"; chmod +x /usr/local/bin/gosu; gosu --version; gosu nobody true",
    "export GNUPGHOME=\"$(mktemp -d)\"; gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys \"$GPG_KEY\"; gpg --batch --verify python.tar.xz.asc python.tar.xz; gpgconf --kill all; rm -rf \"$GNUPGHOME\" python.tar.xz.asc",
    "mkdir -p /usr/src/python && tar --extract --directory /usr/src/python --strip-components=1 --file python.tar.xz && rm python.tar.xz",
    "cd /usr/src/python && gnuArch=\"$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)\" && ./configure --build=\"$gnuArch\" --enable-loadable-sqlite-extensions --enable-optimizations --with-lto && make -j \"$(nproc)\" && make install",
    "find /usr/local -depth \\( \\( -type d -a \\( -name test -o -name tests -o -name idle_test \\) \\) -o \\( -type f -a \\( -name '*.pyc' -o -name '*.pyo' \\) \\) \\) -exec rm -rf '{}' +",
    "ldconfig && python3 --version",
    "for src in idle3 pydoc3 python3 python3-config; do dst=\"$(echo \"$src\" | tr -d 3)\"; [ -s \"/usr/local/bin/$src\" ]; [ ! -e \"/usr/local/bin/$dst\" ]; ln -svT \"$src\" \"/usr/local/bin/$dst\"; done",
    "pip install --no-cache-dir --upgrade pip setuptools wheel",
    "pip3 install -r requirements.txt",
    "npm ci --omit=dev && npm cache clean --force",
    "yarn install --frozen-lockfile && yarn cache clean",
    "apk add --no-cache ca-certificates tzdata && update-ca-certificates",
    "apk add --no-cache --virtual .build-deps gcc musl-dev linux-headers && pip install psutil && apk del .build-deps",
    "addgroup -S app && adduser -S -G app app",
    "go build -o /out/app ./cmd/app",
    "CGO_ENABLED=0 GOOS=linux go build -ldflags=\"-s -w\" -o /app .",
    "cargo build --release && strip target/release/app",
    "rustup target add x86_64-unknown-linux-musl",
    "echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list",
    "echo \"$TZ\" > /etc/timezone && ln -snf /usr/share/zoneinfo/$TZ /etc/localtime",
    "sed -i 's/^#\\s*\\(deb.*universe\\)$/\\1/g' /etc/apt/sources.list",
    "useradd --create-home --shell /bin/bash app && echo 'app ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers",
    "chmod 755 /docker-entrypoint.sh && chown root:root /docker-entrypoint.sh",
    "cd /tmp && ./configure && make && make install",
    "sh -c \"$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)\"",
    "bash <(curl -s https://example.com/install.sh)",
    "source /etc/os-release && echo \"$VERSION_CODENAME\"",
    ". /etc/profile.d/rvm.sh && rvm install 3.2",
    "if [ \"$TARGETARCH\" = \"arm64\" ]; then apt-get install -y gcc-aarch64-linux-gnu; fi",
    "if [ -f package-lock.json ]; then npm ci; elif [ -f yarn.lock ]; then yarn --frozen-lockfile; else npm install; fi",
    "[ -d /var/cache/apt ] && rm -rf /var/cache/apt/* || true",
    "test -n \"$VERSION\" || { echo 'VERSION is required' >&2; exit 1; }",
    "{ echo 'listen_addresses = *'; echo 'port = 5432'; } >> /usr/share/postgresql/postgresql.conf.sample",
    "(cd /src && make) && rm -rf /src",
    "( set -x; apt-get update ) 2>&1 | tee /var/log/build.log",
    "while ! nc -z db 5432; do sleep 1; done",
    "until curl -fs http://localhost:8080/health; do echo waiting; sleep 2; done",
    "ls -la /app | grep -v node_modules | wc -l",
    "dpkg -l | awk '/^ii/ { print $2 }' | sort > /packages.txt",
    "git clone --depth 1 https://github.com/example/repo.git /src && cd /src && git checkout \"$COMMIT\"",
    "curl -fsSLo /tmp/x.tar.gz \"https://example.com/x-${VERSION}.tar.gz\" && echo \"$SHA256  /tmp/x.tar.gz\" | sha256sum -c - && tar -xzf /tmp/x.tar.gz -C /usr/local --strip-components=1",
    "echo \"${SHA256} *redis.tar.gz\" | sha256sum -c -",
    "mkdir -p \"$GEM_HOME\" && chmod 1777 \"$GEM_HOME\"",
    "gem install bundler -v 2.4.22 && bundle config set --local without 'development test'",
    "bundle install --jobs 4 --retry 3",
    "composer install --no-dev --optimize-autoloader --no-interaction",
    "docker-php-ext-install -j$(nproc) pdo_mysql opcache",
    "pecl install redis-5.3.7 && docker-php-ext-enable redis",
    "a2enmod rewrite headers && service apache2 restart",
    "nginx -t && rm /etc/nginx/conf.d/default.conf",
    "ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log",
    "sudo apt-get update && sudo apt-get upgrade -y",
    "apt-get update && apt-get dist-upgrade -y && apt-get autoremove -y && apt-get clean",
    "DEBIAN_FRONTEND=noninteractive apt-get install -yq tzdata",
    "env DEBIAN_FRONTEND=noninteractive apt-get install -y locales && locale-gen en_US.UTF-8",
    "localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8",
    "yum install -y epel-release && yum clean all && rm -rf /var/cache/yum",
    "dnf -y install python3 && dnf clean all",
    "microdnf install -y shadow-utils && microdnf clean all",
    "zypper --non-interactive install git && zypper clean -a",
    "echo 'export PATH=$HOME/.local/bin:$PATH' >> ~/.bashrc",
    "printf '#!/bin/sh\\nexec \"$@\"\\n' > /entrypoint.sh && chmod +x /entrypoint.sh",
    "find / -xdev -perm /6000 -type f -exec chmod a-s {} \\; || true",
    "python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -U pip",
    "poetry config virtualenvs.create false && poetry install --no-root --only main",
    "java -Djarmode=layertools -jar app.jar extract",
    "mvn -B -DskipTests package && cp target/*.jar /app.jar",
    "./gradlew --no-daemon build -x test",
    "dotnet restore && dotnet publish -c Release -o /out",
    "curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer",
    "kill -0 1 2>/dev/null & wait",
    "nohup ./server > /dev/null 2>&1 &",
    "exec 3>&1; ls >&3",
    "cat /etc/passwd | cut -d: -f1 | xargs -n1 echo",
    "set -o pipefail && curl -fsSL https://x | tar -xz -C /opt",
    "tar -czf - /data | ssh backup 'cat > /backup/data.tgz'",
    "update-alternatives --install /usr/bin/python python /usr/bin/python3 1",
    "rm -f /etc/ssh/ssh_host_* && ssh-keygen -A",
    "setcap cap_net_bind_service=+ep /usr/local/bin/app",
    "id app >/dev/null 2>&1 || useradd -r app",
    "cp -a /src/. /dst/ && chown -R 1000:1000 /dst",
    "export $(grep -v '^#' .env | xargs) && ./build.sh",
    "case \"$(uname -m)\" in x86_64) ARCH=amd64;; aarch64) ARCH=arm64;; esac && curl -fsSLo /usr/local/bin/tool \"https://x/tool-$ARCH\"",
    "f() { echo \"$1\"; }; f hello",
    "[[ -f /etc/debian_version ]] && apt-get update || yum makecache",
    "for ((i=0; i<3; i++)); do echo $i; done",
    "time make -j4",
    "! grep -q nope /etc/hosts",
    "echo a\\\n  b \\\n  && echo c",
];
