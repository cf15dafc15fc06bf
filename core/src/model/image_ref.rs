//! Image references (`registry:port/namespace/repo:tag@sha256:…`), parsed the
//! way `docker pull` reads them: the distribution/reference grammar plus
//! Docker's normalisation (`docker.io` as the default registry, `library/` for
//! official images, `index.docker.io` folded into `docker.io`).

use std::fmt;

use serde::Serialize;

/// The registry Docker uses when a reference names none.
pub const DEFAULT_REGISTRY: &str = "docker.io";
/// Longest accepted name (registry and repository), as in distribution/reference.
const NAME_TOTAL_LENGTH_MAX: usize = 255;
/// Longest accepted tag.
const TAG_LENGTH_MAX: usize = 128;

/// A normalised image reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ImageRef {
    /// `docker.io`, `ghcr.io`, `localhost:5000`, `[::1]:5000` …
    pub registry: String,
    /// The path inside the registry: `library/ubuntu`, `org/team/app`.
    pub repository: String,
    /// `None` when the reference has no `:tag` (Docker then pulls `latest`
    /// unless a digest is given).
    pub tag: Option<String>,
    /// `algorithm:hex`, for example `sha256:` followed by 64 hex digits.
    pub digest: Option<String>,
}

/// Why a reference is not valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum RefError {
    /// The reference is empty.
    Empty,
    /// A 64-hex-digit string, which Docker reads as an image ID, not a name.
    HexIdentifier,
    /// The repository path has upper-case letters.
    Uppercase(String),
    /// Registry plus repository are longer than 255 bytes.
    NameTooLong,
    /// The registry host or port is malformed.
    InvalidRegistry(String),
    /// A path component is malformed (empty, bad separator, bad character).
    InvalidRepository(String),
    /// The tag is malformed or longer than 128 characters.
    InvalidTag(String),
    /// The digest is malformed (for a known algorithm: wrong length or case).
    InvalidDigest(String),
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::Empty => f.write_str("repository name must have at least one component"),
            RefError::HexIdentifier => {
                f.write_str("cannot specify 64-byte hexadecimal strings as an image name")
            }
            RefError::Uppercase(name) => write!(f, "repository name ({name}) must be lowercase"),
            RefError::NameTooLong => write!(
                f,
                "repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
            ),
            RefError::InvalidRegistry(r) => write!(f, "invalid registry ({r})"),
            RefError::InvalidRepository(r) => write!(f, "invalid repository name ({r})"),
            RefError::InvalidTag(t) => write!(f, "invalid tag ({t})"),
            RefError::InvalidDigest(d) => write!(f, "invalid digest ({d})"),
        }
    }
}

impl std::error::Error for RefError {}

impl ImageRef {
    /// Parses and normalises a reference such as `ubuntu`, `nginx:1.27`,
    /// `ghcr.io/org/app@sha256:…` or `localhost:5000/app:dev`.
    pub fn parse(s: &str) -> Result<ImageRef, RefError> {
        if s.is_empty() {
            return Err(RefError::Empty);
        }
        if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(RefError::HexIdentifier);
        }

        // name[:tag][@digest]; the name has no '@', and a tag colon comes
        // after the last '/'.
        let (name_and_tag, digest) = match s.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (s, None),
        };
        let last_slash = name_and_tag.rfind('/');
        let (name, tag) = match name_and_tag.rfind(':') {
            Some(c) if last_slash.is_none_or(|sl| c > sl) => {
                (&name_and_tag[..c], Some(&name_and_tag[c + 1..]))
            }
            _ => (name_and_tag, None),
        };
        if name.is_empty() {
            return Err(RefError::Empty);
        }

        let (registry, remainder) = split_registry(name);
        if let Some(bad) = registry.filter(|r| !valid_registry(r)) {
            return Err(RefError::InvalidRegistry(bad.to_string()));
        }
        if remainder.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(RefError::Uppercase(remainder.to_string()));
        }
        if !valid_path(remainder) {
            return Err(RefError::InvalidRepository(remainder.to_string()));
        }
        if let Some(t) = tag {
            if !valid_tag(t) {
                return Err(RefError::InvalidTag(t.to_string()));
            }
        }
        if let Some(d) = digest {
            if !valid_digest(d) {
                return Err(RefError::InvalidDigest(d.to_string()));
            }
        }

        let registry = match registry {
            None | Some("index.docker.io") => DEFAULT_REGISTRY,
            Some(r) => r,
        };
        let repository = if registry == DEFAULT_REGISTRY && !remainder.contains('/') {
            format!("library/{remainder}")
        } else {
            remainder.to_string()
        };
        if registry.len() + 1 + repository.len() > NAME_TOTAL_LENGTH_MAX {
            return Err(RefError::NameTooLong);
        }
        Ok(ImageRef {
            registry: registry.to_string(),
            repository,
            tag: tag.map(str::to_string),
            digest: digest.map(str::to_string),
        })
    }

    /// The short name Docker shows: `ubuntu:22.04`, `org/app`,
    /// `ghcr.io/org/app@sha256:…` (no `docker.io/`, no `library/`).
    pub fn familiar(&self) -> String {
        let mut out = self.familiar_name();
        if let Some(t) = &self.tag {
            out.push(':');
            out.push_str(t);
        }
        if let Some(d) = &self.digest {
            out.push('@');
            out.push_str(d);
        }
        out
    }

    /// The familiar repository name without tag or digest (`ubuntu`, `ghcr.io/org/app`).
    pub fn familiar_name(&self) -> String {
        if self.registry == DEFAULT_REGISTRY {
            match self.repository.strip_prefix("library/") {
                Some(rest) if !rest.contains('/') => rest.to_string(),
                _ => self.repository.clone(),
            }
        } else {
            format!("{}/{}", self.registry, self.repository)
        }
    }

    /// True when the tag is absent or `latest`. This looks at the tag only: a
    /// digest may still pin the image (see [`ImageRef::has_digest`]).
    pub fn is_latest_or_untagged(&self) -> bool {
        self.tag.as_deref().is_none_or(|t| t == "latest")
    }

    /// True when the reference pins a content digest.
    pub fn has_digest(&self) -> bool {
        self.digest.is_some()
    }

    /// True for `scratch` (Docker's empty base image).
    pub fn is_scratch(&self) -> bool {
        self.registry == DEFAULT_REGISTRY && self.repository == "library/scratch"
    }

    /// The digest's algorithm (`sha256`), if there is a digest.
    pub fn digest_algorithm(&self) -> Option<&str> {
        self.digest
            .as_deref()
            .and_then(|d| d.split_once(':'))
            .map(|(a, _)| a)
    }
}

impl fmt::Display for ImageRef {
    /// The fully qualified form: `docker.io/library/ubuntu:22.04`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

/// Docker's rule: the first path component is a registry when it contains
/// `.` or `:`, is `localhost`, or has upper-case letters (repositories cannot).
fn split_registry(name: &str) -> (Option<&str>, &str) {
    match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.bytes().any(|b| b.is_ascii_uppercase()) =>
        {
            (Some(first), rest)
        }
        _ => (None, name),
    }
}

/// `host[:port]` where host is a DNS name (components of letters, digits and
/// inner hyphens, joined by dots) or a bracketed IPv6 address.
fn valid_registry(r: &str) -> bool {
    let (host, port) = if let Some(rest) = r.strip_prefix('[') {
        let Some((addr, after)) = rest.split_once(']') else {
            return false;
        };
        if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return false;
        }
        match after {
            "" => return true,
            _ => match after.strip_prefix(':') {
                Some(p) => ("", Some(p)),
                None => return false,
            },
        }
    } else {
        match r.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (r, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    if r.starts_with('[') {
        return true;
    }
    !host.is_empty()
        && host.split('.').all(|c| {
            let b = c.as_bytes();
            match (b.first(), b.last()) {
                (Some(f), Some(l)) => {
                    f.is_ascii_alphanumeric()
                        && l.is_ascii_alphanumeric()
                        && b.iter().all(|x| x.is_ascii_alphanumeric() || *x == b'-')
                }
                _ => false,
            }
        })
}

/// Path components `[a-z0-9]+` joined by one `.`, one `_`, `__`, or any
/// number of `-`; components separated by `/`.
fn valid_path(path: &str) -> bool {
    path.split('/').all(valid_component)
}

fn valid_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: &u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if !b.first().is_some_and(alnum) || !b.last().is_some_and(alnum) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if b.get(i).is_some_and(alnum) {
            i += 1;
            continue;
        }
        // A separator run between two alphanumerics.
        let start = i;
        while b.get(i).is_some_and(|x| !alnum(x)) {
            i += 1;
        }
        let sep = &b[start..i];
        let ok = matches!(sep, b"." | b"_" | b"__") || sep.iter().all(|x| *x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    let word = |x: &u8| x.is_ascii_alphanumeric() || *x == b'_';
    b.len() <= TAG_LENGTH_MAX
        && b.first().is_some_and(word)
        && b.iter().all(|x| word(x) || *x == b'.' || *x == b'-')
}

/// `algorithm:hex`. The algorithm is letter-led components joined by
/// `+ . _ -`; the hex part has at least 32 digits. The registered algorithms
/// must have their exact length in lower-case hex (sha256: 64, sha384: 96,
/// sha512: 128).
fn valid_digest(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    let alg_ok = !alg.is_empty()
        && alg.split(['+', '.', '_', '-']).all(|c| {
            let b = c.as_bytes();
            b.first().is_some_and(u8::is_ascii_alphabetic)
                && b.iter().all(u8::is_ascii_alphanumeric)
        });
    if !alg_ok {
        return false;
    }
    let exact = match alg {
        "sha256" => Some(64),
        "sha384" => Some(96),
        "sha512" => Some(128),
        _ => None,
    };
    match exact {
        Some(n) => hex.len() == n && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        None => hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn ok(s: &str) -> ImageRef {
        match ImageRef::parse(s) {
            Ok(r) => r,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn parts(s: &str) -> (String, String, Option<String>, Option<String>) {
        let r = ok(s);
        (r.registry, r.repository, r.tag, r.digest)
    }

    #[test]
    fn official_image_gets_default_registry_and_library() {
        let r = ok("ubuntu");
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "library/ubuntu");
        assert_eq!(r.tag, None);
        assert_eq!(r.digest, None);
        assert!(r.is_latest_or_untagged());
        assert_eq!(r.to_string(), "docker.io/library/ubuntu");
        assert_eq!(r.familiar(), "ubuntu");
    }

    #[test]
    fn tag_is_split_off() {
        let r = ok("nginx:1.27-alpine");
        assert_eq!(r.repository, "library/nginx");
        assert_eq!(r.tag.as_deref(), Some("1.27-alpine"));
        assert!(!r.is_latest_or_untagged());
        assert!(ok("nginx:latest").is_latest_or_untagged());
    }

    #[test]
    fn user_repository_on_docker_hub() {
        assert_eq!(
            parts("bitnami/redis:7.2"),
            (
                "docker.io".into(),
                "bitnami/redis".into(),
                Some("7.2".into()),
                None
            )
        );
        assert_eq!(ok("bitnami/redis").familiar(), "bitnami/redis");
    }

    #[test]
    fn explicit_docker_io_and_index_are_normalised() {
        assert_eq!(ok("docker.io/ubuntu").repository, "library/ubuntu");
        assert_eq!(ok("docker.io/library/ubuntu").familiar(), "ubuntu");
        let r = ok("index.docker.io/library/alpine:3");
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.familiar(), "alpine:3");
    }

    #[test]
    fn registry_detected_by_dot_colon_or_localhost() {
        assert_eq!(ok("ghcr.io/org/app").registry, "ghcr.io");
        assert_eq!(ok("ghcr.io/org/app").repository, "org/app");
        assert_eq!(ok("localhost/app").registry, "localhost");
        assert_eq!(ok("localhost/app").repository, "app");
        assert_eq!(ok("myhost:5000/app").registry, "myhost:5000");
        // Without a dot, colon or localhost it is a Docker Hub namespace.
        assert_eq!(ok("myhost/app").registry, "docker.io");
        assert_eq!(ok("myhost/app").repository, "myhost/app");
        // A registry is never prefixed with library/.
        assert_eq!(ok("quay.io/app").repository, "app");
    }

    #[test]
    fn registry_port_namespace_tag_and_digest() {
        let s = format!("registry.example.com:5000/team/sub/app:1.0@sha256:{HEX}");
        let r = ok(&s);
        assert_eq!(r.registry, "registry.example.com:5000");
        assert_eq!(r.repository, "team/sub/app");
        assert_eq!(r.tag.as_deref(), Some("1.0"));
        assert_eq!(r.digest, Some(format!("sha256:{HEX}")));
        assert!(r.has_digest());
        assert_eq!(r.digest_algorithm(), Some("sha256"));
        assert_eq!(r.to_string(), s);
        assert_eq!(r.familiar(), s);
    }

    #[test]
    fn digest_without_tag() {
        let r = ok(&format!("alpine@sha256:{HEX}"));
        assert_eq!(r.tag, None);
        assert!(r.has_digest());
        assert!(
            r.is_latest_or_untagged(),
            "the tag is absent even if pinned"
        );
        assert_eq!(r.familiar(), format!("alpine@sha256:{HEX}"));
    }

    #[test]
    fn ipv6_registry() {
        let r = ok("[::1]:5000/app:tag");
        assert_eq!(r.registry, "[::1]:5000");
        assert_eq!(r.repository, "app");
        assert_eq!(r.tag.as_deref(), Some("tag"));
        assert_eq!(ok("[fe80::1]/app").registry, "[fe80::1]");
    }

    #[test]
    fn other_digest_algorithms() {
        let sha512 = "a".repeat(128);
        assert!(ok(&format!("app@sha512:{sha512}")).has_digest());
        assert!(ok(&format!("app@sha384:{}", "0".repeat(96))).has_digest());
        // Unregistered algorithms follow the grammar: 32 or more hex digits.
        let r = ok(&format!("app@multihash+base58:{}", "ab".repeat(16)));
        assert_eq!(r.digest_algorithm(), Some("multihash+base58"));
    }

    #[test]
    fn separators_in_path_components() {
        for good in [
            "a.b",
            "a_b",
            "a__b",
            "a-b",
            "a---b",
            "a.b-c_d",
            "0",
            "my-org/my.app",
        ] {
            assert!(ImageRef::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "a..b", "a___b", "a-_b", "-a", "a-", ".a", "a/", "a//b", "_a", "a b", "a+b",
        ] {
            assert!(
                matches!(ImageRef::parse(bad), Err(RefError::InvalidRepository(_))),
                "{bad}: {:?}",
                ImageRef::parse(bad)
            );
        }
    }

    #[test]
    fn uppercase_repository_rejected() {
        assert_eq!(
            ImageRef::parse("Ubuntu"),
            Err(RefError::Uppercase("Ubuntu".into()))
        );
        assert!(matches!(
            ImageRef::parse("ghcr.io/Org/app"),
            Err(RefError::Uppercase(_))
        ));
        // An upper-case first component is read as a registry host, as Docker does.
        assert_eq!(ok("Registry/app").registry, "Registry");
        // Tags may have upper case.
        assert_eq!(ok("app:V1").tag.as_deref(), Some("V1"));
    }

    #[test]
    fn invalid_tags() {
        assert!(matches!(
            ImageRef::parse("app:"),
            Err(RefError::InvalidTag(_))
        ));
        assert!(matches!(
            ImageRef::parse("app:-x"),
            Err(RefError::InvalidTag(_))
        ));
        // `app:a/b` reads `app:a` as a registry with a bad port.
        assert!(matches!(
            ImageRef::parse("app:a/b"),
            Err(RefError::InvalidRegistry(_))
        ));
        assert!(matches!(
            ImageRef::parse("app:a b"),
            Err(RefError::InvalidTag(_))
        ));
        let long = format!("app:{}", "t".repeat(129));
        assert!(matches!(
            ImageRef::parse(&long),
            Err(RefError::InvalidTag(_))
        ));
        assert!(ImageRef::parse(&format!("app:{}", "t".repeat(128))).is_ok());
        assert!(ImageRef::parse("app:_x.y-z").is_ok());
    }

    #[test]
    fn invalid_digests() {
        for bad in [
            "app@sha256:abc".to_string(),
            format!("app@sha256:{}", HEX.to_uppercase()),
            format!("app@sha256:{HEX}0"),
            format!("app@{HEX}"),
            format!("app@sha256:{}", "g".repeat(64)),
            format!("app@:{HEX}"),
            format!("app@1sha:{HEX}"),
            format!("app@other:{}", "a".repeat(31)),
            "app@".to_string(),
        ] {
            assert!(
                matches!(ImageRef::parse(&bad), Err(RefError::InvalidDigest(_))),
                "{bad}: {:?}",
                ImageRef::parse(&bad)
            );
        }
    }

    #[test]
    fn invalid_registries_and_misc() {
        assert_eq!(ImageRef::parse(""), Err(RefError::Empty));
        assert_eq!(ImageRef::parse(":tag"), Err(RefError::Empty));
        assert_eq!(ImageRef::parse(HEX), Err(RefError::HexIdentifier));
        assert!(matches!(
            ImageRef::parse("host:port/app"),
            Err(RefError::InvalidRegistry(_))
        ));
        assert!(matches!(
            ImageRef::parse("-bad.io/app"),
            Err(RefError::InvalidRegistry(_))
        ));
        assert!(matches!(
            ImageRef::parse("a..io/app"),
            Err(RefError::InvalidRegistry(_))
        ));
        assert!(matches!(
            ImageRef::parse("[zz]:5000/app"),
            Err(RefError::InvalidRegistry(_))
        ));
        assert!(matches!(
            ImageRef::parse("[::1/app"),
            Err(RefError::InvalidRegistry(_)) | Err(RefError::InvalidRepository(_))
        ));
        assert!(ImageRef::parse("app@sha256:x@y").is_err());
        let long = format!("{}/app", "a".repeat(250));
        assert_eq!(ImageRef::parse(&long), Err(RefError::NameTooLong));
        // Bad input never panics, whatever the bytes.
        for s in [
            "é",
            "app:é",
            "ünï/cödé",
            "[",
            "]",
            "@",
            ":",
            "/",
            "a@b@c",
            "a:b:c",
        ] {
            let _ = ImageRef::parse(s);
        }
    }

    #[test]
    fn scratch() {
        assert!(ok("scratch").is_scratch());
        assert!(!ok("scratchy").is_scratch());
        assert!(!ok("ghcr.io/scratch").is_scratch());
    }

    #[test]
    fn familiar_keeps_nested_library_paths() {
        assert_eq!(ok("library/a/b").familiar(), "library/a/b");
        assert_eq!(ok("library/ubuntu:22.04").familiar(), "ubuntu:22.04");
    }

    #[test]
    fn error_messages_are_readable() {
        assert_eq!(
            RefError::Uppercase("Ubuntu".into()).to_string(),
            "repository name (Ubuntu) must be lowercase"
        );
        assert!(RefError::NameTooLong.to_string().contains("255"));
    }
}
