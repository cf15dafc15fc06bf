//! What the package-manager rules (SS501–SS509) share: finding package
//! manager invocations in RUN scripts (through `sudo`, `env`, `sh -c`,
//! heredocs), their subcommand and package operands, pins, cache mounts, and
//! where a fix can insert a flag.

use crate::diagnostic::Edit;
use crate::engine::{Context, Sink};
use crate::rules::support::Run;
use crate::shell::{Command, ShellWord};
use crate::syntax::{Instruction, Span};

/// The package managers the rules know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Manager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Zypper,
    /// `pip`, `pip3`, `pip3.12`, or `python… -m pip`.
    Pip,
}

impl Manager {
    fn from_name(name: &str) -> Option<Manager> {
        Some(match name {
            "apt-get" => Manager::AptGet,
            "apt" => Manager::Apt,
            "aptitude" => Manager::Aptitude,
            "apk" => Manager::Apk,
            "yum" => Manager::Yum,
            "dnf" | "dnf5" => Manager::Dnf,
            "microdnf" => Manager::Microdnf,
            "zypper" => Manager::Zypper,
            _ if is_pip_name(name) => Manager::Pip,
            _ => return None,
        })
    }

    /// Options that take their value as the next word (short ones as `-x`).
    fn value_options(self) -> &'static [&'static str] {
        match self {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => &[
                "-o",
                "--option",
                "-c",
                "--config-file",
                "-t",
                "--target-release",
                "--default-release",
            ],
            Manager::Apk => &[
                "-X",
                "--repository",
                "-t",
                "--virtual",
                "-p",
                "--root",
                "--repositories-file",
                "--keys-dir",
                "--cache-dir",
                "--arch",
            ],
            Manager::Yum | Manager::Dnf | Manager::Microdnf => &[
                "-c",
                "--config",
                "-x",
                "--exclude",
                "--enablerepo",
                "--disablerepo",
                "--repo",
                "--repoid",
                "--releasever",
                "--installroot",
                "--setopt",
                "-d",
                "--debuglevel",
                "-e",
                "--errorlevel",
            ],
            Manager::Zypper => &[
                "-r",
                "--repo",
                "--from",
                "-R",
                "--root",
                "-c",
                "--config",
                "-D",
                "--reposd-dir",
            ],
            Manager::Pip => &[
                "--log",
                "--proxy",
                "--retries",
                "--timeout",
                "--exists-action",
                "--cert",
                "--client-cert",
                "--cache-dir",
                "--python",
                "-i",
                "--index-url",
                "--extra-index-url",
                "-f",
                "--find-links",
                "-r",
                "--requirement",
                "-c",
                "--constraint",
                "-e",
                "--editable",
                "-t",
                "--target",
                "--prefix",
                "--root",
                "--platform",
                "--python-version",
                "--implementation",
                "--abi",
                "--trusted-host",
                "--src",
                "--upgrade-strategy",
                "--progress-bar",
                "--no-binary",
                "--only-binary",
                "--config-settings",
                "-C",
                "--global-option",
                "--report",
            ],
        }
    }
}

/// `pip`, `pip3`, `pip3.12`, `pip2` (not `pipx`, `pipenv`, `pip-compile`).
fn is_pip_name(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// `python`, `python3`, `python3.12`.
fn is_python_name(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// One run of a package manager found in a RUN.
pub(crate) struct Invocation<'a> {
    pub run: &'a Run<'a>,
    pub manager: Manager,
    /// The manager's word (`apt-get`; `python3 -m pip` for pip run as a module).
    pub name_span: Span,
    /// The word naming the manager (`apt-get`, or `pip` in `python -m pip`).
    pub name: &'a ShellWord,
    /// The words after the manager's name.
    pub args: &'a [ShellWord],
    /// Index into `args` of the subcommand (the first operand).
    pub sub: Option<usize>,
}

impl<'a> Invocation<'a> {
    /// The subcommand's text (`install`).
    pub fn subcommand(&self) -> Option<&'a str> {
        self.sub_word().map(|w| w.text.as_str())
    }

    pub fn sub_word(&self) -> Option<&'a ShellWord> {
        self.sub.and_then(|i| self.args.get(i))
    }

    /// The subcommand is one of `names`.
    pub fn is_sub(&self, names: &[&str]) -> bool {
        self.subcommand().is_some_and(|s| names.contains(&s))
    }

    /// From the manager's word to the subcommand (`apt-get upgrade`,
    /// `apt-get -y upgrade`).
    pub fn command_span(&self) -> Span {
        match self.sub_word() {
            Some(w) => self.name_span.cover(w.span),
            None => self.name_span,
        }
    }

    /// Operands after the subcommand, values of the manager's
    /// value-taking options left out (the packages of an install).
    pub fn operands(&self) -> Vec<&'a ShellWord> {
        let Some(sub) = self.sub else {
            return Vec::new();
        };
        operands(self.args, self.manager.value_options())
            .into_iter()
            .filter(|&(i, _)| i > sub)
            .map(|(_, w)| w)
            .collect()
    }

    /// `flag` is given (see [`has_flag`]).
    pub fn has_flag(&self, flag: &str) -> bool {
        has_flag(self.args, flag)
    }

    pub fn has_any_flag(&self, flags: &[&str]) -> bool {
        flags.iter().any(|f| self.has_flag(f))
    }

    /// Some argument is exactly `text`.
    pub fn has_arg(&self, text: &str) -> bool {
        self.args.iter().any(|a| a.text == text)
    }

    /// An edit inserting ` text` right after the subcommand word, when its
    /// source span is exact (not for exec-form RUNs, whose words all point
    /// at the JSON array, nor for words whose quotes or escapes would shift).
    pub fn insert_after_sub(&self, src: &str, text: &str) -> Option<Edit> {
        let w = self.sub_word()?;
        exact_word(src, w).then(|| Edit::insert(w.span.end, format!(" {text}")))
    }

    /// An edit inserting ` text` right after the manager's name.
    pub fn insert_after_name(&self, src: &str, text: &str) -> Option<Edit> {
        exact_word(src, self.name).then(|| Edit::insert(self.name.span.end, format!(" {text}")))
    }
}

/// The word's source text is the word (no quotes, no escapes, no JSON).
pub(crate) fn exact_word(src: &str, w: &ShellWord) -> bool {
    !w.quoted && w.span.text(src) == w.text
}

/// Every package manager invocation in the file's RUNs, in source order.
/// Wrappers (`sudo`, `env`, `exec`…) are seen through; prefix assignments
/// (`DEBIAN_FRONTEND=noninteractive apt-get …`) are fine.
pub(crate) fn invocations<'a>(cx: &'a Context<'a>) -> Vec<Invocation<'a>> {
    let mut out = Vec::new();
    for run in &cx.runs {
        for command in run.commands() {
            if let Some(inv) = invocation(run, command) {
                out.push(inv);
            }
        }
    }
    out
}

/// The package manager a command runs, if any.
pub(crate) fn invocation<'a>(run: &'a Run<'a>, command: &'a Command) -> Option<Invocation<'a>> {
    let view = command.effective()?;
    let base = view.basename();
    let (manager, name, args, name_span) = if let Some(m) = Manager::from_name(base) {
        (m, view.name, view.args, view.name.span)
    } else if is_python_name(base) {
        // `python3 [opts] -m pip …`
        let m = view.args.iter().position(|a| a.text == "-m")?;
        let module = view.args.get(m + 1)?;
        if module.text != "pip" {
            return None;
        }
        (
            Manager::Pip,
            module,
            view.args.get(m + 2..).unwrap_or(&[]),
            view.name.span.cover(module.span),
        )
    } else {
        return None;
    };
    let sub = operands(args, manager.value_options())
        .first()
        .map(|&(i, _)| i);
    Some(Invocation {
        run,
        manager,
        name_span,
        name,
        args,
        sub,
    })
}

/// The operands of an argument list with their indices: words that are not
/// options, nor the value of an option listed in `value_options` given as
/// the next word (`-o Dpkg::Options=…`, `-t bookworm-backports`). Short
/// options cluster (`-yt release`); everything after `--` is an operand.
pub(crate) fn operands<'a>(
    args: &'a [ShellWord],
    value_options: &[&str],
) -> Vec<(usize, &'a ShellWord)> {
    let mut out = Vec::new();
    let mut skip_next = false;
    let mut after_dashes = false;
    for (i, a) in args.iter().enumerate() {
        if skip_next {
            skip_next = false;
            continue;
        }
        let t = a.text.as_str();
        if after_dashes || !a.is_flag() {
            if t == "--" && !after_dashes {
                after_dashes = true;
            } else {
                out.push((i, a));
            }
            continue;
        }
        if t.starts_with("--") {
            skip_next = !t.contains('=') && value_options.contains(&t);
        } else {
            // `-abc`: the first letter that takes a value takes the rest
            // of the cluster, or the next word when it is the last letter.
            let letters = t.get(1..).unwrap_or("");
            for (k, ch) in letters.char_indices() {
                let mut buf = [0u8; 4];
                let opt = format!("-{}", ch.encode_utf8(&mut buf));
                if value_options.contains(&opt.as_str()) {
                    skip_next = k + ch.len_utf8() == letters.len();
                    break;
                }
            }
        }
    }
    out
}

/// `flag` is given in `args` (before any `--`): a one-letter flag matches
/// `-f` and clusters such as `-qf`; a longer one matches `--flag` and
/// `--flag=…`.
pub(crate) fn has_flag(args: &[ShellWord], flag: &str) -> bool {
    let flag = flag.trim_start_matches('-');
    if flag.is_empty() {
        return false;
    }
    let single = flag.chars().count() == 1;
    args.iter().take_while(|a| a.text != "--").any(|a| {
        let t = a.text.as_str();
        if let Some(long) = t.strip_prefix("--") {
            long == flag || long.strip_prefix(flag).is_some_and(|r| r.starts_with('='))
        } else if let Some(short) = t.strip_prefix('-') {
            single && short.contains(flag)
        } else {
            false
        }
    })
}

/// The package words of an install, each with the texts to judge: the word
/// itself, or the words of its value when it holds a variable the file
/// defines (`$PACKAGES` with `ARG PACKAGES="curl wget"`). Words whose value
/// the file does not tell are left out: an unknown is not a finding.
pub(crate) fn package_texts<'a>(
    cx: &Context<'_>,
    inv: &Invocation<'a>,
) -> Vec<(&'a ShellWord, Vec<String>)> {
    let mut out = Vec::new();
    for w in inv.operands() {
        if !w.has_expansion() {
            out.push((w, vec![w.text.clone()]));
            continue;
        }
        // Only plain `$NAME` / `${NAME}` references are expanded; command
        // substitutions and the like are the shell's business.
        if w.text.contains("$(") || w.text.contains('`') {
            continue;
        }
        let e = cx.model.expand_words_at(inv.run.index, &w.text);
        if e.is_exact() && e.unresolved.is_empty() {
            out.push((w, e.words));
        }
    }
    out
}

/// Targets of the RUN's `--mount=type=cache` and `--mount=type=tmpfs` flags.
pub(crate) fn cache_mount_targets(ins: &Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for f in ins.flags.iter().filter(|f| f.name == "mount") {
        let Some(v) = &f.value else { continue };
        let mut kind = "bind";
        let mut target = None;
        for field in v.text.trim_matches('"').split(',') {
            let (k, val) = field.split_once('=').unwrap_or((field, ""));
            match k.trim().to_ascii_lowercase().as_str() {
                "type" => kind = val.trim(),
                "target" | "dst" | "destination" => target = Some(val.trim().to_string()),
                _ => {}
            }
        }
        if matches!(kind, "cache" | "tmpfs") {
            if let Some(t) = target {
                out.push(t);
            }
        }
    }
    out
}

/// The RUN has a cache or tmpfs mount on `dir` or on a directory holding it
/// (then nothing written under `dir` stays in the image).
pub(crate) fn has_cache_mount(ins: &Instruction, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    cache_mount_targets(ins).iter().any(|t| {
        let t = t.trim_end_matches('/');
        dir.strip_prefix(t)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Whether a text is a truthy value for pip's boolean environment options.
pub(crate) fn is_truthy(v: &str) -> bool {
    matches!(
        v,
        "1" | "true" | "True" | "TRUE" | "on" | "On" | "ON" | "yes" | "Yes" | "YES"
    )
}

/// Reports every package word of the selected invocations whose package (or,
/// for a variable, one of the packages it expands to) is not pinned.
/// `one` finishes "Package `x` …"; `many` finishes "`$PKGS` …: `a`, `b`".
pub(crate) fn report_unpinned(
    cx: &Context<'_>,
    out: &mut Sink<'_>,
    selected: impl Fn(&Invocation<'_>) -> bool,
    is_pinned: fn(&str) -> bool,
    one: &str,
    many: &str,
) {
    for inv in invocations(cx).iter().filter(|i| selected(i)) {
        for (word, texts) in package_texts(cx, inv) {
            let unpinned: Vec<&str> = texts
                .iter()
                .map(String::as_str)
                .filter(|t| !is_pinned(t))
                .collect();
            if unpinned.is_empty() {
                continue;
            }
            let message = if texts.len() == 1 && texts.first() == Some(&word.text) {
                format!("Package `{}` {one}", word.text)
            } else {
                let list: Vec<String> = unpinned.iter().map(|p| format!("`{p}`")).collect();
                format!("`{}` {many}: {}", word.text, list.join(", "))
            };
            out.report(word.span, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;

    fn words(s: &str) -> Vec<ShellWord> {
        shell::split(s)
            .commands
            .into_iter()
            .next()
            .map(|c| c.args)
            .unwrap_or_default()
    }

    fn operand_texts(s: &str, opts: &[&str]) -> Vec<String> {
        let w = words(s);
        operands(&w, opts)
            .into_iter()
            .map(|(_, w)| w.text.clone())
            .collect()
    }

    #[test]
    fn operands_skip_option_values() {
        let opts = Manager::AptGet.value_options();
        assert_eq!(
            operand_texts(
                "apt-get -o Dpkg::Options::=--force-confold -t bookworm install -y curl",
                opts
            ),
            ["install", "curl"]
        );
        assert_eq!(
            operand_texts("apt-get -yt bookworm install curl", opts),
            ["install", "curl"]
        );
        assert_eq!(
            operand_texts("apt-get -tbookworm install curl", opts),
            ["install", "curl"]
        );
        assert_eq!(
            operand_texts("apt-get install -- -weird", opts),
            ["install", "-weird"]
        );
        assert_eq!(
            operand_texts("apk add --virtual=.deps curl", Manager::Apk.value_options()),
            ["add", "curl"]
        );
    }

    #[test]
    fn pip_names() {
        assert!(is_pip_name("pip") && is_pip_name("pip3") && is_pip_name("pip3.12"));
        assert!(!is_pip_name("pipx") && !is_pip_name("pipenv") && !is_pip_name("pip-compile"));
        assert!(is_python_name("python3.11") && !is_python_name("python-config"));
    }

    #[test]
    fn cache_mounts() {
        let file = crate::syntax::parse(
            "FROM x\nRUN --mount=type=cache,target=/var/cache/apk --mount=type=bind,target=/src true\n",
        );
        let run = file.instructions().nth(1).unwrap();
        assert!(has_cache_mount(run, "/var/cache/apk"));
        assert!(!has_cache_mount(run, "/src"));
    }
}
