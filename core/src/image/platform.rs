//! Platforms (`os/architecture[/variant]`) and how one is picked from an index.

use std::fmt;

use serde::Serialize;

/// An image platform, as in an OCI index or an image config.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl Platform {
    pub fn new(os: &str, architecture: &str, variant: Option<&str>) -> Platform {
        Platform {
            os: os.to_string(),
            architecture: architecture.to_string(),
            variant: variant.filter(|v| !v.is_empty()).map(str::to_string),
        }
    }

    /// `linux/amd64`, the default Docker picks on most machines.
    pub fn linux_amd64() -> Platform {
        Platform::new("linux", "amd64", None)
    }

    /// Parses `os/arch[/variant]`, or `arch[/variant]` for Linux
    /// (`linux/arm64/v8`, `arm64`, `linux/arm/v7`). Returns `None` for an
    /// empty or malformed string.
    pub fn parse(s: &str) -> Option<Platform> {
        let parts: Vec<&str> = s.trim().split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let known_os = |p: &str| {
            matches!(
                p,
                "linux" | "windows" | "darwin" | "freebsd" | "netbsd" | "openbsd" | "solaris"
            )
        };
        match parts.as_slice() {
            [os, arch] if known_os(os) => Some(Platform::new(os, arch, None)),
            [os, arch, variant] if known_os(os) => Some(Platform::new(os, arch, Some(variant))),
            [arch] => Some(Platform::new("linux", arch, None)),
            [arch, variant] => Some(Platform::new("linux", arch, Some(variant))),
            _ => None,
        }
    }

    fn norm_arch(&self) -> &str {
        match self.architecture.as_str() {
            "x86_64" | "x86-64" => "amd64",
            "aarch64" => "arm64",
            "armhf" | "armel" => "arm",
            "i386" | "i686" => "386",
            other => other,
        }
    }

    /// The variant with Docker's defaults filled in (`arm64` → `v8`, `arm` → `v7`).
    fn norm_variant(&self) -> Option<String> {
        let v = self.variant.as_deref().map(str::to_ascii_lowercase);
        match (self.norm_arch(), v) {
            ("arm64", None) => Some("v8".to_string()),
            ("arm", None) => Some("v7".to_string()),
            (_, v) => v,
        }
    }

    /// How well `candidate` fits `self` as a request: `None` if it does not,
    /// higher is better.
    pub fn match_score(&self, candidate: &Platform) -> Option<u8> {
        if !self.os.eq_ignore_ascii_case(&candidate.os) || self.norm_arch() != candidate.norm_arch()
        {
            return None;
        }
        match (self.norm_variant(), candidate.norm_variant()) {
            (a, b) if a == b => Some(2),
            // No variant asked for (and none implied): any variant will do.
            (None, Some(_)) => Some(1),
            _ => None,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(v) = &self.variant {
            write!(f, "/{v}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Platform {
    type Err = String;
    fn from_str(s: &str) -> Result<Platform, String> {
        Platform::parse(s)
            .ok_or_else(|| format!("not a platform: {s:?} (expected os/arch[/variant])"))
    }
}

/// Picks among `candidates` per the rules of [`ReadOptions::platform`](super::ReadOptions::platform).
/// Returns the index of the pick.
pub(crate) fn pick(requested: Option<&Platform>, candidates: &[Platform]) -> Option<usize> {
    let best = |want: &Platform| {
        candidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| want.match_score(c).map(|s| (s, std::cmp::Reverse(i))))
            .max()
            .map(|(_, std::cmp::Reverse(i))| i)
    };
    match requested {
        Some(want) => best(want),
        None => {
            best(&Platform::linux_amd64()).or(if candidates.len() == 1 { Some(0) } else { None })
        }
    }
}
