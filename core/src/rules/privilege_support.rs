//! What the privilege rules (SS101–SS105) share: the commands a shell
//! command runs, seen through wrappers and `find -exec`, exact spans for
//! exec-form RUN items, and reading user specifications.

use super::support::Run;
use crate::model::is_root_user;
use crate::shell::{Command, ShellWord};
use crate::syntax::Span;

/// A command that runs: the command as written, a command behind wrappers
/// (`sudo` in `env X=1 sudo apt-get …`), or one that `find -exec` runs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Link<'a> {
    pub name: &'a ShellWord,
    /// Its arguments (for `find -exec`: up to the `;` or `+`).
    pub args: &'a [ShellWord],
}

impl Link<'_> {
    /// The command word without a directory (`/usr/bin/sudo` → `sudo`).
    pub fn basename(&self) -> &str {
        let t = self.name.text.as_str();
        t.rsplit('/').next().unwrap_or(t)
    }
}

/// How many wrapper positions of one command are probed (each probe copies
/// the words before it, so this keeps hostile input linear).
const MAX_PROBES: usize = 8;

/// The commands `c` runs whose basename is one of `names`: the command
/// itself, each wrapper on the way to the command it finally runs
/// (`exec gosu root x`: `gosu`), and commands run by `find -exec`/`-execdir`/
/// `-ok`/`-okdir` (also behind wrappers: `-exec sudo chmod …` gives `chmod`).
pub(crate) fn links<'a>(c: &'a Command, names: &[&str]) -> Vec<Link<'a>> {
    let mut out = Vec::new();
    if let Some(name) = c.name.as_ref() {
        let effective = c.effective().map_or(0, |v| v.arg_offset());
        collect(name, &c.args, effective, names, true, &mut out);
    }
    out
}

fn basename(w: &ShellWord) -> &str {
    let t = w.text.as_str();
    t.rsplit('/').next().unwrap_or(t)
}

/// Adds the links of the command `name args…`, whose effective command is
/// `args[effective - 1]` (or `name` when `effective` is 0).
fn collect<'a>(
    name: &'a ShellWord,
    args: &'a [ShellWord],
    effective: usize,
    names: &[&str],
    follow_find: bool,
    out: &mut Vec<Link<'a>>,
) {
    let mut chain = vec![Link { name, args }];
    // Word k runs as a command when unwrapping the words up to k stops
    // exactly at k (an option value or a `gosu` user operand does not).
    let mut probes = 0;
    for (k, word) in args.iter().enumerate().take(effective) {
        let b = basename(word);
        if !(names.contains(&b) || b == "find") || probes >= MAX_PROBES {
            continue;
        }
        probes += 1;
        if probe(name, args.get(..=k).unwrap_or(&[])).is_some_and(|off| off == k + 1) {
            if let Some(rest) = args.get(k + 1..) {
                chain.push(Link {
                    name: word,
                    args: rest,
                });
            }
        }
    }
    for link in chain {
        if names.contains(&link.basename()) {
            out.push(link);
        }
        if follow_find && link.basename() == "find" {
            for l in find_exec(link.args) {
                let eff = probe(l.name, l.args).unwrap_or(0);
                collect(l.name, l.args, eff, names, false, out);
            }
        }
    }
}

/// Where in `args` the command `name args…` runs its effective command from
/// (see [`crate::shell::CommandView::arg_offset`]).
fn probe(name: &ShellWord, args: &[ShellWord]) -> Option<usize> {
    let c = Command {
        name: Some(name.clone()),
        args: args.to_vec(),
        assignments: Vec::new(),
        redirects: Vec::new(),
        span: name.span,
        depth: 0,
        joined_by: None,
        origin: crate::shell::Origin::TopLevel,
        pipeline: 0,
        pipe_index: 0,
    };
    c.effective().map(|v| v.arg_offset())
}

/// The commands `find` runs with `-exec cmd args… ;` and its kin.
fn find_exec(args: &[ShellWord]) -> Vec<Link<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if matches!(a.text.as_str(), "-exec" | "-execdir" | "-ok" | "-okdir") {
            let start = i + 1;
            let end = args
                .iter()
                .skip(start)
                .position(|w| w.text == ";" || w.text == "+")
                .map_or(args.len(), |p| start + p);
            if let (Some(name), Some(rest)) = (args.get(start), args.get(start + 1..end)) {
                out.push(Link { name, args: rest });
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The source span to report for word `w` of command `c` in `run`. Words of
/// an exec-form RUN without a shell all carry the whole JSON array's span;
/// this maps them back to their own JSON item (without its quotes).
pub(crate) fn word_span(run: &Run<'_>, c: &Command, w: &ShellWord) -> Span {
    let ins = run.instruction;
    if !ins.json || w.span != ins.text.source_span() {
        return w.span;
    }
    let index = if c.name.as_ref().is_some_and(|n| std::ptr::eq(n, w)) {
        Some(0)
    } else {
        c.args
            .iter()
            .position(|a| std::ptr::eq(a, w))
            .map(|k| k + 1)
    };
    let Some(item) = index.and_then(|i| ins.args.get(i)) else {
        return w.span;
    };
    let s = item.span;
    if s.len() >= 2 {
        Span::new(s.start + 1, s.end - 1)
    } else {
        s
    }
}

/// The user part of a `user[:group]` specification when it names root
/// (`root`, `0`, `root:app`); `None` for other users and for values the
/// shell would expand.
pub(crate) fn names_root(spec: &str) -> bool {
    !spec.contains('$') && !spec.contains('`') && is_root_user(spec)
}

/// The value of an option in `args`: `-u value`, `-uvalue` (with `short`),
/// `--long value`, `--long=value`. The last occurrence wins; words after
/// `--` are not options.
pub(crate) fn option_value<'a>(
    args: &'a [ShellWord],
    short: Option<char>,
    long: &str,
) -> Option<&'a str> {
    let mut found = None;
    let mut it = args.iter().take_while(|a| a.text != "--").peekable();
    while let Some(a) = it.next() {
        let t = a.text.as_str();
        if let Some(l) = t.strip_prefix("--") {
            if l == long {
                found = it.peek().map(|n| n.text.as_str());
            } else if let Some(v) = l.strip_prefix(long).and_then(|r| r.strip_prefix('=')) {
                found = Some(v);
            }
        } else if let (Some(s), Some(letter)) = (t.strip_prefix('-'), short) {
            if let Some(v) = s.strip_prefix(letter) {
                found = if v.is_empty() {
                    it.peek().map(|n| n.text.as_str())
                } else {
                    Some(v)
                };
            }
        }
    }
    found
}

/// The word that holds the mode and the mode in it: `chmod`'s first
/// operand, the `-m`/`--mode` option of `mkdir` and `install` (also in a
/// cluster: `install -Dm777`).
pub(crate) fn mode_word<'a>(link: &Link<'a>) -> Option<(&'a ShellWord, &'a str)> {
    let args = link.args;
    if link.basename() == "chmod" {
        if option_value(args, None, "reference").is_some() {
            return None;
        }
        let mut after_dashes = false;
        for a in args {
            if after_dashes || !a.text.starts_with('-') {
                return Some((a, a.text.as_str()));
            }
            if a.text == "--" {
                after_dashes = true;
            }
        }
        return None;
    }
    // Short options that take a value.
    let values = if link.basename() == "install" {
        "gmoSt"
    } else {
        "m"
    };
    let mut found = None;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        i += 1;
        if t == "--" {
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            if long == "mode" {
                found = args.get(i).map(|w| (w, w.text.as_str()));
                i += 1;
            } else if let Some(v) = long.strip_prefix("mode=") {
                found = Some((a, v));
            }
            continue;
        }
        let Some(short) = t.strip_prefix('-') else {
            continue;
        };
        for (j, ch) in short.char_indices() {
            if !values.contains(ch) {
                continue;
            }
            let value = short.get(j + ch.len_utf8()..).unwrap_or("");
            let word = if value.is_empty() {
                i += 1;
                args.get(i - 1).map(|w| (w, w.text.as_str()))
            } else {
                Some((a, value))
            };
            if ch == 'm' {
                found = word;
            }
            break;
        }
    }
    found
}
