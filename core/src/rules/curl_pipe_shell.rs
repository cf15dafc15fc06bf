//! SS401 curl-pipe-shell (no peer equivalent): a download run as a program
//! without being verified: `curl … | sh`, `sh -c "$(curl …)"`,
//! `bash <(curl …)`.

use super::supply_support::{downloads_to_stdout, Tool};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::shell::{Command, Origin, Script, ShellWord};
use crate::syntax::Span;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS401",
        name: "curl-pipe-shell",
        summary: "A downloaded script is run straight from the network, unverified",
        severity: Severity::Error,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoCurlBash, Checklist::SecureDependencies],
        owasp: &[Owasp::D08],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "`curl … | sh` runs whatever the server (or anyone who controls the path to it, \
the DNS, or the project's hosting account) sends at build time, as the build user, usually \
root. Nothing ties the build to the script you reviewed, a truncated download runs half a \
script, and a rebuild may run something else entirely. Download to a file, check it \
against a checksum (or signature) you pinned, then run it:\n\n\
```dockerfile\n\
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n\
\x20&& echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n\
\x20&& sh /tmp/install.sh && rm /tmp/install.sh\n\
```\n\n\
Better still, install a released, versioned package or `COPY --from=` a pinned image.\n\n\
**What is reported.** `curl` (writing to standard output, the default unless `-o file`, `-O`) \
or `wget` writing to standard output (`-O -`, `-qO-`), also through `sudo`, `env` or \
`busybox`, whose output reaches a program reading its code from standard input later in the \
same pipeline (`| sh`, `| sudo bash -s -- --flag`, `| tee log | sh`, also `echo \"$(curl …)\" | \
sh`); and a download given to a program as its code: `sh -c \"$(curl …)\"`, `eval \"$(curl \
…)\"`, `bash <(curl …)`, `bash < <(curl …)`, `. <(curl …)`, `source <(curl …)`. Programs: the \
shells `sh bash zsh ash dash ksh mksh yash`, `python*`, `pypy*`, `perl`, `ruby`, `node`, \
`nodejs` and `php`: all of them execute code given on standard input. The same holds for \
commands inside `sh -c` strings and in heredocs a shell executes (`RUN <<EOF`); a heredoc \
written to a file (`cat <<EOF > install.sh`) is data and is not looked at.\n\n\
**Not reported.** Output piped into a filter (`| tar xz`, `| grep`, `| python3 -c \"import \
json…\"`, `| perl -ne …`): the program comes from the Dockerfile, the download is data. A \
download saved to a file and run later (`curl -o f … && sha256sum -c … && sh f`).\n\n\
None of the five peer linters (hadolint, BuildKit, Trivy, Checkov, Dockle) has this check, \
although the OWASP Docker Security Cheat Sheet names curl-bashing explicitly.",
        bad: "FROM debian:12-slim\nRUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -\n",
        good: "FROM debian:12-slim\nRUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_22.x \\\n && echo \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  /tmp/setup.sh\" | sha256sum -c - \\\n && bash /tmp/setup.sh && rm /tmp/setup.sh\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        let mut seen: Vec<Span> = Vec::new();
        for script in &run.scripts {
            for c in &script.commands {
                let Some((span, message)) = finding(script, c) else {
                    continue;
                };
                if seen
                    .iter()
                    .any(|s| s.start < span.end && span.start < s.end)
                {
                    continue;
                }
                seen.push(span);
                out.report(span, message);
            }
        }
    }
}

/// How a program takes its code on the command line.
struct Spec {
    /// Short options whose value is the program's code (or module): the
    /// program then does not read standard input.
    program: &'static str,
    program_longs: &'static [&'static str],
    /// Short options whose value is a script file.
    file: &'static str,
    /// Short options taking a value (the rest of the cluster or the next word).
    value: &'static str,
    value_longs: &'static [&'static str],
    /// The short option that makes a shell read standard input whatever follows.
    stdin: Option<char>,
}

const SHELL: Spec = Spec {
    program: "c",
    program_longs: &[],
    file: "",
    value: "oO",
    value_longs: &["rcfile", "init-file"],
    stdin: Some('s'),
};
const PYTHON: Spec = Spec {
    program: "cm",
    program_longs: &[],
    file: "",
    value: "WXQ",
    value_longs: &[],
    stdin: None,
};
const PERL: Spec = Spec {
    program: "eE",
    program_longs: &[],
    file: "",
    value: "IMmFx",
    value_longs: &[],
    stdin: None,
};
const RUBY: Spec = Spec {
    program: "e",
    program_longs: &[],
    file: "",
    value: "Ir",
    value_longs: &[],
    stdin: None,
};
const NODE: Spec = Spec {
    program: "ep",
    program_longs: &["eval", "print"],
    file: "",
    value: "r",
    value_longs: &["require", "import", "loader"],
    stdin: None,
};
const PHP: Spec = Spec {
    program: "r",
    program_longs: &[],
    file: "f",
    value: "cdz",
    value_longs: &[],
    stdin: None,
};

fn spec_of(name: &str) -> Option<&'static Spec> {
    let is_versioned = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    };
    match name {
        "sh" | "bash" | "zsh" | "ash" | "dash" | "ksh" | "mksh" | "yash" => Some(&SHELL),
        "ruby" => Some(&RUBY),
        "node" | "nodejs" => Some(&NODE),
        "php" => Some(&PHP),
        _ if is_versioned("python") || is_versioned("pypy") => Some(&PYTHON),
        _ if is_versioned("perl") => Some(&PERL),
        _ => None,
    }
}

/// What a program's arguments say about where its code comes from.
struct Invocation<'a> {
    /// The value of a code option (`-c`, `-e`, `--eval`), when given.
    code: Option<&'a ShellWord>,
    /// Code is given on the command line (`-c`, `-e`, `-m`, `-r`, `-f`).
    has_program: bool,
    /// A shell's `-s`.
    stdin_flag: bool,
    /// The first operand (a script file, or `-`).
    operand: Option<&'a ShellWord>,
}

fn parse<'a>(spec: &Spec, args: &'a [ShellWord]) -> Invocation<'a> {
    let mut inv = Invocation {
        code: None,
        has_program: false,
        stdin_flag: false,
        operand: None,
    };
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let t = a.text.as_str();
        if t == "--" {
            inv.operand = args.get(i);
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, _)) => (n, true),
                None => (long, false),
            };
            if spec.program_longs.contains(&name) {
                inv.has_program = true;
                if !inline {
                    inv.code = args.get(i);
                }
            }
            if !inline && (spec.program_longs.contains(&name) || spec.value_longs.contains(&name)) {
                i += 1;
            }
            continue;
        }
        let cluster = t
            .strip_prefix('-')
            .or_else(|| t.strip_prefix('+').filter(|_| spec.stdin.is_some()));
        let Some(cluster) = cluster.filter(|c| !c.is_empty()) else {
            inv.operand = Some(a);
            break;
        };
        for (at, ch) in cluster.char_indices() {
            let rest = cluster.get(at + ch.len_utf8()..).unwrap_or("");
            let takes_value = spec.program.contains(ch) || spec.file.contains(ch);
            if takes_value {
                inv.has_program = true;
                if rest.is_empty() {
                    inv.code = args.get(i);
                    i += 1;
                }
                break;
            }
            if spec.value.contains(ch) {
                if rest.is_empty() {
                    i += 1;
                }
                break;
            }
            if Some(ch) == spec.stdin {
                inv.stdin_flag = true;
            }
        }
    }
    inv
}

impl Invocation<'_> {
    /// The program's code comes from standard input.
    fn reads_stdin(&self) -> bool {
        if self.has_program {
            return false;
        }
        if self.stdin_flag {
            return true;
        }
        match self.operand {
            None => true,
            Some(w) => w.text == "-" || w.text == "/dev/stdin",
        }
    }
}

fn finding(script: &Script, c: &Command) -> Option<(Span, String)> {
    let tool = Tool::of(c)?;
    let name = tool.basename();
    match name {
        "." | "source" => {
            let file = tool.args.first()?;
            if file.text == "/dev/stdin" {
                let (dl, _) = piped_download(script, c)?;
                return Some(piped(dl, c, tool.name));
            }
            let dl = substituted_download(script, c, file, "<(")?;
            return Some(substituted(tool.name, file, dl));
        }
        "eval" => {
            let word = tool
                .args
                .iter()
                .find(|w| whole_substitution(w) && download_in(script, c, w).is_some())?;
            let dl = download_in(script, c, word)?;
            return Some(substituted(tool.name, word, dl));
        }
        _ => {}
    }
    let spec = spec_of(name)?;
    let inv = parse(spec, tool.args);
    if inv.reads_stdin() {
        if let Some((dl, _)) = piped_download(script, c) {
            return Some(piped(dl, c, tool.name));
        }
        for r in c.redirects.iter().filter(|r| r.op == "<") {
            if let Some(t) = &r.target {
                if let Some(dl) = substituted_download(script, c, t, "<(") {
                    return Some(substituted(tool.name, t, dl));
                }
            }
        }
    }
    if !inv.has_program {
        if let Some(file) = inv.operand {
            if let Some(dl) = substituted_download(script, c, file, "<(") {
                return Some(substituted(tool.name, file, dl));
            }
        }
    }
    if let Some(code) = inv.code.filter(|w| whole_substitution(w)) {
        if let Some(dl) = download_in(script, c, code) {
            return Some(substituted(tool.name, code, dl));
        }
    }
    None
}

/// The download (or `echo "$(download)"`) earlier in `c`'s pipeline.
fn piped_download<'a>(script: &'a Script, c: &Command) -> Option<(&'a Command, &'a ShellWord)> {
    if c.pipe_index == 0 {
        return None;
    }
    script
        .commands
        .iter()
        .filter(|d| d.pipeline == c.pipeline && d.pipe_index < c.pipe_index)
        .filter_map(|d| {
            if let Some(w) = downloads_to_stdout(d) {
                return Some((d, w));
            }
            let tool = Tool::of(d)?;
            if !matches!(tool.basename(), "echo" | "printf") {
                return None;
            }
            tool.args
                .iter()
                .find_map(|a| download_in(script, d, a))
                .map(|(_, w)| (d, w))
        })
        .min_by_key(|(d, _)| d.pipe_index)
}

/// A download run inside a substitution that makes up `word`.
fn download_in<'a>(
    script: &'a Script,
    owner: &Command,
    word: &ShellWord,
) -> Option<(&'a Command, &'a ShellWord)> {
    script.commands.iter().find_map(|d| {
        let inside = matches!(
            d.origin,
            Origin::CommandSubstitution | Origin::ProcessSubstitution
        ) && !std::ptr::eq(d, owner)
            && word.span.start <= d.span.start
            && d.span.end <= word.span.end
            && word.span != d.span;
        if !inside {
            return None;
        }
        downloads_to_stdout(d).map(|w| (d, w))
    })
}

/// `word` is a process substitution (`<(…)`) holding a download.
fn substituted_download<'a>(
    script: &'a Script,
    owner: &Command,
    word: &ShellWord,
    opener: &str,
) -> Option<(&'a Command, &'a ShellWord)> {
    if !word.text.starts_with(opener) {
        return None;
    }
    download_in(script, owner, word)
}

/// The word is one command substitution: `"$(…)"` or `` `…` ``.
fn whole_substitution(w: &ShellWord) -> bool {
    let t = w.text.as_str();
    (t.starts_with("$(") && t.ends_with(')'))
        || (t.len() > 1 && t.starts_with('`') && t.ends_with('`'))
}

fn piped(dl: &Command, c: &Command, runner: &ShellWord) -> (Span, String) {
    let fetcher = Tool::of(dl).map_or("curl", |t| t.basename());
    let fetcher = if matches!(fetcher, "echo" | "printf") {
        "the download"
    } else {
        fetcher
    };
    let span = Span::new(dl.span.start.min(c.span.start), runner.span.end);
    (
        span,
        format!(
            "Output of `{fetcher}` is piped into `{}`, which runs it unverified; download to a file and check its checksum first",
            base(&runner.text)
        ),
    )
}

fn substituted(
    runner: &ShellWord,
    word: &ShellWord,
    (_, fetcher): (&Command, &ShellWord),
) -> (Span, String) {
    let span = Span::new(runner.span.start, word.span.end.max(runner.span.end));
    (
        span,
        format!(
            "`{}` runs a script downloaded by `{}` unverified; download to a file and check its checksum first",
            base(&runner.text),
            base(&fetcher.text)
        ),
    )
}

fn base(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS401";

    fn hit(src: &str) -> Vec<&str> {
        texts(CODE, src)
    }

    #[test]
    fn pipes_into_shells() {
        assert_eq!(
            hit("FROM a\nRUN curl -fsSL https://x/i.sh | sh\n"),
            ["curl -fsSL https://x/i.sh | sh"]
        );
        assert_eq!(
            hit("FROM a\nRUN curl -sL https://x | sudo bash -s -- --flag\n"),
            ["curl -sL https://x | sudo bash"]
        );
        assert_eq!(
            hit("FROM a\nRUN wget -qO- https://x | bash\n"),
            ["wget -qO- https://x | bash"]
        );
        assert_eq!(
            hit("FROM a\nRUN wget -O - https://x | /bin/sh -e\n"),
            ["wget -O - https://x | /bin/sh"]
        );
        assert_eq!(
            hit("FROM a\nRUN curl https://x | tee /tmp/log | sh\n"),
            ["curl https://x | tee /tmp/log | sh"]
        );
        assert_eq!(
            hit("FROM a\nRUN busybox wget -O- https://x | busybox sh\n"),
            ["busybox wget -O- https://x | busybox sh"]
        );
    }

    #[test]
    fn pipes_into_other_interpreters() {
        for runner in ["python3", "python3.12 -", "perl", "ruby", "node", "php"] {
            let src = format!("FROM a\nRUN curl -sSL https://x/get | {runner}\n");
            assert_eq!(lines(CODE, &src), [2], "{runner}");
        }
        let d = &run(CODE, "FROM a\nRUN curl -sSL https://x | python3\n")[0];
        assert!(d.message.contains("`curl`") && d.message.contains("`python3`"));
    }

    #[test]
    fn message_names_both_commands() {
        let d = &run(CODE, "FROM a\nRUN wget -qO- https://x | sudo bash\n")[0];
        assert_eq!(
            d.message,
            "Output of `wget` is piped into `bash`, which runs it unverified; download to a file and check its checksum first"
        );
    }

    #[test]
    fn substitutions() {
        assert_eq!(
            hit("FROM a\nRUN sh -c \"$(curl -fsSL https://x)\"\n"),
            ["sh -c \"$(curl -fsSL https://x)\""]
        );
        assert_eq!(
            hit("FROM a\nRUN bash -ec \"$(wget -qO- https://x)\" -- -y\n"),
            ["bash -ec \"$(wget -qO- https://x)\""]
        );
        assert_eq!(
            hit("FROM a\nRUN bash <(curl -s https://x)\n"),
            ["bash <(curl -s https://x)"]
        );
        assert_eq!(
            hit("FROM a\nRUN . <(curl -s https://x) && source <(wget -O- https://y)\n"),
            [". <(curl -s https://x)", "source <(wget -O- https://y)"]
        );
        assert_eq!(
            hit("FROM a\nRUN eval \"$(curl -fsSL https://x)\"\n"),
            ["eval \"$(curl -fsSL https://x)\""]
        );
        assert_eq!(
            lines(CODE, "FROM a\nRUN bash < <(curl -s https://x)\n"),
            [2]
        );
        assert_eq!(
            lines(CODE, "FROM a\nRUN echo \"$(curl -s https://x)\" | sh\n"),
            [2]
        );
        assert_eq!(
            lines(CODE, "FROM a\nRUN python3 -c \"$(curl -s https://x)\"\n"),
            [2]
        );
        let d = &run(CODE, "FROM a\nRUN sh -c \"$(curl -fsSL https://x)\"\n")[0];
        assert!(d
            .message
            .starts_with("`sh` runs a script downloaded by `curl`"));
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM a\nRUN apt-get update \\\n && curl -fsSL \\\n      https://x/install.sh \\\n    | sudo -E bash - \\\n && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            hit(src),
            ["curl -fsSL \\\n      https://x/install.sh \\\n    | sudo -E bash"]
        );
    }

    #[test]
    fn sh_c_strings_and_exec_form() {
        assert_eq!(
            hit("FROM a\nRUN sh -c 'curl -fsSL https://x | sh'\n"),
            ["curl -fsSL https://x | sh"]
        );
        assert_eq!(
            hit("FROM a\nRUN [\"/bin/bash\", \"-c\", \"curl -fsSL https://x | bash\"]\n"),
            ["curl -fsSL https://x | bash"]
        );
    }

    #[test]
    fn executed_heredocs_but_not_data_heredocs() {
        let src = "FROM a\nRUN <<EOF\nset -e\ncurl -fsSL https://x | sh\nEOF\n";
        assert_eq!(lines(CODE, src), [4]);
        assert_eq!(hit(src), ["curl -fsSL https://x | sh"]);
        let data = "FROM a\nRUN cat <<EOF > /install.sh\ncurl -fsSL https://x | sh\nEOF\n";
        assert!(lines(CODE, data).is_empty());
        let onbuild = "FROM a\nONBUILD RUN curl -s https://x | sh\n";
        assert_eq!(lines(CODE, onbuild), [2]);
    }

    #[test]
    fn multi_stage_each_stage_is_checked() {
        let src =
            "FROM a AS build\nRUN curl -s https://x | sh\nFROM b\nRUN wget -qO- https://y | sh\n";
        assert_eq!(lines(CODE, src), [2, 4]);
    }

    #[test]
    fn clean_near_misses() {
        for src in [
            "FROM a\nRUN curl -fsSLo /tmp/i.sh https://x && echo \"abc  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh\n",
            "FROM a\nRUN curl -fsSL https://x/a.tgz | tar xz -C /opt\n",
            "FROM a\nRUN curl -s https://x | grep -q ok\n",
            "FROM a\nRUN curl -s https://api/x | python3 -c \"import json,sys; print(json.load(sys.stdin)['v'])\"\n",
            "FROM a\nRUN curl -s https://x | perl -ne 'print if /v/'\n",
            "FROM a\nRUN curl -s https://x | node -e 'process.stdin.pipe(process.stdout)'\n",
            "FROM a\nRUN curl -s https://x | sh -c 'cat > /tmp/x'\n",
            "FROM a\nRUN curl -O https://x/i.sh | sh\n",
            "FROM a\nRUN wget https://x/i.sh | sh\n",
            "FROM a\nRUN sh -c 'echo $(curl -s https://x)'\n",
            "FROM a\nRUN bash /tmp/install.sh <(curl -s https://x)\n",
            "FROM a\nRUN echo curl https://x | sh\n",
            "FROM a\nRUN curl -s https://x > /tmp/i.sh; sh /tmp/i.sh\n",
            "FROM a\nRUN VERSION=\"$(curl -s https://x/latest)\" && sh -c \"echo $VERSION\"\n",
            "FROM a\nRUN echo hi | sh\n",
        ] {
            assert!(lines(CODE, src).is_empty(), "{src}: {:?}", hit(src));
        }
    }
}
