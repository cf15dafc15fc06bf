//! Wrapper commands (`sudo`, `env`, …) and shell re-entry (`sh -c`, `eval`).

use super::{CommandView, ShellWord};

/// How a wrapper's options and leading operands are laid out.
struct Wrapper {
    names: &'static [&'static str],
    /// Short option letters that take a value (`-u user`, `-uuser`).
    short_values: &'static str,
    /// Long options that take a value when given without `=`.
    long_values: &'static [&'static str],
    /// `NAME=value` operands before the command are skipped.
    assignments: bool,
    /// Operands before the command (`timeout 5 cmd`, `gosu user cmd`).
    operands: usize,
    /// Options after which no command is run (`command -v x`).
    no_command: &'static [&'static str],
}

const WRAPPERS: &[Wrapper] = &[
    Wrapper {
        names: &["sudo", "doas"],
        short_values: "ugpCDhrtTU",
        long_values: &[
            "user",
            "group",
            "prompt",
            "chdir",
            "host",
            "role",
            "type",
            "other-user",
            "close-from",
            "command-timeout",
        ],
        assignments: true,
        operands: 0,
        no_command: &[
            "-l",
            "-v",
            "-k",
            "-K",
            "-V",
            "-e",
            "--list",
            "--validate",
            "--edit",
        ],
    },
    Wrapper {
        names: &["env"],
        short_values: "uCS",
        long_values: &["unset", "chdir", "split-string"],
        assignments: true,
        operands: 0,
        no_command: &[],
    },
    Wrapper {
        names: &["exec"],
        short_values: "a",
        long_values: &[],
        assignments: false,
        operands: 0,
        no_command: &[],
    },
    Wrapper {
        names: &["nohup", "builtin"],
        short_values: "",
        long_values: &[],
        assignments: false,
        operands: 0,
        no_command: &[],
    },
    Wrapper {
        names: &["time"],
        short_values: "fo",
        long_values: &["format", "output"],
        assignments: false,
        operands: 0,
        no_command: &[],
    },
    Wrapper {
        names: &["command"],
        short_values: "",
        long_values: &[],
        assignments: false,
        operands: 0,
        no_command: &["-v", "-V"],
    },
    Wrapper {
        names: &["nice"],
        short_values: "n",
        long_values: &["adjustment"],
        assignments: false,
        operands: 0,
        no_command: &[],
    },
    Wrapper {
        names: &["ionice"],
        short_values: "cnp",
        long_values: &["class", "classdata", "pid"],
        assignments: false,
        operands: 0,
        no_command: &[],
    },
    Wrapper {
        names: &["timeout"],
        short_values: "sk",
        long_values: &["signal", "kill-after"],
        assignments: false,
        operands: 1,
        no_command: &[],
    },
    Wrapper {
        names: &["stdbuf"],
        short_values: "ioe",
        long_values: &["input", "output", "error"],
        assignments: false,
        operands: 0,
        no_command: &[],
    },
    Wrapper {
        names: &["xargs"],
        short_values: "adEIiLlnPs",
        long_values: &[
            "arg-file",
            "delimiter",
            "eof",
            "replace",
            "max-lines",
            "max-args",
            "max-procs",
            "max-chars",
            "process-slot-var",
        ],
        assignments: false,
        operands: 0,
        no_command: &[],
    },
    Wrapper {
        names: &["gosu", "su-exec"],
        short_values: "",
        long_values: &[],
        assignments: false,
        operands: 1,
        no_command: &[],
    },
    Wrapper {
        names: &["tini", "dumb-init"],
        short_values: "epr",
        long_values: &["rewrite"],
        assignments: false,
        operands: 0,
        no_command: &[],
    },
];

/// `NAME=…` or `NAME+=…` with a valid shell identifier.
pub(crate) fn is_assignment(s: &str) -> bool {
    let Some(eq) = s.find('=') else {
        return false;
    };
    let name = s.get(..eq).unwrap_or("");
    let name = name.strip_suffix('+').unwrap_or(name);
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The index in `v.args` of the command a wrapper runs, if `v` is a wrapper
/// followed by a command.
pub(crate) fn wrapped_command(v: &CommandView<'_>) -> Option<usize> {
    let base = v.basename();
    let w = WRAPPERS.iter().find(|w| w.names.contains(&base))?;
    let args = v.args;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if w.no_command.contains(&t) {
            return None;
        }
        if t == "--" {
            i += 1;
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            let takes = !long.contains('=') && w.long_values.contains(&long);
            i += if takes { 2 } else { 1 };
            continue;
        }
        if let Some(short) = t.strip_prefix('-').filter(|s| !s.is_empty()) {
            let mut step = 1;
            for (j, ch) in short.char_indices() {
                if w.short_values.contains(ch) {
                    if j + ch.len_utf8() == short.len() {
                        step = 2;
                    }
                    break;
                }
            }
            i += step;
            continue;
        }
        if w.assignments && is_assignment(t) {
            i += 1;
            continue;
        }
        break;
    }
    i += w.operands;
    (i < args.len()).then_some(i)
}

/// What a re-entering command runs as shell text.
pub(crate) enum Reentry {
    /// The argument at this index of the command's `args`.
    Arg(usize),
    /// The arguments from this index on, joined by spaces (`eval`).
    From(usize),
}

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"];

/// Whether `v` (already unwrapped) runs one of its arguments as shell text.
/// Indices are in the original command's `args`.
pub(crate) fn reentry(v: &CommandView<'_>) -> Option<Reentry> {
    let base = v.basename();
    let args: &[ShellWord] = v.args;
    let at = |i: usize| Some(Reentry::Arg(v.arg_offset() + i)).filter(|_| i < args.len());
    if base == "eval" {
        return (!args.is_empty()).then_some(Reentry::From(v.arg_offset()));
    }
    if base == "su" {
        let mut i = 0;
        while let Some(a) = args.get(i) {
            let t = a.text.as_str();
            if t == "--command" {
                return at(i + 1);
            }
            if t.starts_with('-') && !t.starts_with("--") && t.ends_with('c') {
                return at(i + 1);
            }
            i += 1;
        }
        return None;
    }
    let mut args_from = 0;
    if base == "busybox" {
        // `busybox sh -c …`
        let sub = args.first()?;
        if !SHELLS.contains(&sub.text.as_str()) || sub.text == "busybox" {
            return None;
        }
        args_from = 1;
    } else if !SHELLS.contains(&base) {
        return None;
    }
    let mut i = args_from;
    let mut has_c = false;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if t == "--" || t == "-" {
            i += 1;
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            i += if matches!(long, "rcfile" | "init-file") {
                2
            } else {
                1
            };
            continue;
        }
        if let Some(short) = t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
            if t.starts_with('-') && short.contains('c') {
                has_c = true;
            }
            // `-o option` / `-O shopt` take a value.
            i += if short.contains('o') || short.contains('O') {
                2
            } else {
                1
            };
            continue;
        }
        break;
    }
    if has_c {
        at(i)
    } else {
        None
    }
}
