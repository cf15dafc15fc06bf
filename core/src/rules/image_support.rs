//! Helpers the image rules share: locations, the base-image test, secret
//! names and values, credential files, account files.
//!
//! The secret matchers here are private to the image rules; the Dockerfile
//! secret rules being written on other branches have their own. They should
//! be merged into one matcher later (noted in the report).

use crate::image::{FileEntry, FsRef, Image};

/// No-op Dockerfile check of the image-only rules.
pub(crate) fn no_dockerfile_check(_: &crate::engine::Context<'_>, _: &mut crate::engine::Sink<'_>) {
}

/// `sha256:ab12cd34ef56` → `sha256:ab12cd34ef56` (12 hex digits) for locations.
fn short_digest(d: &str) -> String {
    match d.split_once(':') {
        Some((algo, hex)) => format!("{algo}:{}…", hex.get(..12).unwrap_or(hex)),
        None => d.get(..12).unwrap_or(d).to_string(),
    }
}

/// `layer 3 (sha256:ab12cd34ef56…)`.
pub(crate) fn layer_name(img: &Image, layer: usize) -> String {
    let id = img
        .layers
        .get(layer)
        .and_then(|l| l.diff_id.as_deref().or(l.digest.as_deref()))
        .or_else(|| img.diff_ids.get(layer).map(String::as_str));
    match id {
        Some(id) => format!("layer {layer} ({})", short_digest(id)),
        None => format!("layer {layer}"),
    }
}

/// `layer 3 (sha256:ab12…): /root/.ssh/id_rsa`.
pub(crate) fn file_location(img: &Image, layer: usize, path: &str) -> String {
    format!("{}: {path}", layer_name(img, layer))
}

/// Whether a layer was made by the base image (by the history guess).
pub(crate) fn layer_in_base(img: &Image, layer: usize) -> bool {
    let by_history = img
        .layers
        .get(layer)
        .and_then(|l| l.history)
        .and_then(|h| img.history.get(h))
        .map(|h| h.in_base_image);
    by_history.unwrap_or(layer < img.base.base_layers)
}

/// " (from the base image)" for files of base-image layers.
pub(crate) fn base_note(img: &Image, layer: usize) -> &'static str {
    if layer_in_base(img, layer) {
        " (from the base image)"
    } else {
        ""
    }
}

/// Regular files (and others) of the final file system, in path order.
pub(crate) fn final_files(img: &Image) -> impl Iterator<Item = (&str, FsRef, &FileEntry)> {
    img.filesystem
        .files
        .iter()
        .filter_map(|(p, r)| Some((p.as_str(), *r, img.entry(*r)?)))
}

/// Paths under dependency trees, where keys and repositories are test
/// fixtures of packages rather than the application's own.
pub(crate) fn in_dependency_tree(path: &str) -> bool {
    const PARTS: &[&str] = &[
        "/node_modules/",
        "/site-packages/",
        "/dist-packages/",
        "/vendor/",
        "/testdata/",
        "/fixtures/",
        "/go/pkg/mod/",
        "/.cargo/registry/",
    ];
    path.starts_with("/usr/share/")
        || path.starts_with("/usr/lib/")
        || PARTS.iter().any(|p| path.contains(p))
}

/// Whether an environment/config variable name reads like a secret.
pub(crate) fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let parts: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        return false;
    };
    // A name that points at the secret rather than holding it.
    if matches!(
        *last,
        "FILE"
            | "PATH"
            | "DIR"
            | "FILES"
            | "URL"
            | "HOST"
            | "PORT"
            | "USER"
            | "USERNAME"
            | "NAME"
            | "ID"
            | "LENGTH"
            | "MIN"
            | "MAX"
            | "TTL"
            | "TIMEOUT"
            | "ENABLED"
    ) {
        return false;
    }
    if matches!(upper.as_str(), "GPG_KEY" | "GPG_KEYS" | "PWD" | "OLDPWD") {
        return false;
    }
    parts.iter().enumerate().any(|(i, p)| {
        let prev = if i > 0 {
            parts.get(i - 1).copied()
        } else {
            None
        };
        match *p {
            "PASSWORD" | "PASSWD" | "PASS" | "SECRET" | "SECRETS" | "TOKEN" | "APIKEY"
            | "CREDENTIAL" | "CREDENTIALS" | "PRIVATEKEY" | "PASSPHRASE" => true,
            "KEY" => matches!(
                prev,
                Some(
                    "API"
                        | "ACCESS"
                        | "PRIVATE"
                        | "SECRET"
                        | "ENCRYPTION"
                        | "SIGNING"
                        | "MASTER"
                        | "AUTH"
                        | "LICENSE"
                        | "CLIENT"
                )
            ),
            p => p.ends_with("PASSWORD") || p.ends_with("TOKEN") || p.ends_with("SECRET"),
        }
    })
}

/// Whether a value is worth calling a hard-coded secret: not empty, not a
/// variable reference, not an obvious placeholder.
pub(crate) fn real_value(value: &str) -> bool {
    let v = value.trim();
    !(v.is_empty()
        || v.starts_with('$')
        || v.starts_with("<")
        || v.starts_with("/run/secrets/")
        || matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "none" | "null" | "xxx" | "****" | "redacted" | "-"
        ))
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Length of the run of `ok` bytes at the start of `s`.
fn run_len(s: &[u8], ok: impl Fn(u8) -> bool) -> usize {
    s.iter().take_while(|b| ok(**b)).count()
}

/// What kind of secret a text holds, by shape (tokens of known services,
/// private key blocks, URLs with a password). The first one found.
pub(crate) fn secret_value(text: &str) -> Option<&'static str> {
    if private_key_block(text) {
        return Some("a private key");
    }
    let b = text.as_bytes();
    for i in 0..b.len() {
        if i > 0 && b.get(i - 1).copied().is_some_and(is_token_char) {
            continue;
        }
        let Some(rest) = b.get(i..) else { break };
        if let Some(kind) = token_at(rest) {
            return Some(kind);
        }
    }
    url_password(text).then_some("a URL with a password")
}

fn token_at(s: &[u8]) -> Option<&'static str> {
    let alnum = |b: u8| b.is_ascii_alphanumeric();
    let upper_digit = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    let tail = |prefix: &[u8], ok: &dyn Fn(u8) -> bool, min: usize| {
        s.strip_prefix(prefix)
            .is_some_and(|r| run_len(r, ok) >= min)
    };
    if (s.starts_with(b"AKIA") || s.starts_with(b"ASIA"))
        && s.get(4..).is_some_and(|r| run_len(r, upper_digit) == 16)
    {
        return Some("an AWS access key ID");
    }
    for p in [&b"ghp_"[..], b"gho_", b"ghu_", b"ghs_", b"ghr_"] {
        if tail(p, &alnum, 36) {
            return Some("a GitHub token");
        }
    }
    if tail(b"github_pat_", &|b| alnum(b) || b == b'_', 22) {
        return Some("a GitHub token");
    }
    if tail(b"glpat-", &|b| alnum(b) || b == b'-' || b == b'_', 20) {
        return Some("a GitLab token");
    }
    for p in [&b"xoxb-"[..], b"xoxp-", b"xoxa-", b"xoxr-", b"xoxs-"] {
        if tail(p, &|b| alnum(b) || b == b'-', 10) {
            return Some("a Slack token");
        }
    }
    if tail(b"sk_live_", &alnum, 20) || tail(b"rk_live_", &alnum, 20) {
        return Some("a Stripe live key");
    }
    if tail(b"AIza", &|b| alnum(b) || b == b'_' || b == b'-', 35) {
        return Some("a Google API key");
    }
    if tail(b"npm_", &alnum, 36) {
        return Some("an npm token");
    }
    if tail(
        b"pypi-AgEIcHlwaS5vcmc",
        &|b| alnum(b) || b == b'_' || b == b'-',
        20,
    ) {
        return Some("a PyPI token");
    }
    None
}

/// `-----BEGIN … PRIVATE KEY-----` (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP
/// PRIVATE KEY BLOCK).
pub(crate) fn private_key_block(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("-----BEGIN ") {
        let after = rest.get(i + 11..).unwrap_or("");
        let head = after.split("-----").next().unwrap_or("");
        if head.len() < 40 && (head.ends_with("PRIVATE KEY") || head == "PGP PRIVATE KEY BLOCK") {
            return true;
        }
        rest = after;
    }
    false
}

/// `scheme://user:password@host` with a literal password.
fn url_password(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let after = rest.get(i + 3..).unwrap_or("");
        let authority = after
            .split(|c: char| c == '/' || c.is_whitespace() || c == '"' || c == '\'')
            .next()
            .unwrap_or("");
        if let Some((userinfo, host)) = authority.rsplit_once('@') {
            if let Some((user, pass)) = userinfo.split_once(':') {
                if !user.is_empty() && !host.is_empty() && real_value(pass) && !pass.contains('{') {
                    return true;
                }
            }
        }
        rest = after;
    }
    false
}

/// Why a file is a credential file, judged by its path and (when kept) its
/// content; `None` when it is not one. `by_name_only`: judge by the name
/// alone when the content is missing (deleted files, whose name is enough).
pub(crate) fn credential_kind(path: &str, e: &FileEntry, by_name_only: bool) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let text = e.content.as_ref().and_then(|c| c.text());
    let has_content = text.is_some();
    let unknown = !has_content && by_name_only;
    const KEY_NAMES: &[&str] = &[
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
        "id_ecdsa_sk",
        "id_ed25519_sk",
        "identity",
    ];
    if KEY_NAMES.contains(&name) {
        return Some("an SSH private key".into());
    }
    if path.starts_with("/etc/ssh/ssh_host_") && name.ends_with("_key") {
        return Some("an SSH host private key, the same in every container".into());
    }
    let ext = name.rsplit_once('.').map(|(_, x)| x.to_ascii_lowercase());
    match ext.as_deref() {
        Some("pem" | "key" | "private_key")
            if text.is_some_and(private_key_block)
                || (unknown && ext.as_deref() != Some("pem")) =>
        {
            return Some("a private key".into());
        }
        Some("p12" | "pfx" | "jks" | "keystore" | "ppk" | "kdbx") => {
            return Some("a key store".into());
        }
        _ => {}
    }
    if path.ends_with("/.aws/credentials") {
        if unknown || text.is_some_and(|t| t.contains("aws_secret_access_key")) {
            return Some("AWS credentials".into());
        }
        return None;
    }
    if path.ends_with("/.docker/config.json") {
        if unknown || text.is_some_and(docker_config_has_auth) {
            return Some("a Docker registry login".into());
        }
        return None;
    }
    if name == ".npmrc" {
        let hit = text.is_some_and(|t| {
            ini_values(t).any(|(k, v)| {
                let k = k.rsplit(':').next().unwrap_or(k);
                matches!(k, "_authToken" | "_auth" | "_password") && real_value(v)
            })
        });
        if hit || unknown {
            return Some("an npm registry token".into());
        }
        return None;
    }
    if name == ".pypirc" {
        let hit = text.is_some_and(|t| {
            ini_values(t).any(|(k, v)| matches!(k, "password" | "token") && real_value(v))
        });
        if hit || unknown {
            return Some("a PyPI password".into());
        }
        return None;
    }
    if matches!(
        name,
        ".git-credentials" | ".netrc" | ".pgpass" | ".htpasswd"
    ) {
        if unknown || text.is_some_and(|t| !t.trim().is_empty()) {
            return Some(match name {
                ".git-credentials" => "git credentials".into(),
                ".netrc" => "a .netrc login".into(),
                ".pgpass" => "a PostgreSQL password file".into(),
                _ => "an htpasswd file".into(),
            });
        }
        return None;
    }
    if name == ".env" || name.starts_with(".env.") {
        let sample = [".example", ".sample", ".template", ".dist", ".defaults"]
            .iter()
            .any(|s| name.ends_with(s));
        if sample {
            return None;
        }
        let keys: Vec<&str> = text
            .map(|t| {
                ini_values(t)
                    .filter(|(k, v)| secret_name(k) && real_value(v))
                    .map(|(k, _)| k)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(k) = keys.first() {
            return Some(format!("an env file with secrets (`{k}`)"));
        }
        if unknown {
            return Some("an env file".into());
        }
        return None;
    }
    if unknown && matches!(name, "credentials" | "credentials.json" | "kubeconfig") {
        return Some("a credentials file".into());
    }
    None
}

/// `key=value` / `key = value` lines (comments and sections skipped;
/// `export ` dropped; surrounding quotes removed).
pub(crate) fn ini_values(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|l| {
        let l = l.trim();
        if l.starts_with('#') || l.starts_with(';') || l.starts_with('[') {
            return None;
        }
        let l = l.strip_prefix("export ").unwrap_or(l);
        let (k, v) = l.split_once('=').or_else(|| l.split_once(':'))?;
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(v);
        Some((k.trim(), v))
    })
}

fn docker_config_has_auth(text: &str) -> bool {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    v.get("auths")
        .and_then(|a| a.as_object())
        .is_some_and(|auths| {
            auths.values().any(|e| {
                e.get("auth")
                    .and_then(|a| a.as_str())
                    .is_some_and(|a| !a.is_empty())
                    || e.get("identitytoken")
                        .and_then(|a| a.as_str())
                        .is_some_and(|a| !a.is_empty())
            })
        })
}

/// The text of a file of the final file system, with the layer it is in.
pub(crate) fn text_file<'a>(img: &'a Image, path: &str) -> Option<(&'a str, usize)> {
    let r = img.filesystem.files.get(path)?;
    let text = img.file_content(path)?.text()?;
    Some((text, r.layer))
}

pub(crate) use crate::image::report::human_bytes;

/// Shells that allow no login.
pub(crate) fn no_login_shell(shell: &str) -> bool {
    let name = shell.rsplit('/').next().unwrap_or(shell);
    matches!(
        name,
        "nologin" | "false" | "sync" | "halt" | "shutdown" | ""
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for n in [
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "API_KEY",
            "aws_secret_access_key",
            "GITHUB_TOKEN",
            "NPM_AUTH_TOKEN",
            "client-secret",
            "PASSWD",
        ] {
            assert!(secret_name(n), "{n}");
        }
        for n in [
            "PATH",
            "PWD",
            "GPG_KEY",
            "POSTGRES_PASSWORD_FILE",
            "KEY",
            "TOKEN_URL",
            "PASSWORD_MIN_LENGTH",
            "MONKEY",
            "HOME",
            "DB_USER",
        ] {
            assert!(!secret_name(n), "{n}");
        }
    }

    #[test]
    fn secret_values() {
        assert_eq!(
            secret_value("x AKIAIOSFODNN7EXAMPLE y"),
            Some("an AWS access key ID")
        );
        assert_eq!(
            secret_value(&format!("token=ghp_{}", "a".repeat(36))),
            Some("a GitHub token")
        );
        assert_eq!(
            secret_value("-----BEGIN RSA PRIVATE KEY-----\nMII"),
            Some("a private key")
        );
        assert_eq!(
            secret_value("postgres://app:s3cret@db:5432/x"),
            Some("a URL with a password")
        );
        // Near misses.
        assert_eq!(secret_value("AKIA123"), None);
        assert_eq!(secret_value(&format!("xghp_{}", "a".repeat(36))), None);
        assert_eq!(secret_value("postgres://app:${PASS}@db/x"), None);
        assert_eq!(secret_value("https://example.com/a:b@c"), None);
        assert_eq!(secret_value("-----BEGIN CERTIFICATE-----"), None);
        assert_eq!(secret_value("-----BEGIN PUBLIC KEY-----"), None);
    }
}
