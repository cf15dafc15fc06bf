//! SS848 pipe-without-pipefail (hadolint DL4006): a RUN pipes commands in a
//! shell without `pipefail`, so a failure on the left of `|` does not fail
//! the build.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::model::Base;
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::shell::{Origin, Script};
use crate::syntax::{Instruction, Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS848",
        name: "pipe-without-pipefail",
        summary: "A RUN pipeline hides failures of the commands before the last pipe",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoCurlBash],
        owasp: &[Owasp::D08],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL4006")],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "A pipeline's exit status is that of its last command. In \
`RUN curl -fsSL https://example.com/key | gpg --dearmor -o /usr/share/keyrings/x.gpg` a failed \
download still lets the step succeed, with an empty key; in `wget -O- URL | tar -xz` a \
truncated download can pass unnoticed. With `pipefail` the pipeline fails when any part fails.\n\n\
Set it for the RUN steps of a stage with `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` \
(or `/bin/ash` on Alpine), or inside one step with `set -o pipefail` before the pipe (not \
available in Debian's `dash`).\n\n\
**What is reported.** The first `|` of a RUN (shell form, or the script of an executed \
heredoc) when no `SHELL` in force names bash, zsh, ash, ksh or mksh with `-o pipefail`, and no \
`set -o pipefail` comes earlier in the same script. A `SHELL` set in a parent stage \
(`FROM builder`) carries over, as in BuildKit. A `SHELL` of PowerShell or `cmd` turns the rule \
off for the stage. Pipes inside `sh -c \"…\"` strings run in a new shell and are not judged.\n\n\
**Fix (unsafe, sometimes).** Inserts `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` \
before the first such RUN of a stage, only when the stage has no `SHELL` yet and its base image \
is one known to ship bash (Debian, Ubuntu, Fedora and the Red Hat family, and the official \
language images built on Debian such as `python`, `node`, `golang`, `ruby`, `rust`, `php`, \
`buildpack-deps`, except their `alpine` variants). It is unsafe because it changes behaviour \
on purpose: a failing pipe then fails the build, and every later shell-form RUN, CMD and \
ENTRYPOINT of the stage runs under bash instead of `/bin/sh`. Other bases get no fix: \
inserting bash where it is missing would break the build.\n\n\
**How this differs from hadolint DL4006.** hadolint forgets the `SHELL` at each `FROM` (a \
stage built on a stage with the right `SHELL` is reported) and does not accept \
`set -o pipefail` inside the RUN, a common fix.",
        bad: "FROM debian:12\nRUN curl -fsSL https://example.com/install.tgz | tar -xz\n",
        good: "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/install.tgz | tar -xz\n",
    },
    check,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shell {
    /// No SHELL instruction: `/bin/sh -c`.
    Default,
    /// A SHELL without pipefail.
    Plain,
    Pipefail,
    /// PowerShell or cmd: not a POSIX shell.
    NonPosix,
}

/// Official images (docker.io/library) known to contain bash, unless alpine-based.
const WITH_BASH: &[&str] = &[
    "debian",
    "ubuntu",
    "fedora",
    "centos",
    "rockylinux",
    "almalinux",
    "amazonlinux",
    "oraclelinux",
    "buildpack-deps",
    "python",
    "node",
    "golang",
    "ruby",
    "rust",
    "php",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let mut finals: Vec<Shell> = Vec::new();
    for (si, stage) in cx.model.stages.iter().enumerate() {
        let mut shell = stage
            .parent
            .and_then(|p| finals.get(p).copied())
            .unwrap_or(Shell::Default);
        let mut fix_offered = false;
        for index in stage.instructions.clone() {
            let Some(ins) = cx.model.instruction(index) else {
                continue;
            };
            match ins.keyword {
                Keyword::Shell => shell = shell_of(ins),
                Keyword::Run if matches!(shell, Shell::Default | Shell::Plain) => {
                    if ins.json && ins.args.iter().any(|a| a.text == "pipefail") {
                        continue;
                    }
                    let Some(run) = cx.runs.iter().find(|r| r.index == index) else {
                        continue;
                    };
                    let Some(pipe) = run.scripts.iter().find_map(|s| first_pipe(cx.src, s)) else {
                        continue;
                    };
                    let fix = if !fix_offered && shell == Shell::Default && has_bash(cx, si) {
                        fix_offered = true;
                        shell_fix(cx.src, ins)
                    } else {
                        None
                    };
                    out.report(
                        pipe,
                        "A failure before this pipe does not fail the build: set `-o pipefail` with `SHELL`",
                    )
                    .fix(fix);
                }
                _ => {}
            }
        }
        finals.push(shell);
    }
}

fn shell_of(ins: &Instruction) -> Shell {
    let Some(first) = ins.args.first() else {
        return Shell::Plain;
    };
    let name = first
        .text
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.starts_with("pwsh") || name.starts_with("powershell") || name.starts_with("cmd") {
        return Shell::NonPosix;
    }
    let posix = matches!(name.as_str(), "bash" | "zsh" | "ash" | "ksh" | "mksh");
    let items: Vec<&str> = ins.args.iter().skip(1).map(|a| a.text.as_str()).collect();
    let pipefail = items.windows(2).any(|w| {
        matches!(w, [o, "pipefail"] if o.starts_with('-') && !o.starts_with("--") && o.ends_with('o'))
    });
    if posix && pipefail {
        Shell::Pipefail
    } else {
        Shell::Plain
    }
}

/// The first `|` of the script's own commands, unless `set -o pipefail` comes first.
fn first_pipe(src: &str, script: &Script) -> Option<Span> {
    let mut pipefail_at = None;
    for c in &script.commands {
        if c.origin != Origin::TopLevel {
            continue;
        }
        if c.is("set") && c.has_flag("o") && c.has_arg("pipefail") {
            pipefail_at.get_or_insert(c.span.start);
        }
    }
    for (i, c) in script.commands.iter().enumerate() {
        if c.origin != Origin::TopLevel || c.pipe_index == 0 {
            continue;
        }
        if pipefail_at.is_some_and(|p| p < c.span.start) {
            return None;
        }
        let prev_end = script.piped_from(i).map_or(c.span.start, |p| p.span.end);
        let between = src.get(prev_end..c.span.start).unwrap_or("");
        return Some(match between.find('|') {
            Some(k) => Span::new(prev_end + k, prev_end + k + 1),
            None => c.name.as_ref().map_or(c.span, |n| n.span),
        });
    }
    None
}

/// The stage's chain of parents ends at an image known to ship bash.
fn has_bash(cx: &Context<'_>, stage: usize) -> bool {
    let mut s = stage;
    for _ in 0..cx.model.stages.len() {
        let Some(st) = cx.model.stage(s) else {
            return false;
        };
        match &st.base {
            Base::Stage(p) if *p < s => s = *p,
            Base::Image(r) => {
                let official = r.registry == "docker.io";
                let name = r.repository.strip_prefix("library/").unwrap_or("");
                let tag = r.tag.as_deref().unwrap_or("");
                return official
                    && WITH_BASH.contains(&name)
                    && !tag.contains("alpine")
                    && !tag.contains("windows")
                    && !tag.contains("nanoserver");
            }
            _ => return false,
        }
    }
    false
}

fn shell_fix(src: &str, ins: &Instruction) -> Option<Fix> {
    let line_start = src.get(..ins.span.start)?.rfind('\n').map_or(0, |p| p + 1);
    let indent = src.get(line_start..ins.span.start)?;
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let keyword = if ins.keyword_span.text(src).starts_with('r') {
        "shell"
    } else {
        "SHELL"
    };
    Some(Fix::unsafe_(
        "Run this stage's RUN steps with `bash -o pipefail` (changes the shell)",
        vec![Edit::insert(
            ins.span.start,
            format!("{keyword} [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n{indent}"),
        )],
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS848";

    #[test]
    fn pipes_without_pipefail() {
        let src = "FROM debian:12\nRUN curl -fsSL https://x/k | gpg --dearmor -o /k.gpg\n";
        assert_eq!(texts(CODE, src), vec!["|"]);
        let src = "FROM debian:12\nRUN apt-get update && \\\n    wget -O- https://x/a \\\n      | tar -xz\n";
        assert_eq!(lines(CODE, src), vec![4]);
        let src = "FROM alpine:3.20\nRUN <<EOF\nset -e\nwget -O- https://x/a | tar -xz\nEOF\n";
        assert_eq!(lines(CODE, src), vec![4]);
        // One finding per RUN.
        let src = "FROM debian:12\nRUN a | b && c | d\n";
        assert_eq!(run(CODE, src).len(), 1);
        // A SHELL without pipefail, or one set only in an unrelated stage.
        let src = "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n";
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM debian:12 AS a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM debian:12\nRUN a | b\n";
        assert_eq!(lines(CODE, src), vec![4]);
        // pipefail after the pipe is too late.
        let src = "FROM debian:12\nRUN a | b; set -o pipefail\n";
        assert_eq!(lines(CODE, src), vec![2]);
        // A later SHELL without pipefail turns it off again.
        let src = "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n";
        assert_eq!(lines(CODE, src), vec![4]);
    }

    #[test]
    fn near_misses() {
        let clean = [
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n",
            "FROM debian:12\nRUN set -o pipefail && a | b\n",
            "FROM debian:12\nRUN set -eux -o pipefail; a | b\n",
            "FROM debian:12\nRUN [\"bash\", \"-o\", \"pipefail\", \"-c\", \"a | b\"]\n",
            "FROM debian:12\nRUN bash -o pipefail -c 'a | b'\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Remove-Item\n",
            "FROM debian:12\nRUN a || b && c\n",
            "FROM debian:12\nRUN echo 'a | b'\n",
            "FROM debian:12\nRUN cat <<EOF > /x.sh\na | b\nEOF\n",
        ];
        for src in clean {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn the_fix_sets_a_bash_shell_when_the_base_has_bash() {
        let src = "FROM debian:12\nRUN a | b\nRUN c | d\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nRUN c | d\n"
        );
        let src = "FROM python:3.12-slim AS build\nRUN true\nFROM build\nRUN a | b\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM python:3.12-slim AS build\nRUN true\nFROM build\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n"
        );
        // No bash known, or a SHELL already chosen: no fix.
        for src in [
            "FROM alpine:3.20\nRUN a | b\n",
            "FROM python:3.12-alpine\nRUN a | b\n",
            "FROM ghcr.io/acme/base:1\nRUN a | b\n",
            "FROM debian:12\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n",
        ] {
            assert!(run(CODE, src)[0].fix.is_none(), "{src}");
        }
        // Unsafe: not applied by a safe-only run.
        let settings = crate::engine::Settings::resolve(Some(&[CODE]), &[], &[], &[]).0;
        assert!(!crate::fix::fix_all("FROM debian:12\nRUN a | b\n", &settings, false).changed());
    }
}
