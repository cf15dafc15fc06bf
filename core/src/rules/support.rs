//! What several rules share: the RUN scripts of a file, split once, and
//! small helpers over them.

use crate::model::Model;
use crate::shell::{self, Command, Script};
use crate::syntax::{Heredoc, Instruction, Keyword};

/// A RUN instruction with the shell scripts it executes.
pub struct Run<'a> {
    /// Index into [`Model::instructions`].
    pub index: usize,
    pub instruction: &'a Instruction,
    /// The stage it belongs to (None before the first FROM).
    pub stage: Option<usize>,
    /// The shell-form text (or the `sh -c` string of an exec form), then each
    /// heredoc body that a shell executes. Heredocs that are data
    /// (`cat <<EOF > file`, `python3 <<EOF`) are not scripts.
    pub scripts: Vec<Script>,
}

impl Run<'_> {
    /// Every command of every script.
    pub fn commands(&self) -> impl Iterator<Item = &Command> + '_ {
        self.scripts.iter().flat_map(|s| s.commands.iter())
    }
}

const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"];

fn is_shell(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    SHELLS.contains(&base)
}

/// Splits every RUN of the file (ONBUILD RUN triggers included).
pub fn runs<'a>(src: &'a str, model: &Model<'a>) -> Vec<Run<'a>> {
    let mut out = Vec::new();
    for (index, ins) in model.instructions().iter().enumerate() {
        let run = match ins.keyword {
            Keyword::Run => *ins,
            Keyword::Onbuild => match ins.nested.as_deref() {
                Some(n) if n.keyword == Keyword::Run => n,
                _ => continue,
            },
            _ => continue,
        };
        out.push(Run {
            index,
            instruction: run,
            stage: model.stage_of(index),
            scripts: scripts_of(src, run),
        });
    }
    out
}

/// The scripts a RUN executes.
pub fn scripts_of(src: &str, run: &Instruction) -> Vec<Script> {
    let mut scripts = Vec::new();
    let main = if run.json {
        exec_form_script(run)
    } else {
        Some(shell::split_logical(&run.text))
    };
    let first_command_reads_heredoc = main.as_ref().and_then(|s| s.commands.first()).map(|c| {
        let shell_reading = c.name.as_ref().is_some_and(|n| is_shell(&n.text))
            && c.redirects.iter().any(|r| r.is_heredoc());
        let only_heredocs = c.name.is_none();
        shell_reading || only_heredocs
    });
    let heredoc_only = main.as_ref().is_some_and(|s| s.commands.is_empty());
    for (i, h) in run.heredocs.iter().enumerate() {
        let executed = (i == 0 && (heredoc_only || first_command_reads_heredoc == Some(true)))
            && !non_shell_shebang(src, h);
        if executed {
            let body = h.body.text(src);
            scripts.push(shell::split_at(body, h.body.start));
        }
    }
    if let Some(m) = main {
        scripts.insert(0, m);
    }
    scripts
}

/// `#!/usr/bin/env python3` and the like: BuildKit runs the body as that program.
fn non_shell_shebang(src: &str, h: &Heredoc) -> bool {
    let body = h.body.text(src);
    let Some(first) = body.lines().next() else {
        return false;
    };
    let Some(interp) = first.strip_prefix("#!") else {
        return false;
    };
    let mut words = interp.split_whitespace();
    let prog = words.next().unwrap_or("");
    let prog = if prog.ends_with("/env") {
        words.next().unwrap_or("")
    } else {
        prog
    };
    !is_shell(prog)
}

/// `RUN ["sh", "-c", "…"]`: the string is a script. Other exec forms run one
/// program without a shell: a single command built from the items.
fn exec_form_script(run: &Instruction) -> Option<Script> {
    let items = &run.args;
    let first = items.first()?;
    if is_shell(&first.text) {
        if let Some(pos) = items.iter().position(|w| {
            w.text == "-c"
                || (w.text.starts_with('-') && w.text.ends_with('c') && !w.text.starts_with("--"))
        }) {
            let script = items.get(pos + 1)?;
            // The item's span includes its JSON quotes; escapes inside it
            // shift offsets, so spans are exact only for escape-free strings.
            return Some(shell::split_at(&script.text, script.span.start + 1));
        }
    }
    // One command, no shell: the items are argv. Quote-free items map 1:1.
    let joined: Vec<String> = items.iter().map(|w| shell_quote(&w.text)).collect();
    let mut script = shell::split(&joined.join(" "));
    // Point every command at the whole JSON array.
    let whole = run.text.source_span();
    for c in &mut script.commands {
        c.span = whole;
        for w in c
            .name
            .iter_mut()
            .chain(c.args.iter_mut())
            .chain(c.assignments.iter_mut())
        {
            w.span = whole;
        }
    }
    Some(script)
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:@%+,".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
