//! SS107 setuid-mode (no Dockerfile-check equivalent; Dockle CIS-DI-0008
//! finds the result in image files): `chmod`, `install -m` or
//! `COPY --chmod` sets the setuid or setgid bit.

use super::privilege_support::{links, mode_word, word_span};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::syntax::{Instruction, Keyword};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS107",
        name: "setuid-mode",
        summary: "A file is given the setuid or setgid bit",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::LeastPrivilege, Checklist::NoRoot],
        owasp: &[Owasp::D04],
        equivalents: &[Equivalent::similar(Tool::Dockle, "CIS-DI-0008")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A setuid program runs with its owner's rights (usually root) whoever starts \
it, and a setgid program with its group's: any flaw in it, or in how it handles its \
environment, lets an unprivileged process in the container become root. Containers \
rarely need them; give the program the one capability it needs (`setcap`) or run it as \
the right user instead, and consider `--security-opt no-new-privileges` at run time.\n\n\
**What is reported.** A mode that adds the setuid or setgid bit: symbolic `u+s`, `g+s`, \
`+s`, `a+s`, `ug=rwxs`; octal modes whose fourth digit from the right is `2`, `4` or \
`6` (or `3`, `5`, `7`: with the sticky bit), such as `4755`, `2755`, `06755`; in `chmod` \
(also `find … -exec chmod`), `install -m`, and `COPY --chmod`/`ADD --chmod` (after \
variable expansion).\n\n\
**Not reported.** `mkdir -m 2775`: setgid on a directory only makes new files inherit \
the directory's group, a common set-up for shared directories. Modes that remove the bits \
(`u-s`, `0755`), `o+s` (which does nothing) and modes held in variables.\n\n\
Dockle's CIS-DI-0008 lists setuid/setgid files found in a built image, including those \
that come from the base image; this rule finds where the Dockerfile itself creates them, \
with a position to fix.",
        bad: "FROM debian:12\nCOPY tool /usr/local/bin/tool\nRUN chmod u+s /usr/local/bin/tool\n",
        good: "FROM debian:12\nCOPY tool /usr/local/bin/tool\nRUN chmod 0755 /usr/local/bin/tool\n",
    },
    check,
};

/// Which special bits a mode adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bits {
    Setuid,
    Setgid,
    Both,
}

impl Bits {
    fn describe(self) -> &'static str {
        match self {
            Bits::Setuid => "the setuid bit",
            Bits::Setgid => "the setgid bit",
            Bits::Both => "the setuid and setgid bits",
        }
    }
    fn from(uid: bool, gid: bool) -> Option<Bits> {
        match (uid, gid) {
            (true, true) => Some(Bits::Both),
            (true, false) => Some(Bits::Setuid),
            (false, true) => Some(Bits::Setgid),
            _ => None,
        }
    }
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            for link in links(c, &["chmod", "install"]) {
                let Some((word, mode)) = mode_word(&link) else {
                    continue;
                };
                if let Some(bits) = special_bits(mode) {
                    out.report(
                        word_span(run, c, word),
                        format!(
                            "Mode `{mode}` sets {} on the file, so it runs with its owner's rights",
                            bits.describe()
                        ),
                    );
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
        if !(e.is_exact() && e.unresolved.is_empty()) {
            continue;
        }
        if let Some(bits) = special_bits(&e.text) {
            out.report(
                value.span,
                format!(
                    "Mode `{}` sets {} on the copied files",
                    e.text,
                    bits.describe()
                ),
            );
        }
    }
}

/// The special bits an octal or symbolic mode adds; `None` when it adds
/// none or cannot be read.
fn special_bits(mode: &str) -> Option<Bits> {
    if mode.is_empty() || mode.contains('$') || mode.contains('`') {
        return None;
    }
    if mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        if mode.len() > 8 {
            return None;
        }
        let bits = u32::from_str_radix(mode, 8).ok()?;
        return Bits::from(bits & 0o4000 != 0, bits & 0o2000 != 0);
    }
    let (mut uid, mut gid) = (false, false);
    for clause in mode.split(',') {
        let who_len = clause
            .bytes()
            .take_while(|b| matches!(b, b'u' | b'g' | b'o' | b'a'))
            .count();
        let who = clause.get(..who_len)?;
        let rest = clause.get(who_len..)?;
        if rest.is_empty() {
            return None;
        }
        let all = who.is_empty() || who.contains('a');
        let mut op = ' ';
        for ch in rest.chars() {
            match ch {
                '+' | '-' | '=' => op = ch,
                's' if op == '+' || op == '=' => {
                    uid |= all || who.contains('u');
                    gid |= all || who.contains('g');
                }
                'r' | 'w' | 'x' | 'X' | 's' | 't' | 'u' | 'g' | 'o' => {}
                _ => return None,
            }
        }
    }
    Bits::from(uid, gid)
}

#[cfg(test)]
mod tests {
    use super::{special_bits, Bits};
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS107";

    fn hits(script: &str) -> Vec<String> {
        let src = format!("FROM debian:12\nRUN {script}\n");
        texts(CODE, &src).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn modes() {
        for (m, b) in [
            ("u+s", Bits::Setuid),
            ("g+s", Bits::Setgid),
            ("+s", Bits::Both),
            ("a+s", Bits::Both),
            ("ug=rwxs", Bits::Both),
            ("u=rwxs,go=rx", Bits::Setuid),
            ("4755", Bits::Setuid),
            ("04755", Bits::Setuid),
            ("2755", Bits::Setgid),
            ("6755", Bits::Both),
            ("7755", Bits::Both),
        ] {
            assert_eq!(special_bits(m), Some(b), "{m}");
        }
        for m in [
            "755", "0755", "1777", "u-s", "o+s", "a-s", "u+x", "$MODE", "", "8755", "u+q",
        ] {
            assert_eq!(special_bits(m), None, "{m}");
        }
    }

    #[test]
    fn commands() {
        assert_eq!(hits("chmod u+s /usr/bin/ping"), ["u+s"]);
        assert_eq!(hits("chmod 4755 /usr/local/bin/x"), ["4755"]);
        assert_eq!(hits("chmod -R g+s /srv/x"), ["g+s"]);
        assert_eq!(hits("install -m 4755 x /usr/local/bin/x"), ["4755"]);
        assert_eq!(hits("install -Dm4755 x /usr/local/bin/x"), ["-Dm4755"]);
        assert_eq!(hits("install --mode=2755 x /y"), ["--mode=2755"]);
        assert_eq!(hits("find /app -type f -exec chmod +s {} +"), ["+s"]);
        assert_eq!(hits("sudo chmod 6755 /x"), ["6755"]);
        let d = run(CODE, "FROM debian:12\nRUN chmod u+s /x\n");
        assert_eq!(
            d[0].message,
            "Mode `u+s` sets the setuid bit on the file, so it runs with its owner's rights"
        );
    }

    #[test]
    fn near_misses() {
        for script in [
            "chmod 755 /x",
            "chmod u-s /usr/bin/x",
            "chmod +x /x",
            "mkdir -m 2775 /srv/shared",
            "install -m 755 x /y",
            "install -o 4755 x /y",
            "chmod --reference=/a /b",
            "echo chmod u+s x",
            "chmod \"$MODE\" /x",
        ] {
            assert!(hits(script).is_empty(), "{script}");
        }
    }

    #[test]
    fn copy_chmod_continuation_and_heredoc() {
        let src = "FROM debian:12\nARG M=4755\nCOPY --chmod=$M x /x\nCOPY --chmod=755 y /y\nADD --chmod=2755 z /z\n";
        assert_eq!(lines(CODE, src), [3, 5]);
        let src = "FROM debian:12\nRUN make \\\n && chmod \\\n    u+s /x\n";
        assert_eq!(lines(CODE, src), [4]);
        let src = "FROM debian:12\nRUN <<EOF\nset -e\nchmod 4755 /x\nEOF\n";
        assert_eq!(lines(CODE, src), [4]);
    }
}
