//! SS302 secret-value (no Dockerfile-check equivalent; Trivy's and Checkov's
//! secret scanners do this outside their Dockerfile checks): a secret
//! written into the Dockerfile: private keys, cloud and registry tokens,
//! passwords inside URLs.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::syntax::Span;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS302",
        name: "secret-value",
        summary: "A secret value (private key, access token, password in a URL) is written in the Dockerfile",
        severity: Severity::Error,
        category: Category::Secrets,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoHardcodedCredentials],
        owasp: &[Owasp::D06],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "A secret written into a Dockerfile is in the repository's history for good and, \
once used by an instruction, in the image layers or history too: everyone who can read either \
can use it. Revoke the secret (treat it as leaked), then pass its replacement at build time with \
`RUN --mount=type=secret,id=…` or at run time from the orchestrator's secret store.\n\n\
**What is recognised.** Private key blocks (`-----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED ]PRIVATE \
KEY-----`, `-----BEGIN PGP PRIVATE KEY BLOCK-----`); AWS access key ids (`AKIA`/`ASIA` and 16 \
upper-case letters or digits); GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` and 36 \
characters, `github_pat_` and 82); GitLab personal access tokens (`glpat-` and 20 or more); Slack \
tokens (`xoxb-`, `xoxa-`, `xoxp-`, `xoxr-`, `xoxs-` followed by the numeric workspace part); npm \
tokens (`npm_` and 36); PyPI upload tokens (`pypi-AgEIcHlwaS5vcmc…`); Stripe live keys \
(`sk_live_`, `rk_live_`); Google API keys (`AIza` and 35); and passwords inside URLs \
(`https://user:pass@host`, `postgres://`, `mysql://`, `mongodb://`, `mongodb+srv://`, \
`redis://:pass@`, `amqp://` and similar).\n\n\
**Where.** The whole file is searched: instruction text, heredoc bodies (also those written to \
files, which end up in the image) and comments, since a comment is in the repository as much as \
an instruction is.\n\n\
**What is not reported.** A variable reference in place of the password (`user:${PASSWORD}@`, \
`user:$TOKEN@`) is not a hard-coded secret. Obvious placeholders are skipped: URL passwords \
`password`, `passwd`, `pass`, `pwd`, `secret`, `token`, `changeme`, anything containing \
`example`, `placeholder` or `your`, `<…>`/`{…}` templates and runs of one character (`****`, \
`xxxx`); tokens containing `EXAMPLE` (AWS's documented `AKIAIOSFODNN7EXAMPLE`) or made of one \
repeated character. A default password that is not a placeholder word \
(`postgres://postgres:postgres@db`) is still reported: a well-known password is still a \
password.\n\n\
The message names the kind of secret and shows at most its first four characters (fewer for \
short passwords), never the secret itself. None of the five peer linters checks secret values \
in its Dockerfile rules; Trivy's secret scanner and Checkov's `CKV_SECRET_*` checks do, as \
separate scanners over all files.",
        bad: "FROM alpine:3.20\nRUN git clone https://deploy:s3cr3tPassw0rd@git.example.com/app.git /src\n",
        good: "FROM alpine:3.20\nRUN --mount=type=secret,id=git_auth,env=GIT_AUTH \\\n    git clone \"https://deploy:${GIT_AUTH}@git.example.com/app.git\" /src\n",
    },
    check,
};

/// What [`scan`] found: the kind of secret (an index into [`KINDS`], or a
/// private key or URL password) and where.
#[derive(Debug, PartialEq)]
enum Hit {
    PrivateKey(Span),
    Token(usize, Span),
    /// The scheme and the password.
    Url(Span, Span),
}

/// The kinds of tokens, in the order they are tried at a position.
const KINDS: &[&str] = &[
    "AWS access key id",
    "GitHub token",
    "GitHub token",
    "GitLab token",
    "Slack token",
    "npm token",
    "PyPI token",
    "Stripe live key",
    "Google API key",
];

const KEY_HEADERS: &[&str] = &[
    "-----BEGIN RSA PRIVATE KEY-----",
    "-----BEGIN EC PRIVATE KEY-----",
    "-----BEGIN DSA PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "-----BEGIN ENCRYPTED PRIVATE KEY-----",
    "-----BEGIN PRIVATE KEY-----",
    "-----BEGIN PGP PRIVATE KEY BLOCK-----",
];

/// URL schemes whose `user:password@` part is checked; a longer name before
/// its prefix (`https` before `http`).
const SCHEMES: &[&str] = &[
    "https",
    "http",
    "ftps",
    "ftp",
    "postgresql",
    "postgres",
    "mysql",
    "mariadb",
    "mongodb+srv",
    "mongodb",
    "rediss",
    "redis",
    "amqps",
    "amqp",
    "mssql",
    "sqlserver",
    "ldaps",
    "ldap",
];

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn alnum_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The length of the run of `class` bytes at the start of `s`.
fn run_len(s: &[u8], class: impl Fn(u8) -> bool) -> usize {
    s.iter().take_while(|b| class(**b)).count()
}

/// Whether `s` starts with `prefix`, then exactly `n` `class` bytes, then a
/// non-word byte or the end; its length if so.
fn exact_then_boundary(s: &[u8], prefix: &[u8], n: usize, class: fn(u8) -> bool) -> Option<usize> {
    let rest = s.strip_prefix(prefix)?;
    let tail = rest.get(..n)?;
    if !tail.iter().all(|b| class(*b)) || rest.get(n).is_some_and(|b| is_word(*b)) {
        return None;
    }
    Some(prefix.len() + n)
}

/// `prefix`, then at least `min` `class` bytes (as many as there are).
fn at_least(s: &[u8], prefix: &[u8], min: usize, class: fn(u8) -> bool) -> Option<usize> {
    let n = run_len(s.strip_prefix(prefix)?, class);
    (n >= min).then_some(prefix.len() + n)
}

/// The token kind (index into [`KINDS`]) that starts at the start of `s`,
/// which is at a word boundary, and its length.
fn token_at(s: &[u8]) -> Option<(usize, usize)> {
    let one_of = |i: usize, set: &[u8]| s.get(i).is_some_and(|b| set.contains(b));
    let mut tries: [Option<usize>; 9] = [None; 9];
    if s.starts_with(b"AKIA") || s.starts_with(b"ASIA") {
        let upper = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
        tries[0] = exact_then_boundary(s, s.get(..4)?, 16, upper);
    }
    if s.starts_with(b"gh") && one_of(2, b"pousr") && s.get(3) == Some(&b'_') {
        tries[1] = exact_then_boundary(s, s.get(..4)?, 36, alnum);
    }
    tries[2] = exact_then_boundary(s, b"github_pat_", 82, |b| alnum(b) || b == b'_');
    tries[3] = at_least(s, b"glpat-", 20, alnum_dash);
    if s.starts_with(b"xox") && one_of(3, b"abprs") && s.get(4) == Some(&b'-') {
        let rest = s.get(5..)?;
        let digits = run_len(rest, |b| b.is_ascii_digit());
        if digits > 0 && rest.get(digits) == Some(&b'-') {
            let n = run_len(rest.get(digits + 1..)?, |b| alnum(b) || b == b'-');
            if n >= 8 {
                tries[4] = Some(5 + digits + 1 + n);
            }
        }
    }
    tries[5] = exact_then_boundary(s, b"npm_", 36, alnum);
    tries[6] = at_least(s, b"pypi-AgEIcHlwaS5vcmc", 50, alnum_dash);
    if one_of(0, b"rs") {
        tries[7] = s
            .get(1..)
            .and_then(|r| at_least(r, b"k_live_", 24, alnum))
            .map(|n| n + 1);
    }
    if let Some(tail) = s.strip_prefix(b"AIza").and_then(|r| r.get(..35)) {
        if tail.iter().all(|b| alnum_dash(*b)) {
            tries[8] = Some(4 + 35);
        }
    }
    tries
        .iter()
        .enumerate()
        .find_map(|(kind, len)| len.map(|n| (kind, n)))
}

/// A URL with a password at the start of `s` (at a word boundary): the
/// scheme's length, and the password's start and end.
fn url_at(s: &[u8]) -> Option<(usize, usize, usize)> {
    let scheme = SCHEMES.iter().find(|sc| {
        s.strip_prefix(sc.as_bytes())
            .is_some_and(|r| r.starts_with(b"://"))
    })?;
    let user_start = scheme.len() + 3;
    let stop = |b: u8, extra: &[u8]| b.is_ascii_whitespace() || b == 0x0b || extra.contains(&b);
    let user = run_len(s.get(user_start..)?, |b| !stop(b, b":/@'`"));
    let colon = user_start + user;
    if s.get(colon) != Some(&b':') {
        return None;
    }
    let pass = run_len(s.get(colon + 1..)?, |b| !stop(b, b"/@'`"));
    let end = colon + 1 + pass;
    (pass > 0 && s.get(end) == Some(&b'@')).then_some((scheme.len(), colon + 1, end))
}

/// Every secret in `src`, left to right, non-overlapping; at one position
/// a private key header first, then the tokens in [`KINDS`] order, then a
/// URL.
fn scan(src: &str) -> Vec<Hit> {
    let bytes = src.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    while let Some(s) = bytes.get(i..) {
        if s.is_empty() {
            break;
        }
        if s.first() == Some(&b'-') {
            if let Some(h) = KEY_HEADERS.iter().find(|h| s.starts_with(h.as_bytes())) {
                hits.push(Hit::PrivateKey(Span::new(i, i + h.len())));
                i += h.len();
                continue;
            }
        }
        let boundary = i == 0 || bytes.get(i - 1).is_some_and(|b| !is_word(*b));
        if boundary && s.first().is_some_and(|b| is_word(*b)) {
            if let Some((kind, n)) = token_at(s) {
                hits.push(Hit::Token(kind, Span::new(i, i + n)));
                i += n;
                continue;
            }
            if let Some((scheme, p0, p1)) = url_at(s) {
                hits.push(Hit::Url(
                    Span::new(i, i + scheme),
                    Span::new(i + p0, i + p1),
                ));
                i += p1 + 1;
                continue;
            }
        }
        i += 1;
    }
    hits
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for hit in scan(cx.src) {
        if let Some((span, message)) = finding(cx.src, &hit) {
            out.report(span, message);
        }
    }
}

fn finding(src: &str, hit: &Hit) -> Option<(Span, String)> {
    match hit {
        Hit::Url(scheme, pass) => {
            let text = pass.text(src);
            if is_placeholder_password(text) {
                return None;
            }
            Some((
                *pass,
                format!(
                    "Hard-coded password in a `{}://` URL (`{}`); pass it as a build secret instead",
                    scheme.text(src),
                    preview(text)
                ),
            ))
        }
        Hit::PrivateKey(span) => Some((
            *span,
            format!(
                "Hard-coded private key (`{}`); pass it as a build secret instead",
                span.text(src)
            ),
        )),
        Hit::Token(kind, span) => {
            let text = span.text(src);
            if is_placeholder_token(text) {
                return None;
            }
            let kind = KINDS.get(*kind)?;
            Some((
                *span,
                format!(
                    "Hard-coded {kind} (`{}`); revoke it and pass it as a build secret instead",
                    preview(text)
                ),
            ))
        }
    }
}

/// At most the first four characters, and never more than half of the secret.
fn preview(secret: &str) -> String {
    let n = (secret.chars().count() / 2).min(4);
    let head: String = secret.chars().take(n).collect();
    format!("{head}…")
}

fn is_placeholder_password(p: &str) -> bool {
    let lower = p.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "password", "passwd", "pass", "pwd", "secret", "token", "changeme",
    ];
    p.contains('$')
        || WORDS.contains(&lower.as_str())
        || ["example", "placeholder", "your"]
            .iter()
            .any(|w| lower.contains(w))
        || (p.starts_with('<') && p.ends_with('>'))
        || (p.starts_with('{') && p.ends_with('}'))
        || p.starts_with('%')
        || one_repeated_char(p)
}

fn is_placeholder_token(t: &str) -> bool {
    let upper = t.to_ascii_uppercase();
    // The part after the prefix: past the last `_` or `-` of the first few bytes.
    let body = t
        .char_indices()
        .take(12)
        .filter(|(_, c)| *c == '_' || *c == '-')
        .last()
        .and_then(|(i, _)| t.get(i + 1..))
        .unwrap_or(t);
    upper.contains("EXAMPLE") || upper.contains("XXXXXXXX") || one_repeated_char(body)
}

fn one_repeated_char(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{scan, Hit};
    use crate::rules::testing::{lines, run, texts};
    use crate::syntax::Span;

    const CODE: &str = "SS302";

    /// The regular expression the scanner replaced (it kept `regex` out of
    /// the wasm bundle); the scanner must find exactly what it finds.
    const PATTERN: &str = concat!(
        r"(?-u)",
        r"(?P<pk>-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----|-----BEGIN PGP PRIVATE KEY BLOCK-----)",
        r"|(?P<k0>\b(?:AKIA|ASIA)[A-Z0-9]{16}\b)",
        r"|(?P<k1>\bgh[pousr]_[A-Za-z0-9]{36}\b)",
        r"|(?P<k2>\bgithub_pat_[A-Za-z0-9_]{82}\b)",
        r"|(?P<k3>\bglpat-[A-Za-z0-9_\-]{20,})",
        r"|(?P<k4>\bxox[abprs]-[0-9]+-[0-9A-Za-z\-]{8,})",
        r"|(?P<k5>\bnpm_[A-Za-z0-9]{36}\b)",
        r"|(?P<k6>\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})",
        r"|(?P<k7>\b[rs]k_live_[0-9A-Za-z]{24,})",
        r"|(?P<k8>\bAIza[0-9A-Za-z_\-]{35})",
        r"|(?P<url>\b(?P<scheme>https?|ftps?|postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|ldaps?)://",
        r"[^\s:/@'`]*:(?P<pass>[^\s/@'`]+)@)",
    );

    fn oracle(re: &regex::bytes::Regex, src: &str) -> Vec<Hit> {
        let span = |m: regex::bytes::Match<'_>| Span::new(m.start(), m.end());
        re.captures_iter(src.as_bytes())
            .map(|c| {
                if let (Some(sc), Some(p)) = (c.name("scheme"), c.name("pass")) {
                    return Hit::Url(span(sc), span(p));
                }
                if let Some(m) = c.name("pk") {
                    return Hit::PrivateKey(span(m));
                }
                (0..9)
                    .find_map(|k| c.name(&format!("k{k}")).map(|m| Hit::Token(k, span(m))))
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn the_scanner_finds_what_the_regular_expression_found() {
        let re = regex::bytes::Regex::new(PATTERN).unwrap();
        let parts = [
            "-----BEGIN ",
            "RSA ",
            "PGP ",
            "PRIVATE KEY-----",
            "PRIVATE KEY BLOCK-----",
            "AKIA",
            "ASIA",
            "Z3MHTRP4",
            "QW7XK2N5",
            "ghp_",
            "gho_",
            "github_pat_",
            "glpat-",
            "xoxb-",
            "123",
            "-",
            "_",
            "npm_",
            "pypi-AgEIcHlwaS5vcmc",
            "sk_live_",
            "rk_live_",
            "AIza",
            "a1B2c3D4e5F6",
            "aB3_",
            "https",
            "http",
            "postgres",
            "postgresql",
            "mongodb+srv",
            "redis",
            "://",
            ":",
            "@",
            "/",
            " ",
            "\n",
            "\u{b}",
            "'",
            "`",
            "x",
            "é",
            "✓",
            "$",
            "EXAMPLE",
            "$TOKEN",
            "0",
            "Q",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..20_000 {
            let mut src = String::new();
            for _ in 0..next(24) {
                let p = parts[next(parts.len())];
                for _ in 0..1 + next(3) * next(5) {
                    src.push_str(p);
                }
            }
            assert_eq!(scan(&src), oracle(&re, &src), "{src:?}");
        }
        for (src, n) in [
            ("ENV X=AKIAZ3MHTRP4QW7XK2N5 https://u:p@h ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", 3),
            ("redis://:n0tAPlaceh0lder@cache xoxb-1234567890-0987654321-aBcDeFgHiJkLmNoPqRsTuVwX", 2),
        ] {
            assert_eq!(scan(src), oracle(&re, src), "{src:?}");
            assert_eq!(scan(src).len(), n, "{src:?}");
        }
    }

    #[test]
    fn private_key_headers_in_heredocs() {
        let src = "FROM alpine:3.20\nRUN <<EOF\nmkdir -p /root/.ssh\ncat > /root/.ssh/id_rsa <<KEY\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nKEY\nEOF\n";
        assert_eq!(lines(CODE, src), [5]);
        assert_eq!(texts(CODE, src), ["-----BEGIN OPENSSH PRIVATE KEY-----"]);
        for header in [
            "-----BEGIN PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----BEGIN EC PRIVATE KEY-----",
            "-----BEGIN DSA PRIVATE KEY-----",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----",
        ] {
            let src = format!("FROM alpine:3.20\nCOPY <<EOF /k\n{header}\nEOF\n");
            assert_eq!(texts(CODE, &src), [header]);
        }
    }

    #[test]
    fn public_keys_and_certificates_are_clean() {
        let src = "FROM alpine:3.20\nCOPY <<EOF /k\n-----BEGIN PUBLIC KEY-----\n-----BEGIN CERTIFICATE-----\n-----BEGIN PGP PUBLIC KEY BLOCK-----\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG user@host\nEOF\n";
        assert!(lines(CODE, src).is_empty());
    }

    #[test]
    fn tokens_of_each_kind() {
        let alnum36 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        let cases = [
            ("AKIAZ3MHTRP4QW7XK2N5".to_string(), "AWS access key id"),
            ("ASIAZ3MHTRP4QW7XK2N5".to_string(), "AWS access key id"),
            (format!("ghp_{alnum36}"), "GitHub token"),
            (format!("ghs_{alnum36}"), "GitHub token"),
            (
                format!("github_pat_11ABCDEFG0{}", "aB3_".repeat(18)),
                "GitHub token",
            ),
            ("glpat-aB3dE6gH9jK2mN5pQ8sT".to_string(), "GitLab token"),
            (
                "xoxb-1234567890-0987654321-aBcDeFgHiJkLmNoPqRsTuVwX".to_string(),
                "Slack token",
            ),
            (format!("npm_{alnum36}"), "npm token"),
            (
                format!("pypi-AgEIcHlwaS5vcmc{}", "Q2xpZW50X2lk".repeat(5)),
                "PyPI token",
            ),
            (
                "sk_live_51Habc123DEF456ghi789JKL0".to_string(),
                "Stripe live key",
            ),
            (
                "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q".to_string(),
                "Google API key",
            ),
        ];
        for (secret, kind) in cases {
            let src = format!("FROM alpine:3.20\nENV X={secret}\n");
            let found = run(CODE, &src);
            assert_eq!(found.len(), 1, "{secret}: {found:#?}");
            let d = &found[0];
            assert_eq!(d.span.text(&src), secret, "{kind}");
            assert!(d.message.contains(kind), "{}", d.message);
            assert!(
                d.message.contains(&format!("`{}…`", &secret[..4])),
                "{}",
                d.message
            );
            assert!(!d.message.contains(&secret[..10]), "echoes the secret");
        }
    }

    #[test]
    fn near_miss_tokens_are_clean() {
        let src = "FROM alpine:3.20\n\
ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n\
ENV A=AKIAZ3MHTRP4QW7XK2N5X\n\
ENV GH=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\
ENV GH2=ghp_tooShort123\n\
ENV S=xoxb-your-token-here\n\
ENV K=sk_test_51Habc123DEF456ghi789JKL0\n\
RUN echo BAKIAZ3MHTRP4QW7XK2N5 > /dev/null\n";
        assert!(lines(CODE, src).is_empty(), "{:?}", texts(CODE, src));
    }

    #[test]
    fn passwords_in_urls() {
        let src = "FROM alpine:3.20\n\
ENV DATABASE_URL=postgres://app:Tr0ub4dor3@db:5432/app\n\
RUN git clone https://deploy:gh5ecr3t@github.com/org/repo.git \\\n\
    && redis-cli -u redis://:n0tAPlaceh0lder@cache:6379 ping\n\
ENV MONGO=mongodb+srv://root:R00tPw@cluster0.example.net/db AMQP=amqp://guest:Gu3stPw@mq\n";
        assert_eq!(
            texts(CODE, src),
            [
                "Tr0ub4dor3",
                "gh5ecr3t",
                "n0tAPlaceh0lder",
                "R00tPw",
                "Gu3stPw"
            ]
        );
        assert_eq!(lines(CODE, src), [2, 3, 4, 5, 5]);
        let d = &run(CODE, src)[0];
        assert!(d.message.contains("`postgres://`"), "{}", d.message);
        assert!(d.message.contains("`Tr0u…`"), "{}", d.message);
        // A short password shows at most half of itself.
        let d = &run(CODE, "FROM a\nENV U=mysql://u:abcdef@h/db\n")[0];
        assert!(d.message.contains("`abc…`"), "{}", d.message);
    }

    #[test]
    fn variables_and_placeholders_in_urls_are_clean() {
        let src = "FROM alpine:3.20\n\
ARG GIT_TOKEN\n\
RUN git clone https://oauth2:${GIT_TOKEN}@gitlab.com/org/repo.git\n\
RUN git clone https://x:$TOKEN@github.com/org/repo.git\n\
ENV A=postgres://user:password@localhost/db B=mysql://root:<password>@db/x\n\
ENV C=https://user:****@host D=redis://:changeme@cache E=amqp://u:your_password@mq\n\
ENV F=http://localhost:8080/path G=https://example.com/a@b H=ssh://git@github.com:22/x\n";
        assert!(lines(CODE, src).is_empty(), "{:?}", texts(CODE, src));
    }

    #[test]
    fn default_passwords_are_still_passwords() {
        assert_eq!(
            texts(
                CODE,
                "FROM a\nENV DATABASE_URL=postgresql://postgres:postgres@db/app\n"
            ),
            ["postgres"]
        );
    }

    #[test]
    fn comments_are_searched() {
        let src = "FROM alpine:3.20\n# token for CI: ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\nRUN true\n";
        assert_eq!(lines(CODE, src), [2]);
    }

    #[test]
    fn exec_form_and_sh_c_strings() {
        let src = "FROM alpine:3.20\nRUN [\"sh\", \"-c\", \"curl -u admin:x https://admin:Pa55w0rd99@nexus/repo\"]\n";
        assert_eq!(texts(CODE, src), ["Pa55w0rd99"]);
    }

    #[test]
    fn non_ascii_text_around_a_secret() {
        let src = "FROM alpine:3.20\n# clé: ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 ✓\n";
        assert_eq!(lines(CODE, src), [2]);
    }
}
