//! What the signature, TLS and secret rules (SS106–SS108, SS303–SS305,
//! SS405–SS407, SS602) share: RUN mount flags, variable references in
//! text, `NAME=value` settings made by ARG, ENV and shell commands, and
//! short-option clusters.

use super::support::Run;
use crate::engine::Context;
use crate::shell::{Command, ShellWord};
use crate::syntax::{Instruction, Keyword, Span};

/// The `--mount=type=secret` flags of a RUN.
#[derive(Debug, Default)]
pub(crate) struct SecretMounts {
    /// At least one secret mount.
    pub any: bool,
    /// `env=NAME` of the secret mounts.
    pub envs: Vec<String>,
    /// Where the secrets are mounted as files (`target=`/`dst=`, or
    /// `/run/secrets/<id>`).
    pub targets: Vec<String>,
}

impl SecretMounts {
    pub fn of(ins: &Instruction) -> SecretMounts {
        let mut out = SecretMounts::default();
        for f in ins.flags.iter().filter(|f| f.name == "mount") {
            let Some(v) = f.value.as_ref() else { continue };
            let text = v.text.trim_matches(|c| c == '"' || c == '\'');
            let mut secret = false;
            let mut id = None;
            let mut env = None;
            let mut target = None;
            for field in text.split(',') {
                let (k, val) = field.split_once('=').unwrap_or((field, ""));
                let val = val.trim_matches(|c| c == '"' || c == '\'');
                match k.trim().to_ascii_lowercase().as_str() {
                    "type" => secret = val.eq_ignore_ascii_case("secret"),
                    "id" => id = Some(val.to_string()),
                    "env" => env = Some(val.to_string()),
                    "target" | "dst" | "destination" => target = Some(val.to_string()),
                    _ => {}
                }
            }
            if !secret {
                continue;
            }
            out.any = true;
            if let Some(e) = env {
                out.envs.push(e);
            }
            match (target, id) {
                (Some(t), _) => out.targets.push(t),
                (None, Some(i)) => out.targets.push(format!("/run/secrets/{i}")),
                (None, None) => {}
            }
        }
        out
    }
}

/// A `$NAME` or `${NAME…}` reference in some text: the name and the byte
/// range of the reference (from `$` to the end of the name).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct VarRef<'a> {
    pub name: &'a str,
    pub start: usize,
    pub end: usize,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every `$NAME` and `${NAME…}` in `text` (not `$1`, `$?`, `$(…)`).
pub(crate) fn var_refs(text: &str) -> Vec<VarRef<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'$') {
            i += 1;
            continue;
        }
        let braced = bytes.get(i + 1) == Some(&b'{');
        let from = if braced { i + 2 } else { i + 1 };
        let starts_ok = bytes
            .get(from)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        if !starts_ok {
            i += 1;
            continue;
        }
        let mut to = from;
        while bytes.get(to).copied().is_some_and(is_name_byte) {
            to += 1;
        }
        if let Some(name) = text.get(from..to) {
            out.push(VarRef {
                name,
                start: i,
                end: to,
            });
        }
        i = to;
    }
    out
}

/// Names the RUN sets from a secret file (`T=$(cat /run/secrets/t)`), plus
/// the `env=` names of its secret mounts.
pub(crate) fn secret_names(run: &Run<'_>, mounts: &SecretMounts) -> Vec<String> {
    let mut names = mounts.envs.clone();
    for c in run.commands() {
        for (name, value, _) in settings_of(c) {
            if reads_secret_file(value, mounts) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// The text reads a mounted secret file (`/run/secrets/…` or a mount target).
pub(crate) fn reads_secret_file(text: &str, mounts: &SecretMounts) -> bool {
    text.contains("/run/secrets/")
        || mounts
            .targets
            .iter()
            .any(|t| !t.is_empty() && text.contains(t.as_str()))
}

/// Where a value in a RUN comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// Written in the Dockerfile.
    Literal,
    /// A variable the build records (ARG, ENV or unknown).
    Variable,
    /// Not recorded by the build: a mounted secret (a secret file or a
    /// secret mount's variable) or a command's output.
    Unrecorded,
}

/// Where the value `text` comes from, given the RUN's secret names.
pub(crate) fn source_of(text: &str, mounts: &SecretMounts, secret: &[String]) -> Source {
    if reads_secret_file(text, mounts) {
        return Source::Unrecorded;
    }
    let refs = var_refs(text);
    if refs.is_empty() {
        if text.contains("$(") || text.contains('`') {
            // A command's output: not written here, not recorded either.
            return Source::Unrecorded;
        }
        return Source::Literal;
    }
    if refs.iter().all(|r| secret.iter().any(|s| s == r.name)) {
        Source::Unrecorded
    } else {
        Source::Variable
    }
}

/// `NAME=value` settings a shell command makes: prefix assignments, and the
/// operands of `export`, `declare`, `typeset`, `readonly`, `local` and `env`.
/// Gives the name, the value and the word.
fn split_setting(w: &ShellWord) -> Option<(&str, &str)> {
    let (name, value) = w.text.split_once('=')?;
    (!name.is_empty() && name.bytes().all(is_name_byte)).then_some((name, value))
}

/// See [`split_setting`].
pub(crate) fn settings_of(c: &Command) -> Vec<(&str, &str, &ShellWord)> {
    let mut out = Vec::new();
    for w in &c.assignments {
        if let Some((n, v)) = split_setting(w) {
            out.push((n, v, w));
        }
    }
    if let Some(v) = c.view() {
        if matches!(
            v.basename(),
            "export" | "declare" | "typeset" | "readonly" | "local" | "env"
        ) {
            for w in v.args.iter().filter(|w| !w.is_flag()) {
                if let Some((n, val)) = split_setting(w) {
                    out.push((n, val, w));
                }
            }
        }
    }
    out
}

/// A variable set by ARG or ENV (top level or ONBUILD): the instruction
/// keyword, the name word's span, the name and the value (quotes removed;
/// `None` for `ARG NAME` without a default).
pub(crate) struct Setting<'a> {
    pub keyword: Keyword,
    pub name_span: Span,
    pub name: &'a str,
    pub value: Option<&'a str>,
}

/// Every ARG and ENV pair of the file, ONBUILD triggers included.
pub(crate) fn arg_env_settings<'a>(cx: &Context<'a>) -> Vec<Setting<'a>> {
    let mut out = Vec::new();
    for ins in cx.model.instructions() {
        let ins: &Instruction = match ins.keyword {
            Keyword::Onbuild => match ins.nested.as_deref() {
                Some(n) => n,
                None => continue,
            },
            _ => ins,
        };
        if !matches!(ins.keyword, Keyword::Arg | Keyword::Env) {
            continue;
        }
        for p in &ins.pairs {
            out.push(Setting {
                keyword: ins.keyword,
                name_span: p.key.span,
                name: p.key.text.as_str(),
                value: p.unquoted.as_deref(),
            });
        }
    }
    out
}

/// Whether the short-option cluster (without its `-`) sets the flag
/// `flag` before any option that takes the rest as its value.
pub(crate) fn cluster_has(cluster: &str, flag: char, value_shorts: &str) -> bool {
    for ch in cluster.chars() {
        if ch == flag {
            return true;
        }
        if value_shorts.contains(ch) {
            return false;
        }
    }
    false
}

/// The words of `args` that give short flag `flag` (in a cluster too),
/// skipping values of options in `value_shorts` and words after `--`.
pub(crate) fn short_flag_words<'a>(
    args: &'a [ShellWord],
    flag: char,
    value_shorts: &str,
) -> Vec<&'a ShellWord> {
    let mut out = Vec::new();
    let mut skip_next = false;
    for a in args {
        if skip_next {
            skip_next = false;
            continue;
        }
        let t = a.text.as_str();
        if t == "--" {
            break;
        }
        let Some(cluster) = t.strip_prefix('-').filter(|c| !c.starts_with('-')) else {
            continue;
        };
        if cluster_has(cluster, flag, value_shorts) {
            out.push(a);
        }
        // An option taking a value as the last letter takes the next word.
        for (at, ch) in cluster.char_indices() {
            if value_shorts.contains(ch) {
                skip_next = cluster.len() == at + ch.len_utf8();
                break;
            }
        }
    }
    out
}

/// The values of short option `want` (also inside a cluster such as
/// `-fsSLo file`, given the options `shorts` that take a value) and of the
/// long option `--long value` / `--long=value`: the option's word and the
/// value.
pub(crate) fn option_values<'a>(
    args: &'a [ShellWord],
    shorts: &str,
    want: char,
    long: &str,
) -> Vec<(&'a ShellWord, &'a str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let t = a.text.as_str();
        if t == "--" {
            break;
        }
        if let Some(l) = t.strip_prefix("--") {
            if l == long {
                out.extend(args.get(i).map(|w| (a, w.text.as_str())));
                i += 1;
            } else if let Some(v) = l.strip_prefix(long).and_then(|r| r.strip_prefix('=')) {
                out.push((a, v));
            }
            continue;
        }
        let Some(cluster) = t.strip_prefix('-').filter(|c| !c.is_empty()) else {
            continue;
        };
        for (at, ch) in cluster.char_indices() {
            if !shorts.contains(ch) {
                continue;
            }
            let rest = cluster.get(at + ch.len_utf8()..).unwrap_or("");
            let v = if rest.is_empty() {
                i += 1;
                args.get(i - 1).map(|w| w.text.as_str())
            } else {
                Some(rest)
            };
            if ch == want {
                out.extend(v.map(|v| (a, v)));
            }
            break;
        }
    }
    out
}

/// The words of `args` that are the long flag `--name` or `--name=…`
/// (before `--`).
pub(crate) fn long_flag_words<'a>(args: &'a [ShellWord], name: &str) -> Vec<&'a ShellWord> {
    args.iter()
        .take_while(|a| a.text != "--")
        .filter(|a| {
            a.text.strip_prefix("--").is_some_and(|l| {
                l == name || l.strip_prefix(name).is_some_and(|r| r.starts_with('='))
            })
        })
        .collect()
}

/// A false-like setting value: `0`, `false`, `no`, `off` (case ignored).
pub(crate) fn is_falsy(v: &str) -> bool {
    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
    ["0", "false", "no", "off"]
        .iter()
        .any(|f| v.eq_ignore_ascii_case(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::split;

    #[test]
    fn references() {
        let names: Vec<&str> = var_refs("a $A ${B_1:-x} $1 $(c) $? ${#C} $_d")
            .iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["A", "B_1", "_d"]);
    }

    #[test]
    fn clusters() {
        let s = split("curl -sk -Hk --key k -o -k x");
        let c = &s.commands[0];
        let found: Vec<&str> = short_flag_words(&c.args, 'k', "AbcCdDeEFHiKmoPQrtTuUwxXyYz")
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(found, ["-sk"]);
    }

    #[test]
    fn settings() {
        let s = split("A=1 B=2 make; export C=3 D; env E=4 run");
        let found: Vec<(&str, &str)> = s
            .commands
            .iter()
            .flat_map(|c| settings_of(c).into_iter().map(|(n, v, _)| (n, v)))
            .collect();
        assert_eq!(found, [("A", "1"), ("B", "2"), ("C", "3"), ("E", "4")]);
    }
}
