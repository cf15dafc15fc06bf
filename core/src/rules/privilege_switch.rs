//! SS104 privilege-switch (no peer equivalent): `doas`, `su`, `runuser`,
//! `gosu`, `su-exec`, `setpriv` or `chroot --userspec` used to become root.

use super::privilege_support::{links, names_root, option_value, word_span, Link};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};
use crate::shell::ShellWord;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS104",
        name: "privilege-switch",
        summary: "A RUN instruction switches to root with doas, su, runuser, gosu, su-exec, setpriv or chroot",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoRoot, Checklist::LeastPrivilege],
        owasp: &[Owasp::D01],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "`sudo` is not the only way to become root. `doas`, `su`, `runuser`, `gosu`, \
`su-exec`, `setpriv` and `chroot --userspec` all run a command as another user, and when that \
user is root the image carries the means (a setuid binary, a `doas.conf` rule, a known root \
password) for any process to regain root, or the Dockerfile's `USER` no longer says who runs \
what. Switch users with `USER` around the steps that need root instead.\n\n\
Reported: `doas` (root unless configured otherwise, like `sudo`); `su`/`runuser` with no user, \
`-`, `-l`, `-c …` or an explicit `root`/`0`; `gosu root …`, `su-exec 0:0 …`; `runuser -u root`; \
`setpriv --reuid=0` (also `--ruid`, `--euid`); `chroot --userspec=0:0`. Not reported: \
switching *to an unprivileged user* (`gosu app \"$@\"`, `su-exec 1000 …`, `su app -c …`, \
`runuser -u app -- …`), which is how entrypoints drop root, and users held in shell variables \
(`gosu \"$APP_USER\"`), which the file cannot resolve. The commands are found wherever the shell \
runs them, as for SS103 (`sudo`).\n\n\
None of hadolint, Trivy, Checkov or Dockle checks these commands: they only look for `sudo`.",
        bad: "FROM alpine:3.20\nRUN apk add --no-cache doas\nRUN doas apk upgrade\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache su-exec\nENTRYPOINT [\"su-exec\", \"app\", \"/app\"]\n",
    },
    check,
};

const NAMES: &[&str] = &[
    "doas", "su", "runuser", "gosu", "su-exec", "setpriv", "chroot",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            for link in links(c, NAMES) {
                if let Some(message) = judge(&link) {
                    out.report(word_span(run, c, link.name), message);
                }
            }
        }
    }
}

/// The message when `link` runs something as root.
fn judge(link: &Link<'_>) -> Option<String> {
    let name = link.basename();
    let become_root = match name {
        "doas" => return Some("`doas` runs a command as root: switch with `USER` instead".into()),
        "su" | "runuser" => su_user(link.args).is_none_or(names_root),
        "gosu" | "su-exec" => link
            .args
            .first()
            .filter(|a| !a.text.starts_with('-'))
            .is_some_and(|a| names_root(&a.text)),
        "setpriv" => ["reuid", "ruid", "euid"]
            .iter()
            .any(|o| option_value(link.args, None, o).is_some_and(names_root)),
        "chroot" => option_value(link.args, None, "userspec").is_some_and(names_root),
        _ => false,
    };
    become_root.then(|| format!("`{name}` switches to root: switch with `USER` instead"))
}

/// The user `su`/`runuser` switches to: the `-u`/`--user` value (runuser),
/// else the first operand; `None` when none is given (then it is root).
fn su_user(args: &[ShellWord]) -> Option<&str> {
    if let Some(u) = option_value(args, Some('u'), "user") {
        return Some(u);
    }
    // Options that take a value: -c -s -g -G -w (and their long forms).
    const SHORT_VALUES: &str = "csgGwu";
    const LONG_VALUES: &[&str] = &[
        "command",
        "session-command",
        "shell",
        "group",
        "supp-group",
        "whitelist-environment",
        "user",
    ];
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if t == "--" {
            return args.get(i + 1).map(|w| w.text.as_str());
        }
        if t == "-" {
            i += 1;
            continue;
        }
        if let Some(long) = t.strip_prefix("--") {
            let takes = !long.contains('=') && LONG_VALUES.contains(&long);
            i += if takes { 2 } else { 1 };
            continue;
        }
        if let Some(short) = t.strip_prefix('-') {
            // `-lc cmd`: the last letter takes the next word; a value-taking
            // letter earlier in the cluster takes the rest of the word.
            let mut step = 1;
            for (j, ch) in short.char_indices() {
                if SHORT_VALUES.contains(ch) {
                    if j + ch.len_utf8() == short.len() {
                        step = 2;
                    }
                    break;
                }
            }
            i += step;
            continue;
        }
        return Some(t);
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS104";

    fn hits(script: &str) -> Vec<String> {
        let src = format!("FROM alpine:3.20\nRUN {script}\n");
        texts(CODE, &src).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn doas_always() {
        assert_eq!(hits("doas apk upgrade"), vec!["doas"]);
        assert_eq!(hits("doas -u root apk upgrade"), vec!["doas"]);
        let d = run(CODE, "FROM alpine:3.20\nRUN doas make\n");
        assert_eq!(
            d[0].message,
            "`doas` runs a command as root: switch with `USER` instead"
        );
    }

    #[test]
    fn su_to_root() {
        for script in [
            "su -c 'apk add curl'",
            "su root -c 'make'",
            "su -",
            "su - root -c make",
            "su -l -c make",
            "su -lc make",
            "su -s /bin/sh -c make",
            "su 0 -c make",
            "su",
            "su -- root",
        ] {
            assert_eq!(hits(script), vec!["su"], "{script}");
        }
        let d = run(CODE, "FROM alpine:3.20\nRUN su -c make\n");
        assert_eq!(
            d[0].message,
            "`su` switches to root: switch with `USER` instead"
        );
    }

    #[test]
    fn su_to_a_user_is_clean() {
        for script in [
            "su app -c 'make'",
            "su - app -c make",
            "su -c make app",
            "su -s /bin/sh app -c make",
            "su -lc make app",
            "su \"$APP_USER\" -c make",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn runuser() {
        assert_eq!(hits("runuser -u root -- make"), vec!["runuser"]);
        assert_eq!(hits("runuser --user=0 make"), vec!["runuser"]);
        assert_eq!(hits("runuser -l root -c make"), vec!["runuser"]);
        assert!(hits("runuser -u app -- make").is_empty());
        assert!(hits("runuser -l app -c make").is_empty());
    }

    #[test]
    fn gosu_and_su_exec() {
        assert_eq!(hits("gosu root make"), vec!["gosu"]);
        assert_eq!(hits("gosu 0:0 make"), vec!["gosu"]);
        assert_eq!(hits("su-exec root:root make"), vec!["su-exec"]);
        assert_eq!(
            hits("/usr/local/bin/gosu 0 make"),
            vec!["/usr/local/bin/gosu"]
        );
        // Dropping privileges is the intended use.
        for script in [
            "gosu app make",
            "gosu nobody true",
            "su-exec 1000:1000 make",
            "gosu \"$USER\" make",
            "gosu --version",
            "gosu",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn setpriv_and_chroot() {
        assert_eq!(
            hits("setpriv --reuid=0 --regid=0 --init-groups make"),
            vec!["setpriv"]
        );
        assert_eq!(hits("setpriv --euid 0 make"), vec!["setpriv"]);
        assert!(hits("setpriv --reuid=1000 --regid=1000 --clear-groups make").is_empty());
        assert_eq!(hits("chroot --userspec=0:0 /newroot make"), vec!["chroot"]);
        assert_eq!(hits("chroot --userspec root /newroot make"), vec!["chroot"]);
        assert!(hits("chroot --userspec=1000:1000 /newroot make").is_empty());
        assert!(hits("chroot /newroot make").is_empty());
    }

    #[test]
    fn behind_wrappers_in_strings_and_substitutions() {
        assert_eq!(hits("exec gosu root make"), vec!["gosu"]);
        assert_eq!(hits("env HOME=/root su -c make"), vec!["su"]);
        assert_eq!(hits("sh -c 'gosu root make'"), vec!["gosu"]);
        assert_eq!(hits("echo $(su -c id)"), vec!["su"]);
        assert_eq!(hits("cd /x && (doas make)"), vec!["doas"]);
        // The user operand of gosu is not a command.
        assert!(hits("gosu su true").is_empty());
        // sudo is SS103's.
        assert!(hits("sudo -u root make").is_empty());
    }

    #[test]
    fn exec_form_and_continuations_and_heredocs() {
        let src = "FROM alpine:3.20\nRUN [\"gosu\", \"root\", \"make\"]\n";
        assert_eq!(texts(CODE, src), vec!["gosu"]);
        let src = "FROM alpine:3.20\nRUN apk add make && \\\n    su -c make\n";
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM alpine:3.20\nRUN <<EOF\nset -e\ngosu root make\nEOF\n";
        assert_eq!(lines(CODE, src), vec![4]);
    }

    #[test]
    fn near_misses() {
        for script in [
            "apk add --no-cache su-exec gosu doas",
            "echo su -c make",
            "supervisord -c /etc/s.conf",
            "sum /bin/su",
            "chown root:root /app",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
        // ENTRYPOINT is not a RUN.
        let src = "FROM alpine:3.20\nENTRYPOINT [\"gosu\", \"root\", \"/app\"]\n";
        assert!(run(CODE, src).is_empty());
    }
}
