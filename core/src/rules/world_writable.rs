//! SS105 world-writable (no peer equivalent): `chmod`, `mkdir -m`,
//! `install -m` or `COPY`/`ADD --chmod` give every user write access.

use super::privilege_support::{links, mode_word, word_span};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::syntax::{Instruction, Keyword};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS105",
        name: "world-writable",
        summary: "A file or directory is made writable by every user",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::LeastPrivilege],
        owasp: &[Owasp::D04],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "A world-writable file can be changed by any process in the container, whatever user \
it runs as: an attacker who gets code execution as an unprivileged user can rewrite the \
application, its configuration or a script that root runs later. `chmod 777` is usually a \
shortcut around a permission problem that `chown` to the application's user (or `COPY \
--chown`) solves properly.\n\n\
Reported: a mode that sets the *other* write bit, in `chmod` (`777`, `0666`, `-R 777`, `a+w`, \
`o+w`, `o=rwx`, `u=rwx,go=rwx`), in `mkdir -m`/`install -m`, and in `COPY --chmod`/`ADD \
--chmod` (after variable expansion). Octal modes are judged by their last digit (`2`, `3`, `6`, \
`7`), so four-digit modes such as `2777` count too.\n\n\
Not reported: `chmod 755`, `u+w`, `g+w`, modes that remove write access (`o-w`); `+w` or `=rw` \
without a `u`/`g`/`o`/`a` class, because `chmod` then leaves the bits of the umask alone and \
the build's umask (`022`) protects the other write bit; and modes that also set the sticky \
bit (`1777`, `a+rwxt`), the deliberate mode of shared temporary directories such as `/tmp` \
where users cannot delete each other's files. Modes held in shell variables are not judged.\n\n\
None of hadolint, Trivy, Checkov or Dockle checks permissions set in a Dockerfile.",
        bad: "FROM debian:12\nCOPY app /app\nRUN chmod -R 777 /app\n",
        good: "FROM debian:12\nCOPY --chown=app:app app /app\nRUN chmod -R 755 /app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            for link in links(c, &["chmod", "mkdir", "install"]) {
                let Some((mode, text)) = mode_word(&link) else {
                    continue;
                };
                if is_world_writable(text) {
                    out.report(word_span(run, c, mode), message(text));
                }
            }
        }
    }
    for (index, ins) in cx.model.instructions().iter().enumerate() {
        let ins: &Instruction = match ins.keyword {
            Keyword::Onbuild => match ins.nested.as_deref() {
                Some(n) => n,
                None => continue,
            },
            _ => ins,
        };
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
            continue;
        }
        let Some(value) = ins.flag("chmod").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        let e = cx.model.expand_at(index, &value.text);
        if e.is_exact() && e.unresolved.is_empty() && is_world_writable(&e.text) {
            let shown = if e.text == value.text {
                format!("`{}`", e.text)
            } else {
                format!("`{}` (`{}`)", value.text, e.text)
            };
            out.report(
                value.span,
                format!("Mode {shown} makes the copied files writable by every user"),
            );
        }
    }
}

fn message(mode: &str) -> String {
    format!("Mode `{mode}` makes the files writable by every user")
}

/// Whether a chmod mode (octal or symbolic) leaves the other write bit set
/// without the sticky bit. Unreadable modes and variables give `false`.
pub(crate) fn is_world_writable(mode: &str) -> bool {
    if mode.is_empty() || mode.contains('$') || mode.contains('`') {
        return false;
    }
    if mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        if mode.len() > 8 {
            return false;
        }
        let Ok(bits) = u32::from_str_radix(mode, 8) else {
            return false;
        };
        return bits & 0o002 != 0 && bits & 0o1000 == 0;
    }
    symbolic_world_writable(mode).unwrap_or(false)
}

/// Evaluates `[ugoa]*([-+=]([rwxXst]*|[ugo]))+` clauses separated by commas;
/// `None` when the mode does not read as one.
fn symbolic_world_writable(mode: &str) -> Option<bool> {
    // Some(true): others can write; Some(false): they cannot; None: as before.
    let mut other_write: Option<bool> = None;
    let mut sticky = false;
    for clause in mode.split(',') {
        let who_len = clause
            .bytes()
            .take_while(|b| matches!(b, b'u' | b'g' | b'o' | b'a'))
            .count();
        let who = clause.get(..who_len)?;
        let mut rest = clause.get(who_len..)?;
        if rest.is_empty() {
            return None;
        }
        // Without a class, bits in the umask (022: the other write bit) are
        // left alone.
        let others = who.contains('o') || who.contains('a');
        while let Some(op) = rest.chars().next() {
            if !matches!(op, '+' | '-' | '=') {
                return None;
            }
            let after = rest.get(1..)?;
            let perms_len = after
                .bytes()
                .take_while(|b| {
                    matches!(
                        b,
                        b'r' | b'w' | b'x' | b'X' | b's' | b't' | b'u' | b'g' | b'o'
                    )
                })
                .count();
            let perms = rest.get(1..1 + perms_len)?;
            rest = rest.get(1 + perms_len..)?;
            let copies = perms.contains(['u', 'g', 'o']);
            if copies && perms.len() != 1 {
                return None;
            }
            if matches!(op, '+' | '=') && perms.contains('t') {
                sticky = true;
            }
            if !others {
                continue;
            }
            other_write = match (op, copies, perms.contains('w')) {
                // Copying another class's bits: unknown.
                (_, true, _) => None,
                ('+', _, true) => Some(true),
                ('-', _, true) => Some(false),
                ('=', _, w) => Some(w),
                _ => other_write,
            };
        }
    }
    Some(other_write == Some(true) && !sticky)
}

#[cfg(test)]
mod tests {
    use super::is_world_writable;
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS105";

    fn hits(script: &str) -> Vec<String> {
        let src = format!("FROM debian:12\nRUN {script}\n");
        texts(CODE, &src).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn modes() {
        for m in [
            "777",
            "0777",
            "00777",
            "666",
            "0666",
            "2777",
            "4777",
            "6777",
            "772",
            "703",
            "2",
            "a+w",
            "o+w",
            "o+rwx",
            "a=rwx",
            "ugo+rw",
            "u=rwx,go=rwx",
            "go+w",
            "o=w",
            "a+rwX",
            "o-w,o+w",
            "u+x,o+w",
        ] {
            assert!(is_world_writable(m), "{m}");
        }
        for m in [
            "755", "0755", "644", "600", "775", "1777", "01777", "3777", "770", "u+w", "g+w",
            "ug+w", "+w", "=rw", "o-w", "a-w", "a+w,o-w", "o=rx", "a+rwxt", "o+wt", "+t,o+w",
            "o=u", "a+u", "$MODE", "", "abc", "+", "u+w,", "8777", "u+wq",
        ] {
            assert!(!is_world_writable(m), "{m}");
        }
    }

    #[test]
    fn chmod_in_run() {
        assert_eq!(hits("chmod 777 /app"), vec!["777"]);
        assert_eq!(hits("chmod -R 777 /app"), vec!["777"]);
        assert_eq!(hits("chmod --recursive a+w /app"), vec!["a+w"]);
        assert_eq!(hits("chmod -v -- 0666 /app/db"), vec!["0666"]);
        assert_eq!(hits("/bin/chmod o+w /app"), vec!["o+w"]);
        let d = run(CODE, "FROM debian:12\nRUN chmod 777 /app\n");
        assert_eq!(
            d[0].message,
            "Mode `777` makes the files writable by every user"
        );
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn mkdir_and_install_modes() {
        assert_eq!(hits("mkdir -p -m 777 /data"), vec!["777"]);
        assert_eq!(hits("mkdir -m777 /data"), vec!["-m777"]);
        assert_eq!(hits("install -d --mode=0777 /data"), vec!["--mode=0777"]);
        assert_eq!(hits("install -m 666 a /data/a"), vec!["666"]);
        assert_eq!(hits("install -Dm777 a /data/a"), vec!["-Dm777"]);
        assert_eq!(hits("install -o app -m 0777 -d /data"), vec!["0777"]);
        assert!(hits("install -m 0755 -o 777 a /b").is_empty());
        assert!(hits("mkdir -m 755 /data").is_empty());
        assert!(hits("mkdir -p /data").is_empty());
        assert!(hits("install -m 0755 app /usr/local/bin/app").is_empty());
    }

    #[test]
    fn behind_wrappers_find_exec_and_strings() {
        assert_eq!(hits("sudo chmod 777 /app"), vec!["777"]);
        assert_eq!(hits("find /app -type d -exec chmod 777 {} +"), vec!["777"]);
        assert_eq!(hits("find /app -exec sudo chmod o+w {} \\;"), vec!["o+w"]);
        assert_eq!(hits("ls | xargs chmod 666"), vec!["666"]);
        assert_eq!(hits("sh -c 'chmod 777 /app'"), vec!["777"]);
        assert_eq!(hits("mkdir /x && chmod 777 /x && echo ok"), vec!["777"]);
    }

    #[test]
    fn exec_form_continuation_and_heredoc() {
        let src = "FROM debian:12\nRUN [\"chmod\", \"777\", \"/app\"]\n";
        assert_eq!(texts(CODE, src), vec!["777"]);
        let src = "FROM debian:12\nRUN mkdir /app && \\\n    chmod -R 0777 /app\n";
        assert_eq!(texts(CODE, src), vec!["0777"]);
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM debian:12\nRUN <<EOF\nmkdir /app\nchmod 777 /app\nEOF\n";
        assert_eq!(lines(CODE, src), vec![4]);
    }

    #[test]
    fn copy_and_add_chmod() {
        let src = "FROM debian:12\nCOPY --chmod=777 app /app\n";
        assert_eq!(texts(CODE, src), vec!["777"]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "Mode `777` makes the copied files writable by every user"
        );
        let src = "FROM debian:12\nADD --chmod=0666 https://example.com/x /x\n";
        assert_eq!(texts(CODE, src), vec!["0666"]);
        let src = "FROM debian:12\nARG MODE=777\nCOPY --chmod=$MODE app /app\n";
        assert_eq!(texts(CODE, src), vec!["$MODE"]);
        assert!(run(CODE, src)[0].message.contains("`$MODE` (`777`)"));
        let src = "FROM debian:12\nONBUILD COPY --chmod=777 app /app\n";
        assert_eq!(texts(CODE, src), vec!["777"]);
    }

    #[test]
    fn near_misses() {
        for script in [
            "chmod 755 /app",
            "chmod 1777 /tmp",
            "chmod u+w /app",
            "chmod +w /app",
            "chmod -w /app",
            "chmod --reference=/etc/passwd /app",
            "chmod \"$MODE\" /app",
            "echo chmod 777 /app",
            "chown -R app:app /app",
            "chmod 4755 /usr/bin/tool",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
        for src in [
            "FROM debian:12\nCOPY --chmod=755 app /app\n",
            "FROM debian:12\nCOPY --chmod=$UNKNOWN app /app\n",
            "FROM debian:12\nARG MODE\nCOPY --chmod=$MODE app /app\n",
            "FROM debian:12\nCOPY 777 /app\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
        // A data heredoc is not a script.
        let src = "FROM debian:12\nRUN cat <<EOF > /x.sh\nchmod 777 /app\nEOF\n";
        assert!(run(CODE, src).is_empty());
    }
}
