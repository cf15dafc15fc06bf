//! SS873 label-value-type (hadolint DL3052–DL3056, DL3058): a label's value
//! does not have the form the configured `label-schema` gives it (URL,
//! RFC 3339 time, SPDX licence, git hash, semantic version, e-mail address).

use super::config_support::all_labels;
use super::RuleDef;
use crate::config::LabelType;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS873",
        name: "label-value-type",
        summary: "A label's value does not have the form the label schema requires",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[Owasp::D08],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3052"),
            Equivalent::same(Tool::Hadolint, "DL3053"),
            Equivalent::similar(Tool::Hadolint, "DL3054"),
            Equivalent::same(Tool::Hadolint, "DL3055"),
            Equivalent::similar(Tool::Hadolint, "DL3056"),
            Equivalent::similar(Tool::Hadolint, "DL3058"),
        ],
        fix: FixKind::None,
        default_enabled: true,
        why: "Tools read labels by their meaning: a registry links `org.opencontainers.image.source` \
as a URL, a release dashboard sorts `…version` as a semantic version, a licence scanner reads \
`…licenses` as an SPDX expression. A value of the wrong form (`github.com/acme/app` without a \
scheme, `v1.2`, `Apache 2`) silently breaks them.\n\n\
**Configuration.** Reports nothing until `[label-schema]` is set in `shipshape.toml` (or \
`label-schema` in `.hadolint.yaml`), mapping labels to `url`, `rfc3339`, `spdx`, `hash`, \
`semver`, `email` (or `text`, which any non-empty value satisfies).\n\n\
**What is reported.** A `LABEL` pair in any stage whose key is in the schema and whose value \
(quotes removed, variables expanded with their defaults) is not:\n\
- `url`: an absolute URI (`scheme:…`, only URI characters, `%` escapes well-formed);\n\
- `rfc3339`: an RFC 3339 date-time such as `2024-05-01T12:00:00Z` or `…+02:00`;\n\
- `spdx`: an SPDX licence expression (`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-only WITH \
Classpath-exception-2.0`, `LicenseRef-x`);\n\
- `hash`: a git commit hash, 7 or 40 lower-case hex digits;\n\
- `semver`: a semantic version 2.0 (`1.4.0`, `2.0.0-rc.1+build.5`);\n\
- `email`: an address `local@domain` (RFC 5322 dot-atoms).\n\n\
Empty values are left to SS872, and values that depend on an ARG without a default are not \
judged.\n\n\
**How this differs from hadolint.** One rule for hadolint's six, with a message per form. \
hadolint also reports empty values here (besides DL3051); it accepts only a single SPDX licence \
id from its list (`MIT OR Apache-2.0` fails there, and an unknown id such as `Foo-1.0` passes \
here, as shipshape checks the expression's syntax without a licence list); its URL and e-mail \
parsers (Haskell `network-uri`, `email-validate`) also accept quoted local parts and IP \
literals that shipshape's simpler checks reject; its semantic-version parser lets through \
forms the SemVer 2.0 specification forbids (`01.2.3`, `1.2.3-01`, a trailing `-` or `+`), which \
shipshape reports. Git hashes and RFC 3339 times (calendar dates included) are judged alike.",
        bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"github.com/acme/app\" org.opencontainers.image.version=\"1.4.0\"\n",
        good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/app\" org.opencontainers.image.version=\"1.4.0\"\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let schema = &cx.settings.config.label_schema;
    if schema.is_empty() {
        return;
    }
    for lp in all_labels(cx) {
        let Some(key) = lp.key(cx) else { continue };
        let Some((_, ty)) = schema.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        let Some(value) = lp.value(cx).filter(|v| !v.is_empty()) else {
            continue;
        };
        let (ok, form) = match ty {
            LabelType::Text => (true, ""),
            LabelType::Url => (is_url(&value), "a URL"),
            LabelType::Rfc3339 => (is_rfc3339(&value), "an RFC 3339 date-time"),
            LabelType::Spdx => (is_spdx(&value), "an SPDX licence expression"),
            LabelType::Hash => (
                is_git_hash(&value),
                "a git commit hash (7 or 40 lower-case hex digits)",
            ),
            LabelType::Semver => (is_semver(&value), "a semantic version"),
            LabelType::Email => (is_email(&value), "an e-mail address"),
        };
        if !ok {
            out.report(
                lp.value_span(),
                format!("Label `{key}` is `{value}`, which is not {form}"),
            );
        }
    }
}

fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    if !scheme_ok {
        return false;
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)) {
            return false;
        }
        i += 1;
    }
    true
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn is_rfc3339(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't']) else {
        return false;
    };
    let mut d = date.split('-');
    let (Some(y), Some(m), Some(day), None) = (d.next(), d.next(), d.next(), d.next()) else {
        return false;
    };
    let (Some(y), Some(m), Some(day)) = (digits(y, 4), digits(m, 2), digits(day, 2)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if !(1..=days).contains(&day) {
        return false;
    }
    // time: HH:MM:SS[.frac](Z|±HH:MM)
    let (clock, offset) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, None)
    } else {
        match time.rfind(['+', '-']) {
            Some(p) => (time.get(..p).unwrap_or(""), time.get(p + 1..)),
            None => return false,
        }
    };
    if let Some(off) = offset {
        let Some((oh, om)) = off.split_once(':') else {
            return false;
        };
        match (digits(oh, 2), digits(om, 2)) {
            (Some(h), Some(m)) if h <= 23 && m <= 59 => {}
            _ => return false,
        }
    }
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let mut t = hms.split(':');
    let (Some(h), Some(mi), Some(sec), None) = (t.next(), t.next(), t.next(), t.next()) else {
        return false;
    };
    matches!(
        (digits(h, 2), digits(mi, 2), digits(sec, 2)),
        (Some(h), Some(mi), Some(sec)) if h <= 23 && mi <= 59 && sec <= 60
    )
}

fn is_git_hash(s: &str) -> bool {
    (s.len() == 7 || s.len() == 40) && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_semver(s: &str) -> bool {
    let (rest, build) = match s.split_once('+') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((a, p)) => (a, Some(p)),
        None => (rest, None),
    };
    let numeric = |p: &str| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    };
    let ident =
        |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|p| numeric(p)) {
        return false;
    }
    let pre_ok = pre.is_none_or(|p| {
        p.split('.')
            .all(|id| ident(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || numeric(id)))
    });
    let build_ok = build.is_none_or(|b| b.split('.').all(ident));
    pre_ok && build_ok
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&b);
    let dot_atom = |p: &str, ok: &dyn Fn(u8) -> bool| {
        !p.is_empty() && p.split('.').all(|a| !a.is_empty() && a.bytes().all(ok))
    };
    let label = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    dot_atom(local, &atext) && dot_atom(domain, &label)
}

/// An SPDX licence expression: ids (`[A-Za-z0-9.-]+`, optionally `+`),
/// `LicenseRef-…`/`DocumentRef-…:LicenseRef-…`, joined with AND/OR, an id
/// followed by `WITH exception`, and parentheses.
fn is_spdx(s: &str) -> bool {
    let tokens = spdx_tokens(s);
    let mut pos = 0;
    spdx_or(&tokens, &mut pos) && pos == tokens.len()
}

fn spdx_tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in s.split_whitespace() {
        let mut rest = word;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('(') {
                out.push("(");
                rest = r;
            } else if let Some(p) = rest.find(['(', ')']) {
                if p == 0 {
                    out.push(")");
                    rest = rest.get(1..).unwrap_or("");
                } else {
                    out.push(rest.get(..p).unwrap_or(""));
                    rest = rest.get(p..).unwrap_or("");
                }
            } else {
                out.push(rest);
                rest = "";
            }
        }
    }
    out
}

fn spdx_id(t: &str) -> bool {
    let t = t.strip_suffix('+').unwrap_or(t);
    let t = match t.split_once(':') {
        Some((doc, lic)) if doc.starts_with("DocumentRef-") && lic.starts_with("LicenseRef-") => {
            lic
        }
        Some(_) => return false,
        None => t,
    };
    !t.is_empty()
        && !matches!(t, "AND" | "OR" | "WITH" | "and" | "or" | "with")
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

fn spdx_or(t: &[&str], pos: &mut usize) -> bool {
    if !spdx_and(t, pos) {
        return false;
    }
    while matches!(t.get(*pos), Some(&"OR") | Some(&"or")) {
        *pos += 1;
        if !spdx_and(t, pos) {
            return false;
        }
    }
    true
}

fn spdx_and(t: &[&str], pos: &mut usize) -> bool {
    if !spdx_term(t, pos) {
        return false;
    }
    while matches!(t.get(*pos), Some(&"AND") | Some(&"and")) {
        *pos += 1;
        if !spdx_term(t, pos) {
            return false;
        }
    }
    true
}

/// A term: `( expr )` or `id [WITH exception]`. Nesting depth is bounded by
/// the input's own parentheses; the label values are short.
fn spdx_term(t: &[&str], pos: &mut usize) -> bool {
    match t.get(*pos) {
        Some(&"(") => {
            *pos += 1;
            if t.len() > 256 || !spdx_or(t, pos) {
                return false;
            }
            if t.get(*pos) != Some(&")") {
                return false;
            }
            *pos += 1;
            true
        }
        Some(id) if spdx_id(id) => {
            *pos += 1;
            if matches!(t.get(*pos), Some(&"WITH") | Some(&"with")) {
                *pos += 1;
                let ok = t.get(*pos).is_some_and(|e| spdx_id(e));
                *pos += 1;
                return ok;
            }
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::config_support::testing::{messages_with, run_with, texts_with};

    const CODE: &str = "SS873";
    const CFG: &str = "[label-schema]\nsrc = \"url\"\ncreated = \"rfc3339\"\nlic = \"spdx\"\nrev = \"hash\"\nversion = \"semver\"\nmail = \"email\"\nname = \"text\"\n";

    #[test]
    fn no_configuration_no_finding() {
        assert!(run_with(CODE, "", "FROM a\nLABEL src=nope\n").is_empty());
    }

    #[test]
    fn values_of_the_wrong_form() {
        let src = "FROM a\nLABEL src=\"github.com/x\" created=2024-01-01 lic=\"Apache 2\" \\\n      rev=ABCDEF1 version=v1.2 mail=x name=anything\n";
        assert_eq!(
            texts_with(CODE, CFG, src),
            vec![
                "\"github.com/x\"",
                "2024-01-01",
                "\"Apache 2\"",
                "ABCDEF1",
                "v1.2",
                "x"
            ]
        );
        assert_eq!(
            messages_with(CODE, CFG, "FROM a\nLABEL version=v1.2\n"),
            vec!["Label `version` is `v1.2`, which is not a semantic version"]
        );
        // Variables are expanded first.
        let src = "FROM a\nARG V=latest\nLABEL version=$V\n";
        assert_eq!(texts_with(CODE, CFG, src), vec!["$V"]);
    }

    #[test]
    fn near_misses() {
        let clean = [
            "FROM a\nLABEL src=https://github.com/acme/app mail=dev@acme.example\n",
            "FROM a\nLABEL created=2024-05-01T12:00:00Z version=1.4.0 rev=0a1b2c3\n",
            "FROM a\nLABEL version=\"\" src=\"\"\n",
            "FROM a\nARG V\nLABEL version=$V\n",
            "FROM a\nLABEL other=whatever\n",
        ];
        for src in clean {
            assert!(run_with(CODE, CFG, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn validators() {
        for ok in [
            "https://x.y/z?a=1#f",
            "mailto:a@b",
            "urn:isbn:1",
            "http://a/%20b",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "github.com/x",
            "https://a b",
            "1http://x",
            "http://a/%zz",
            ":x",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
        for ok in [
            "2024-05-01T12:00:00Z",
            "2024-05-01t12:00:00.123+02:00",
            "1990-12-31T23:59:60-08:00",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2024-05-01",
            "2024-13-01T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:00:00",
            "2024-05-01T12:00Z",
            "2024-05-01T12:00:00+2:00",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
        for ok in [
            "MIT",
            "Apache-2.0 OR MIT",
            "(MIT AND BSD-3-Clause) OR GPL-2.0+",
            "GPL-2.0-only WITH Classpath-exception-2.0",
            "LicenseRef-acme",
            "DocumentRef-x:LicenseRef-y",
        ] {
            assert!(is_spdx(ok), "{ok}");
        }
        for bad in [
            "", "Apache 2", "MIT OR", "(MIT", "MIT)", "MIT WITH", "GPL v3", "a/b", "OR",
        ] {
            assert!(!is_spdx(bad), "{bad}");
        }
        for ok in ["0a1b2c3", "0123456789abcdef0123456789abcdef01234567"] {
            assert!(is_git_hash(ok), "{ok}");
        }
        for bad in ["0a1b2c", "0A1B2C3", "0a1b2c3g"] {
            assert!(!is_git_hash(bad), "{bad}");
        }
        for ok in [
            "0.0.0",
            "1.4.0",
            "2.0.0-rc.1+build.5",
            "1.0.0-alpha-1",
            "1.0.0+20130313144700",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "1.2",
            "v1.2.3",
            "01.2.3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3+",
            "1.2.3.4",
            "1.2.3-a..b",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
        for ok in ["a@b", "first.last+tag@example.com", "x_y@a-b.c"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["x", "@b.c", "a@", "a..b@c", "a@b..c", "a b@c"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
