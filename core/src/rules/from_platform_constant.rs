//! SS823 from-platform-constant (BuildKit FromPlatformFlagConstDisallowed,
//! hadolint DL3029): `FROM --platform=` with a fixed platform.

use super::structure_support::refs;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS823",
        name: "from-platform-constant",
        summary: "FROM --platform names a fixed platform",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Buildkit, "FromPlatformFlagConstDisallowed"),
            Equivalent::similar(Tool::Hadolint, "DL3029"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "`FROM --platform=linux/amd64` builds the stage for that platform whatever \
`docker build --platform` asks for: a multi-platform build silently produces amd64 binaries \
in the arm64 image, which then fail with \"exec format error\". Let the build choose: drop \
the flag, or use `$BUILDPLATFORM` for a stage that runs build tools natively and \
cross-compiles for `$TARGETPLATFORM`.\n\n\
A stage whose name contains the platform's OS or architecture (`FROM --platform=linux/arm64 \
alpine AS tools-arm64`) is deliberately platform-specific and is not reported, as in BuildKit. \
A value with any variable is not a constant.\n\n\
hadolint DL3029 reports every value that does not mention `BUILDPLATFORM` or \
`TARGETPLATFORM`, also `$TARGETOS/$TARGETARCH` and values from other build args, and has \
no exception for platform-named stages.",
        bad: "FROM --platform=linux/amd64 alpine:3.20\nRUN uname -m\n",
        good: "FROM --platform=$BUILDPLATFORM alpine:3.20\nRUN uname -m\n",
    },
    check,
};

const ARCHS: [&str; 12] = [
    "amd64", "arm64", "arm", "386", "ppc64le", "ppc64", "s390x", "riscv64", "mips64le", "mips64",
    "loong64", "wasm",
];

/// An architecture alias in BuildKit's normal spelling.
fn norm(a: &str) -> String {
    match a {
        "x86_64" | "x86-64" => "amd64".into(),
        "aarch64" => "arm64".into(),
        "armhf" | "armel" => "arm".into(),
        "i386" | "i686" => "386".into(),
        a => a.into(),
    }
}

/// Whether a platform component is made of the characters one can have.
fn ok(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

/// OS and architecture of a platform string, architecture aliases
/// normalised as BuildKit's platform parser does.
fn os_arch(value: &str) -> Option<(String, String)> {
    let lower = value.trim().to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    match parts.as_slice() {
        [one] if ok(one) => {
            let a = norm(one);
            if ARCHS.contains(&a.as_str()) {
                Some((String::new(), a))
            } else {
                Some(((*one).to_string(), String::new()))
            }
        }
        [os, arch] | [os, arch, _] if ok(os) && ok(arch) => Some(((*os).to_string(), norm(arch))),
        _ => None,
    }
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let esc = cx.model.escape();
    for stage in &cx.model.stages {
        let Some(p) = &stage.platform else { continue };
        if !refs(&p.raw, esc).is_empty() || p.raw.contains('$') || !p.expansion.is_exact() {
            continue;
        }
        let value = p.expansion.text.as_str();
        let Some((os, arch)) = os_arch(value) else {
            continue;
        };
        let name = stage.name.as_deref().unwrap_or("");
        let named = (!os.is_empty() && name.contains(os.as_str()))
            || (!arch.is_empty() && name.contains(arch.as_str()));
        if named {
            continue;
        }
        out.report(
            p.span,
            format!("`--platform={value}` fixes the platform, so this stage ignores the platform the build asks for"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS823";

    #[test]
    fn constant_platforms() {
        let src = "FROM --platform=linux/amd64 alpine:3.20\nFROM --platform=\"linux/arm64/v8\" alpine:3.20 AS app\nFROM --platform=arm64 alpine:3.20\n";
        assert_eq!(
            texts(CODE, src),
            ["linux/amd64", "\"linux/arm64/v8\"", "arm64"]
        );
        assert_eq!(
            run(CODE, src)[0].message,
            "`--platform=linux/amd64` fixes the platform, so this stage ignores the platform the build asks for"
        );
    }

    #[test]
    fn variables_and_platform_named_stages_are_clean() {
        for src in [
            "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n",
            "FROM --platform=$TARGETOS/$TARGETARCH alpine:3.20\n",
            "ARG P=linux/amd64\nFROM --platform=$P alpine:3.20\n",
            "FROM --platform=linux/amd64 alpine:3.20 AS tools-amd64\n",
            "FROM --platform=linux/x86_64 alpine:3.20 AS build-amd64\n",
            "FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022 AS windows-base\n",
            "FROM alpine:3.20\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM \\\n  --platform=linux/amd64 \\\n  alpine:3.20\n";
        assert_eq!(lines(CODE, src), [2]);
    }
}
