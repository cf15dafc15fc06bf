//! What the package-manager rules (SS501–SS549) share: finding package
//! manager invocations in RUN scripts (through `sudo`, `env`, `sh -c`,
//! heredocs), their subcommand and package operands, pins, cache mounts,
//! cleanup commands, and where a fix can insert a flag or append a command.

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
    Pipx,
    Npm,
    Yarn,
    Pnpm,
    Bun,
    Gem,
    Go,
    Cargo,
    Composer,
    /// `conda`, `mamba`, `micromamba`.
    Conda,
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
            "pipx" => Manager::Pipx,
            "npm" => Manager::Npm,
            "yarn" | "yarnpkg" => Manager::Yarn,
            "pnpm" => Manager::Pnpm,
            "bun" => Manager::Bun,
            "gem" => Manager::Gem,
            "go" => Manager::Go,
            "cargo" => Manager::Cargo,
            "composer" | "composer.phar" => Manager::Composer,
            "conda" | "mamba" | "micromamba" => Manager::Conda,
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
                "-t",
                "--type",
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
            Manager::Pipx => &[
                "--python",
                "-i",
                "--index-url",
                "--pip-args",
                "--suffix",
                "--spec",
            ],
            Manager::Npm => &[
                "--prefix",
                "-C",
                "--registry",
                "--cache",
                "--userconfig",
                "--globalconfig",
                "-w",
                "--workspace",
                "--omit",
                "--include",
                "--tag",
                "--before",
                "--loglevel",
                "--install-strategy",
                "--location",
            ],
            Manager::Yarn => &[
                "--cwd",
                "--modules-folder",
                "--cache-folder",
                "--global-folder",
                "--link-folder",
                "--network-timeout",
                "--registry",
                "--mutex",
                "--prefix",
            ],
            Manager::Pnpm => &[
                "-C",
                "--dir",
                "-F",
                "--filter",
                "--registry",
                "--store-dir",
                "--virtual-store-dir",
                "--reporter",
            ],
            Manager::Bun => &["--cwd", "--registry", "-c", "--config", "--cache-dir"],
            Manager::Gem => &[
                "-v",
                "--version",
                "-i",
                "--install-dir",
                "-n",
                "--bindir",
                "-s",
                "--source",
                "-P",
                "--trust-policy",
                "--platform",
            ],
            // Go's own flags have one dash and a long name.
            Manager::Go => &[
                "-C",
                "-o",
                "-p",
                "-ldflags",
                "-gcflags",
                "-asmflags",
                "-gccgoflags",
                "-tags",
                "-mod",
                "-modfile",
                "-pkgdir",
                "-buildmode",
                "-compiler",
                "-installsuffix",
                "-overlay",
                "-pgo",
                "-toolexec",
                "-exec",
                "-covermode",
                "-coverpkg",
            ],
            Manager::Cargo => &[
                "--version",
                "--vers",
                "--git",
                "--branch",
                "--tag",
                "--rev",
                "--path",
                "--root",
                "--index",
                "--registry",
                "-j",
                "--jobs",
                "--target",
                "--target-dir",
                "-F",
                "--features",
                "--profile",
                "--bin",
                "--example",
                "--config",
                "-Z",
            ],
            Manager::Composer => &["-d", "--working-dir"],
            Manager::Conda => &[
                "-c",
                "--channel",
                "-n",
                "--name",
                "-p",
                "--prefix",
                "--file",
                "--solver",
                "--repodata-fn",
            ],
        }
    }

    /// The manager's command name as usually written (`yum`, `microdnf`).
    pub fn name(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Aptitude => "aptitude",
            Manager::Apk => "apk",
            Manager::Yum => "yum",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Pipx => "pipx",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Bun => "bun",
            Manager::Gem => "gem",
            Manager::Go => "go",
            Manager::Cargo => "cargo",
            Manager::Composer => "composer",
            Manager::Conda => "conda",
        }
    }

    /// `yum`, `dnf` (and `dnf5`) or `microdnf`.
    pub fn is_yum_like(self) -> bool {
        matches!(self, Manager::Yum | Manager::Dnf | Manager::Microdnf)
    }

    /// `apt-get`, `apt` or `aptitude`.
    pub fn is_apt_like(self) -> bool {
        matches!(self, Manager::AptGet | Manager::Apt | Manager::Aptitude)
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

/// Whether a yum/dnf/microdnf invocation installs, upgrades or downgrades
/// packages (`module`/`group` install and update included).
pub(crate) fn yum_changes_packages(inv: &Invocation<'_>) -> bool {
    if inv.is_sub(&["module", "group", "groups"]) {
        return inv
            .operands()
            .first()
            .is_some_and(|w| matches!(w.text.as_str(), "install" | "update" | "upgrade"));
    }
    inv.is_sub(&[
        "install",
        "in",
        "install-n",
        "install-na",
        "install-nevra",
        "reinstall",
        "rei",
        "localinstall",
        "groupinstall",
        "upgrade",
        "update",
        "up",
        "upgrade-minimal",
        "up-min",
        "update-minimal",
        "distro-sync",
        "downgrade",
    ])
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
    let one_dash_long = value_options
        .iter()
        .any(|o| o.len() > 2 && !o.starts_with("--"));
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
        } else if value_options.contains(&t) {
            // `-t value`, or a one-dash long option (`go install -tags netgo …`).
            skip_next = true;
        } else if one_dash_long {
            // Go-style flags do not cluster; `-ldflags=-s` holds its value.
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
        report_words(out, package_texts(cx, inv), is_pinned, "Package", one, many);
    }
}

/// Reports each word of `words` (from [`package_texts`]) whose text, or one
/// of whose values, `is_pinned` rejects: "{what} `x` {one}" for a literal
/// word, "`$PKGS` {many}: `a`, `b`" for a variable.
pub(crate) fn report_words(
    out: &mut Sink<'_>,
    words: Vec<(&ShellWord, Vec<String>)>,
    is_pinned: impl Fn(&str) -> bool,
    what: &str,
    one: &str,
    many: &str,
) {
    for (word, texts) in words {
        let unpinned: Vec<&str> = texts
            .iter()
            .map(String::as_str)
            .filter(|t| !is_pinned(t))
            .collect();
        if unpinned.is_empty() {
            continue;
        }
        let message = if texts.len() == 1 && texts.first() == Some(&word.text) {
            format!("{what} `{}` {one}", word.text)
        } else {
            let list: Vec<String> = unpinned.iter().map(|p| format!("`{p}`")).collect();
            format!("`{}` {many}: {}", word.text, list.join(", "))
        };
        out.report(word.span, message);
    }
}

/// The final stage, or a stage a later FROM builds on.
pub(crate) fn reportable_stage(cx: &Context<'_>, stage: Option<usize>) -> bool {
    let Some(s) = stage else { return true };
    cx.model.is_final(s)
        || cx
            .model
            .stages
            .iter()
            .any(|st| st.index > s && st.parent == Some(s))
}

/// ` \` + newline + indentation + `&& <command>` after the last command of
/// a shell-form RUN (`;`-style scripts get no `&&`). None for exec-form and
/// heredoc RUNs, or when a comment or an open operator ends the text.
pub(crate) fn append_command(cx: &Context<'_>, run: &Run<'_>, command: &str) -> Option<Edit> {
    let ins = run.instruction;
    if ins.json || !ins.heredocs.is_empty() || ins.text.text.is_empty() {
        return None;
    }
    let src = cx.src;
    let script = run.scripts.first()?;
    let last_end = script.commands.iter().map(|c| c.span.end).max()?;
    let end = ins.text.source_span().end;
    let esc = cx.file.escape;
    // Between the last command and the end of the text only closing words
    // and `;` may stand (no comment, no trailing operator).
    let mut join = "&& ";
    let tail = src.get(last_end..end)?;
    let mut rest = tail;
    while !rest.is_empty() {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        if trimmed.len() != rest.len() {
            rest = trimmed;
            continue;
        }
        if let Some(r) = rest.strip_prefix(esc) {
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix(';') {
            join = "";
            rest = r;
            continue;
        }
        let word_end = rest
            .find(|c: char| c.is_whitespace() || c == ';' || c == esc)
            .unwrap_or(rest.len());
        let word = rest.get(..word_end)?;
        if matches!(word, "fi" | "done" | "esac" | ")" | "}") {
            join = "&& ";
            rest = rest.get(word_end..)?;
            continue;
        }
        return None;
    }
    // Nothing but blanks may follow on the text's last line.
    let line_end = src.get(end..)?.find('\n').map_or(src.len(), |i| end + i);
    if !src.get(end..line_end)?.trim().is_empty() {
        return None;
    }
    let newline = if src.get(..line_end)?.ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    let line_start = src.get(..end)?.rfind('\n').map_or(0, |i| i + 1);
    let indent: String = if line_start <= ins.span.start {
        "    ".to_string()
    } else {
        src.get(line_start..end)?
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect()
    };
    Some(Edit::insert(
        end,
        format!(" {esc}{newline}{indent}{join}{command}"),
    ))
}

/// `rm -r` (through wrappers) of one of `dirs`, its contents (`dir/*`, an
/// unquoted glob) or a glob on its name (`/var/cache/libdnf5*`).
pub(crate) fn removes_dir(command: &Command, dirs: &[&str]) -> bool {
    let Some(v) = command.effective() else {
        return false;
    };
    if !v.is("rm") || !v.has_any_flag(&["r", "R", "recursive"]) {
        return false;
    }
    v.args_no_flags().iter().any(|w| {
        let t = w.text.trim_end_matches('/');
        let (path, glob) = match t.strip_suffix("/*").or_else(|| t.strip_suffix('*')) {
            Some(d) => (d.trim_end_matches('/'), true),
            None => (t, false),
        };
        // A quoted glob is a literal `*`: nothing is removed.
        (!glob || !w.quoted) && dirs.contains(&path)
    })
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
