//! Path normalisation (paths are names, never followed) and the choice of
//! files whose content is kept.

/// A normalised path and what normalising it found.
pub(crate) struct NormPath {
    pub path: String,
    /// The raw path was absolute or had `..` components.
    pub escaped: bool,
    pub depth: usize,
}

/// Normalises a tar path to `/a/b`: leading `/` and `./` dropped, `.` and
/// empty components dropped, `..` pops a component but never climbs above
/// the root. Non-UTF-8 bytes are replaced.
pub(crate) fn normalise(raw: &[u8]) -> NormPath {
    let text = String::from_utf8_lossy(raw);
    let mut parts: Vec<&str> = Vec::new();
    let mut escaped = text.starts_with('/');
    for comp in text.split('/') {
        match comp {
            "" | "." => {}
            ".." => {
                escaped = true;
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let depth = parts.len();
    let mut path = String::with_capacity(text.len() + 1);
    if parts.is_empty() {
        path.push('/');
    }
    for p in parts {
        path.push('/');
        path.push_str(p);
    }
    NormPath {
        path,
        escaped,
        depth,
    }
}

pub(crate) fn normalise_str(raw: &str) -> String {
    normalise(raw.as_bytes()).path
}

/// The directory part of a normalised path (`/` for top-level names).
pub(crate) fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// Joins a normalised directory and a name.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        normalise_str(&format!("/{name}"))
    } else {
        normalise_str(&format!("{dir}/{name}"))
    }
}

/// Where a symlink at `link_path` with target `target` points (lexically).
pub(crate) fn resolve_link(link_path: &str, target: &str) -> String {
    if target.starts_with('/') {
        normalise_str(target)
    } else {
        join(parent(link_path), target)
    }
}

/// Prefix that every descendant of `dir` starts with.
pub(crate) fn child_prefix(dir: &str) -> String {
    if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    }
}

/// Whether the content of a small regular file at `path` is worth keeping:
/// account and release files, credentials, keys, dotfiles, env files and
/// configuration outside package-managed trees.
pub fn wants_content(path: &str) -> bool {
    const EXACT: &[&str] = &[
        "/etc/passwd",
        "/etc/shadow",
        "/etc/group",
        "/etc/gshadow",
        "/etc/master.passwd",
        "/etc/os-release",
        "/usr/lib/os-release",
        "/etc/lsb-release",
        "/etc/alpine-release",
        "/etc/debian_version",
        "/etc/redhat-release",
        "/etc/sudoers",
        "/etc/hosts",
        "/etc/resolv.conf",
        "/etc/ssh/sshd_config",
    ];
    const NAMES: &[&str] = &[
        "credentials",
        "credential",
        "credentials.json",
        "credential.json",
        "credentials.xml",
        "password.txt",
        "secret_token.rb",
        "database.yml",
        "settings.py",
        "authorized_keys",
        "known_hosts",
        "Dockerfile",
        "docker-compose.yml",
        "docker-compose.yaml",
        "config.json",
        "kubeconfig",
        "wp-config.php",
    ];
    const EXTENSIONS: &[&str] = &[
        "pem",
        "key",
        "crt",
        "cer",
        "der",
        "p12",
        "pfx",
        "jks",
        "keystore",
        "ovpn",
        "env",
        "secret",
        "private_key",
        "ppk",
        "gpg",
        "asc",
        "kdbx",
        "tfvars",
        "tfstate",
        "conf",
        "cfg",
        "cnf",
        "ini",
        "yaml",
        "yml",
        "toml",
        "json",
        "properties",
        "xml",
        "sh",
        "txt",
    ];
    const MANAGED: &[&str] = &[
        "/usr/share/",
        "/usr/lib/",
        "/usr/lib64/",
        "/usr/include/",
        "/usr/libexec/",
        "/lib/",
        "/lib64/",
        "/proc/",
        "/sys/",
        "/var/lib/dpkg/",
        "/var/lib/rpm/",
        "/var/cache/",
    ];
    const MANAGED_PARTS: &[&str] = &[
        "/node_modules/",
        "/site-packages/",
        "/dist-packages/",
        "/vendor/",
        "/.cache/",
        "/__pycache__/",
    ];

    if EXACT.contains(&path) || path.starts_with("/etc/sudoers.d/") {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let sensitive = NAMES.contains(&name)
        || name.starts_with("id_")
        || name.starts_with(".env")
        || matches!(
            name,
            ".npmrc" | ".pypirc" | ".netrc" | ".git-credentials" | ".htpasswd" | ".pgpass"
        )
        || path.ends_with("/.docker/config.json")
        || path.ends_with("/.aws/credentials")
        || path.ends_with("/.aws/config")
        || path.ends_with("/.kube/config")
        || path.contains("/.ssh/")
        || path.contains("/.gnupg/");
    if sensitive {
        return true;
    }
    let managed = MANAGED.iter().any(|m| path.starts_with(m))
        || MANAGED_PARTS.iter().any(|m| path.contains(m));
    if managed {
        return false;
    }
    if name.starts_with('.') && name.len() > 1 {
        return true;
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            let ext = ext.to_ascii_lowercase();
            EXTENSIONS.contains(&ext.as_str())
        }
        _ => false,
    }
}
