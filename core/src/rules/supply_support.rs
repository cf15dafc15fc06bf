//! What the supply-chain rules share: ADD sources and what they point at,
//! download commands (`curl`, `wget`) and where their output goes, and
//! plain-HTTP URLs inside words.

use crate::engine::Context;
use crate::shell::{Command, ShellWord};
use crate::syntax::{Instruction, Keyword, Word};

/// An `ADD` instruction (top level or an `ONBUILD ADD` trigger).
pub(crate) struct Add<'a> {
    /// Index into `model.instructions()`.
    pub index: usize,
    pub instruction: &'a Instruction,
    /// An ONBUILD trigger: its variables are those of a later build.
    pub onbuild: bool,
}

impl Add<'_> {
    /// The source words (every argument but the destination).
    pub fn sources(&self) -> &[Word] {
        let args = &self.instruction.args;
        args.get(..args.len().saturating_sub(1)).unwrap_or(&[])
    }

    /// Whether `word` is one of this instruction's heredoc sources (`<<EOF`).
    pub fn is_heredoc(&self, word: &Word) -> bool {
        self.instruction
            .heredocs
            .iter()
            .any(|h| h.span == word.span)
    }

    /// The source as BuildKit reads it: variables expanded, quotes removed.
    /// `None` when it depends on a value the file cannot tell.
    pub fn resolve(&self, cx: &Context<'_>, word: &Word) -> Option<String> {
        if self.onbuild {
            let text = strip_quotes(&word.text);
            return (!text.contains('$')).then(|| text.to_string());
        }
        let e = cx.model.expand_at(self.index, &word.text);
        (e.is_exact() && e.unresolved.is_empty()).then_some(e.text)
    }
}

/// Every ADD of the file, ONBUILD triggers included.
pub(crate) fn adds<'a>(cx: &Context<'a>) -> Vec<Add<'a>> {
    let mut out = Vec::new();
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        let (instruction, onbuild) = match ins.keyword {
            Keyword::Add => (*ins, false),
            Keyword::Onbuild => match ins.nested.as_deref() {
                Some(n) if n.keyword == Keyword::Add => (n, true),
                _ => continue,
            },
            _ => continue,
        };
        out.push(Add {
            index,
            instruction,
            onbuild,
        });
    }
    out
}

fn strip_quotes(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// A URL for a message: at most 80 characters.
pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 {
        return s.to_string();
    }
    let head: String = s.chars().take(79).collect();
    format!("{head}…")
}

/// `http://…` or `https://…`.
pub(crate) fn is_http_url(s: &str) -> bool {
    starts_with_ignore_case(s, "http://") || starts_with_ignore_case(s, "https://")
}

/// A git repository as ADD understands it: `git@host:…`, `git://…`,
/// `ssh://…`, or an http(s) URL whose path ends in `.git`.
pub(crate) fn is_git_source(s: &str) -> bool {
    if s.starts_with("git@")
        || starts_with_ignore_case(s, "git://")
        || starts_with_ignore_case(s, "ssh://")
    {
        return true;
    }
    if !is_http_url(s) {
        return false;
    }
    let path = s.split(['#', '?']).next().unwrap_or(s);
    path.trim_end_matches('/').ends_with(".git")
}

/// Extensions of the local archives ADD unpacks (hadolint's list, plus zstd).
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".z", ".bz2", ".gz", ".lz", ".lzma", ".tz", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz", ".zst", ".tzst",
];

/// A local path that names an archive ADD extracts.
pub(crate) fn is_archive(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    ARCHIVE_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// A command name with its arguments, seen through wrappers (`sudo`, `env`,
/// …) and `busybox`.
pub(crate) struct Tool<'a> {
    pub name: &'a ShellWord,
    pub args: &'a [ShellWord],
}

impl<'a> Tool<'a> {
    pub fn of(c: &'a Command) -> Option<Tool<'a>> {
        let v = c.effective()?;
        if v.is("busybox") {
            let (name, args) = v.args.split_first()?;
            return Some(Tool { name, args });
        }
        Some(Tool {
            name: v.name,
            args: v.args,
        })
    }

    /// The command word without a directory.
    pub fn basename(&self) -> &'a str {
        let t = self.name.text.as_str();
        t.rsplit('/').next().unwrap_or(t)
    }
}

/// `curl` short options that take a value (so the rest of a cluster, or
/// the next word, is that value).
const CURL_VALUE_SHORTS: &str = "AbcCdDeEFHiKmoPQrtTuUwxXyYz";
/// `wget` short options that take a value.
const WGET_VALUE_SHORTS: &str = "aABeIoOPQTtUwXD";

/// The values given to short option `want` (in clusters too) and to the
/// long options `longs` (`--name value` or `--name=value`).
fn option_values<'a>(
    args: &'a [ShellWord],
    value_shorts: &str,
    want: char,
    longs: &[&str],
) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let t = a.text.as_str();
        if t == "--" {
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            for l in longs {
                if long == *l {
                    if let Some(v) = args.get(i) {
                        out.push(v.text.as_str());
                        i += 1;
                    }
                } else if let Some(v) = long.strip_prefix(l).and_then(|r| r.strip_prefix('=')) {
                    out.push(v);
                }
            }
            continue;
        }
        let Some(cluster) = t.strip_prefix('-').filter(|c| !c.is_empty()) else {
            continue;
        };
        for (at, ch) in cluster.char_indices() {
            if !value_shorts.contains(ch) {
                continue;
            }
            let rest = cluster.get(at + ch.len_utf8()..).unwrap_or("");
            let value = if rest.is_empty() {
                let v = args.get(i).map(|w| w.text.as_str());
                i += 1;
                v
            } else {
                Some(rest)
            };
            if ch == want {
                out.extend(value);
            }
            break;
        }
    }
    out
}

fn is_stdout(path: &str) -> bool {
    path == "-" || path == "/dev/stdout"
}

/// A `curl` or `wget` (or `busybox wget`) that writes what it downloads to
/// standard output. `curl` does unless told `-o file`, `-O` or
/// `--remote-name`; `wget` only with `-O -` (`-qO-`, `--output-document=-`).
pub(crate) fn downloads_to_stdout(c: &Command) -> Option<&ShellWord> {
    let tool = Tool::of(c)?;
    match tool.basename() {
        "curl" => {
            let remote_name = tool.args.iter().take_while(|a| a.text != "--").any(|a| {
                let t = a.text.as_str();
                t == "--remote-name"
                    || t == "--remote-name-all"
                    || t.strip_prefix('-').is_some_and(|c| {
                        !c.starts_with('-') && short_cluster_has(c, 'O', CURL_VALUE_SHORTS)
                    })
            });
            let outputs = option_values(tool.args, CURL_VALUE_SHORTS, 'o', &["output"]);
            let to_file = outputs.iter().any(|o| !is_stdout(o));
            (!remote_name && !to_file).then_some(tool.name)
        }
        "wget" => {
            let outputs = option_values(tool.args, WGET_VALUE_SHORTS, 'O', &["output-document"]);
            outputs
                .last()
                .is_some_and(|o| is_stdout(o))
                .then_some(tool.name)
        }
        _ => None,
    }
}

/// Whether a short-option cluster sets the value-less flag `flag` (before
/// any option that takes the rest of the cluster as its value).
fn short_cluster_has(cluster: &str, flag: char, value_shorts: &str) -> bool {
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

/// A plain-HTTP URL inside some text: its byte range in that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HttpUrl {
    pub start: usize,
    pub end: usize,
}

/// Every `http://` URL in `text` (case ignored) whose host is not the local
/// machine (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`). A URL ends
/// at whitespace, a quote, a backtick or one of `,;|<>()\`.
pub(crate) fn insecure_urls(text: &str) -> Vec<HttpUrl> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|r| r.find("http://")) {
        let start = from + found;
        let rest = text.get(start..).unwrap_or("");
        let len = rest
            .find(|c: char| c.is_ascii_whitespace() || "\"'`,;|<>()\\".contains(c))
            .unwrap_or(rest.len());
        from = start + "http://".len();
        let url = rest.get(..len).unwrap_or(rest);
        if !is_local(url) {
            out.push(HttpUrl {
                start,
                end: start + len,
            });
        }
    }
    out
}

/// The URL's host is this machine.
fn is_local(url: &str) -> bool {
    let after = url.get("http://".len()..).unwrap_or("");
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map_or(host_port, |h| h)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1"
        || (host.starts_with("127.")
            && host.split('.').count() == 4
            && host
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::split;

    fn first(src: &str) -> bool {
        let s = split(src);
        s.commands.first().and_then(downloads_to_stdout).is_some()
    }

    #[test]
    fn curl_and_wget_output() {
        assert!(first("curl -fsSL https://x"));
        assert!(first("curl -o - https://x"));
        assert!(first("sudo curl https://x"));
        assert!(first("wget -qO- https://x"));
        assert!(first("wget -q -O - https://x"));
        assert!(first("wget --output-document=- https://x"));
        assert!(first("busybox wget -O /dev/stdout https://x"));
        assert!(!first("curl -fsSLo /tmp/x https://x"));
        assert!(!first("curl -fsSL -o /tmp/x https://x"));
        assert!(!first("curl --output=/tmp/x https://x"));
        assert!(!first("curl -O https://x/file"));
        assert!(!first("curl -fsSLO https://x/file"));
        assert!(first("curl -H X-O:1 https://x"));
        assert!(!first("wget https://x"));
        assert!(!first("wget -O /tmp/x https://x"));
        assert!(!first("wget -qO/tmp/x https://x"));
        assert!(!first("tar xzf x"));
    }

    #[test]
    fn curl_header_values_are_not_options() {
        // `-H` takes the rest: `-HO` is a header value, not `-O`.
        assert!(first("curl -HOrigin:x https://x"));
    }

    #[test]
    fn insecure_urls_skip_the_local_machine() {
        let t = "a http://example.com/x b HTTP://Foo c http://localhost:8080 d http://127.0.0.1/ e http://[::1]:80/ f http://api.localhost g http://user@127.0.0.1:1 h https://ok";
        let found: Vec<&str> = insecure_urls(t)
            .iter()
            .map(|u| &t[u.start..u.end])
            .collect();
        assert_eq!(found, ["http://example.com/x", "HTTP://Foo"]);
        assert_eq!(
            insecure_urls("\"http://a.b/c\",http://d"),
            vec![
                HttpUrl { start: 1, end: 13 },
                HttpUrl { start: 15, end: 23 }
            ]
        );
        assert_eq!(insecure_urls("http://127.0.0.1.evil.com/").len(), 1);
    }

    #[test]
    fn archives_and_git_sources() {
        assert!(is_archive("rootfs.tar.gz"));
        assert!(is_archive("x.TGZ"));
        assert!(is_archive("x.tar.zst"));
        assert!(!is_archive("app.jar"));
        assert!(!is_archive("dist/"));
        assert!(is_git_source("git@github.com:moby/buildkit.git#v0.10.1"));
        assert!(is_git_source(
            "https://github.com/moby/buildkit.git#v0.10.1"
        ));
        assert!(is_git_source("https://github.com/moby/buildkit.git"));
        assert!(!is_git_source("https://example.com/tool.tar.gz"));
        assert!(!is_git_source("./local.git"));
    }
}
