//! SS807 json-args (BuildKit JSONArgsRecommended, hadolint DL3025): `CMD` or
//! `ENTRYPOINT` in shell form, so the program runs under `/bin/sh -c`.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Instruction, Keyword};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS807",
        name: "json-args",
        summary: "CMD or ENTRYPOINT uses the shell form, so the program does not receive signals",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Buildkit, "JSONArgsRecommended"),
            Equivalent::similar(Tool::Hadolint, "DL3025"),
        ],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "In shell form, `CMD npm start` runs as `/bin/sh -c \"npm start\"`: the shell is \
PID 1 and the program is its child. `docker stop` sends SIGTERM to the shell, which does not \
pass it on, so the program never shuts down cleanly and is killed after the timeout. Write \
the exec form, `CMD [\"npm\", \"start\"]`, so the program itself receives signals (it then \
also has PID 1's duties, such as reaping children: use `--init` or a small init if it \
spawns processes). When you do want a shell, say so with `SHELL` or \
`CMD [\"sh\", \"-c\", \"…\"]`.\n\n\
As in BuildKit, a stage that sets `SHELL` before the instruction (itself or in a stage it is \
built `FROM`) is exempt: the shell is then a deliberate choice. hadolint's DL3025 has no such \
exemption and also reports `HEALTHCHECK CMD` in shell form; health checks are not sent \
signals, so shipshape does not.\n\n\
The fix, offered only when the command has no shell syntax (no variables, operators, \
redirections, globs or escapes; quotes are resolved), rewrites it in exec form and drops a \
leading `exec`. It is unsafe: the program now runs without a shell, and `CMD` is not \
rewritten when an `ENTRYPOINT` is set (its arguments would change).",
        bad: "FROM node:22-alpine\nCMD npm start\n",
        good: "FROM node:22-alpine\nCMD [\"npm\", \"start\"]\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let model = &cx.model;
    let stages = model.stages.len();
    // Per stage: whether its image config has a SHELL (or an ENTRYPOINT)
    // once all its instructions ran.
    let mut shell_at_end = vec![false; stages];
    let mut entrypoint_at_end = vec![false; stages];
    for (si, stage) in model.stages.iter().enumerate() {
        let parent = stage.parent.filter(|&p| p < si);
        let mut shell = parent.is_some_and(|p| shell_at_end.get(p).copied().unwrap_or(false));
        let inherited_entrypoint =
            parent.is_some_and(|p| entrypoint_at_end.get(p).copied().unwrap_or(false));
        let ins: Vec<&Instruction> = model.stage_instructions(stage).collect();
        let has_entrypoint =
            inherited_entrypoint || ins.iter().any(|i| i.keyword == Keyword::Entrypoint);
        for (pos, i) in ins.iter().enumerate() {
            match i.keyword {
                Keyword::Shell => shell = true,
                Keyword::Cmd | Keyword::Entrypoint if !i.json && !shell => {
                    let later_cmd = ins
                        .get(pos + 1..)
                        .unwrap_or(&[])
                        .iter()
                        .any(|j| j.keyword == Keyword::Cmd);
                    let fixable = match i.keyword {
                        Keyword::Cmd => !has_entrypoint,
                        _ => !later_cmd,
                    };
                    report(cx, out, i, fixable);
                }
                _ => {}
            }
        }
        if let Some(s) = shell_at_end.get_mut(si) {
            *s = shell;
        }
        if let Some(e) = entrypoint_at_end.get_mut(si) {
            *e = has_entrypoint;
        }
    }
}

fn report(cx: &Context<'_>, out: &mut Sink<'_>, ins: &Instruction, fixable: bool) {
    let kw = ins.keyword_span.text(cx.src);
    let text = ins.text.text.as_str();
    let message = if text.starts_with('[') {
        format!(
            "`{kw}` is not a valid JSON array (exec form needs double quotes), so it runs \
under `/bin/sh -c`, which does not pass signals on to the program"
        )
    } else {
        format!(
            "`{kw}` in shell form runs under `/bin/sh -c`, which does not pass signals such as \
SIGTERM on to the program"
        )
    };
    let fix = exec_form(text).filter(|_| fixable).map(|json| {
        Fix::unsafe_(
            format!("Rewrite as `{} {json}`", ins.keyword.as_str()),
            vec![Edit::replace(ins.text.source_span(), json)],
        )
    });
    out.report(ins.keyword_span, message).fix(fix);
}

/// Shell keywords and builtins that are no program of their own.
const NOT_PROGRAMS: &[&str] = &[
    ".", ":", "alias", "bg", "break", "builtin", "case", "cd", "command", "continue", "declare",
    "do", "done", "elif", "else", "esac", "eval", "exit", "export", "fg", "fi", "for", "function",
    "getopts", "hash", "if", "jobs", "let", "local", "read", "readonly", "return", "select", "set",
    "shift", "source", "then", "time", "times", "trap", "type", "typeset", "ulimit", "umask",
    "unalias", "unset", "until", "wait", "while",
];

/// The exec form of a shell-form command with no shell syntax, as a JSON array.
fn exec_form(text: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(cur.take()),
            '\'' => {
                let w = cur.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        d => w.push(d),
                    }
                }
            }
            '"' => {
                let w = cur.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '$' | '`' | '\\' => return None,
                        d => w.push(d),
                    }
                }
            }
            c if c.is_ascii_alphanumeric() || "-_./:=,+%@".contains(c) => {
                cur.get_or_insert_with(String::new).push(c);
            }
            _ => return None,
        }
    }
    words.extend(cur);
    if words.first().is_some_and(|w| w == "exec") {
        words.remove(0);
        if words.first().is_some_and(|w| w.starts_with('-')) {
            return None;
        }
    }
    let first = words.first()?;
    if first.is_empty() || first.contains('=') || NOT_PROGRAMS.contains(&first.as_str()) {
        return None;
    }
    let items: Vec<String> = words
        .iter()
        .map(|w| serde_json::to_string(w).ok())
        .collect::<Option<_>>()?;
    Some(format!("[{}]", items.join(", ")))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS807";

    fn fix_of(src: &str) -> Option<String> {
        let found = run(CODE, src);
        assert_eq!(found.len(), 1, "{found:#?}");
        found[0]
            .fix
            .as_ref()
            .map(|f| f.edits.iter().map(|e| e.new_text.clone()).collect())
    }

    #[test]
    fn shell_form_cmd_and_entrypoint_are_reported_on_the_keyword() {
        let src =
            "FROM alpine:3.20\nENTRYPOINT my-program start\nFROM alpine:3.20\nCMD npm start\n";
        assert_eq!(texts(CODE, src), ["ENTRYPOINT", "CMD"]);
        assert_eq!(lines(CODE, src), [2, 4]);
    }

    #[test]
    fn exec_form_and_healthcheck_are_clean() {
        let src = "FROM alpine:3.20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n\
ENTRYPOINT [\"tini\", \"--\"]\nCMD [\"npm\", \"start\"]\n";
        assert!(run(CODE, src).is_empty());
        // ONBUILD triggers run in another build.
        assert!(run(CODE, "FROM alpine:3.20\nONBUILD CMD npm start\n").is_empty());
    }

    #[test]
    fn a_shell_set_before_is_an_exemption() {
        let src = "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-c\"]\nCMD npm start\n";
        assert!(run(CODE, src).is_empty());
        // Inherited from the stage it is built on.
        let src =
            "FROM alpine:3.20 AS base\nSHELL [\"/bin/ash\", \"-c\"]\nFROM base\nCMD npm start\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn a_shell_set_too_late_or_elsewhere_is_not() {
        let src = "FROM alpine:3.20\nCMD npm start\nSHELL [\"/bin/bash\", \"-c\"]\n";
        assert_eq!(lines(CODE, src), [2]);
        let src = "FROM alpine:3.20 AS other\nSHELL [\"/bin/ash\", \"-c\"]\nFROM alpine:3.20\nCMD npm start\n";
        assert_eq!(lines(CODE, src), [4]);
    }

    #[test]
    fn invalid_json_gets_its_own_message() {
        let src = "FROM alpine:3.20\nCMD ['npm', 'start']\n";
        let found = run(CODE, src);
        assert!(found[0].message.contains("not a valid JSON array"));
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn plain_commands_get_an_unsafe_exec_form_fix() {
        let src = "FROM node:22-alpine\nCMD npm start\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM node:22-alpine\nCMD [\"npm\", \"start\"]\n"
        );
        // Not applied without unsafe fixes.
        let only = crate::Settings::resolve(Some(&[CODE]), &[], &[], &[]).0;
        let outcome = crate::fix::fix_all(src, &only, false);
        assert_eq!(outcome.text, src);
    }

    #[test]
    fn exec_and_quotes_are_resolved() {
        let src = "FROM node:22-alpine\nENTRYPOINT exec node server.js --port=80\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM node:22-alpine\nENTRYPOINT [\"node\", \"server.js\", \"--port=80\"]\n"
        );
        let src = "FROM nginx:1.27\nCMD nginx -g 'daemon off;' -c \"/etc/my conf\"\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM nginx:1.27\nCMD [\"nginx\", \"-g\", \"daemon off;\", \"-c\", \"/etc/my conf\"]\n"
        );
        let src = "FROM alpine:3.20\nCMD echo 'say \"hi\"'\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM alpine:3.20\nCMD [\"echo\", \"say \\\"hi\\\"\"]\n"
        );
    }

    #[test]
    fn shell_syntax_gets_no_fix() {
        for cmd in [
            "npm start && echo done",
            "node server.js > /log",
            "node $APP",
            "node \"$APP\"",
            "node *.js",
            "cd /app && npm start",
            "NODE_ENV=production node app.js",
            "node a\\ b",
            "echo `date`",
            "exec -a name node",
            "source env.sh",
            "node app.js # comment",
            "echo ~",
        ] {
            let src = format!("FROM alpine:3.20\nCMD {cmd}\n");
            assert_eq!(fix_of(&src), None, "{cmd}");
        }
    }

    #[test]
    fn cmd_is_not_rewritten_under_an_entrypoint() {
        let src = "FROM alpine:3.20\nENTRYPOINT [\"tini\", \"--\"]\nCMD npm start\n";
        assert_eq!(fix_of(src), None);
        let src =
            "FROM alpine:3.20 AS base\nENTRYPOINT [\"tini\", \"--\"]\nFROM base\nCMD npm start\n";
        assert_eq!(fix_of(src), None);
        // A shell-form ENTRYPOINT ignores CMD; exec form would not.
        let src = "FROM alpine:3.20\nENTRYPOINT node app.js\nCMD [\"--debug\"]\n";
        assert_eq!(fix_of(src), None);
    }

    #[test]
    fn continuation_lines_and_crlf() {
        let src = "FROM node:22-alpine\r\nCMD npm \\\r\n    start\r\nUSER node\r\n";
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, true),
            "FROM node:22-alpine\r\nCMD [\"npm\", \"start\"]\r\nUSER node\r\n"
        );
    }
}
