//! SS103 sudo (hadolint DL3004): `sudo` runs as a command in a RUN.

use super::privilege_support::{links, word_span};
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};
use crate::syntax::Span;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS103",
        name: "sudo",
        summary: "A RUN instruction uses sudo",
        severity: Severity::Warning,
        category: Category::Privilege,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoRoot, Checklist::LeastPrivilege],
        owasp: &[Owasp::D01],
        equivalents: &[
            Equivalent::same(Tool::Hadolint, "DL3004"),
            Equivalent::similar(Tool::Trivy, "DS-0010"),
            Equivalent::similar(Tool::Checkov, "CKV2_DOCKER_1"),
            Equivalent::similar(Tool::Dockle, "DKL-DI-0001"),
        ],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "`sudo` in a Dockerfile is a sign of a privilege model that does not fit containers. \
A build step that needs root should run as root (`USER root` before it, `USER app` after it); \
one that does not should not ask for it. Needing `sudo` at build time means the image ships \
`sudo` and a sudoers entry, which lets any process of the running container become root, and \
`sudo` behaves unpredictably without a terminal (password prompts, `requiretty`, lost \
environment variables).\n\n\
Switch users with `USER` around the steps that need root, and use `gosu`/`su-exec` in an \
entrypoint if the process must drop privileges at start-up.\n\n\
The rule finds `sudo` wherever the shell runs it: after `&&`, `;` or `|`, in subshells and \
`$(…)`, behind wrappers (`env X=1 sudo …`, `xargs sudo …`, `find -exec sudo …`), inside \
`sh -c \"…\"` strings, in executed heredocs and in `ONBUILD RUN`. Installing the `sudo` package \
or mentioning the word in an argument is not a finding.\n\n\
Fix (unsafe): remove `sudo` and its options (`sudo -E apt-get …` becomes `apt-get …`) when \
it only runs a command as root (no `-u`/`-g`/`-i`/`-s`). Unsafe because the command then runs \
as the stage's current user, which fails if that user is not root: add `USER root` before it.\n\n\
Peers: Trivy DS-0010 only looks at `&&`-separated segments that start with `sudo` (it misses \
`cd x; sudo make`); Checkov CKV2_DOCKER_1 searches the text for ` sudo `, so \
`apt-get install -y sudo curl` is reported and `echo x|sudo tee` is not; Dockle DKL-DI-0001 \
reads the image history of a built image.",
        bad: "FROM debian:12\nRUN sudo apt-get update\n",
        good: "FROM debian:12\nUSER root\nRUN apt-get update\nUSER app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            for link in links(c, &["sudo"]) {
                let span = word_span(run, c, link.name);
                let fix = (span == link.name.span)
                    .then(|| removal(link.name.span, link.args))
                    .flatten();
                out.report(
                    span,
                    "`sudo` in a RUN instruction: switch with `USER` instead",
                )
                .fix(fix);
            }
        }
    }
}

/// Options of `sudo` that keep "run this command as root" meaning.
const HARMLESS: &[&str] = &[
    "-E",
    "-H",
    "-n",
    "-S",
    "-k",
    "--preserve-env",
    "--set-home",
    "--non-interactive",
    "--stdin",
    "--",
];

/// Deletes `sudo` and its options, up to the command it runs.
fn removal(sudo: Span, args: &[crate::shell::ShellWord]) -> Option<Fix> {
    let mut rest = args.iter();
    let command = loop {
        let w = rest.next()?;
        if !w.text.starts_with('-') {
            break w;
        }
        if !HARMLESS.contains(&w.text.as_str()) {
            return None;
        }
    };
    // The command must follow in the same source text (not spliced from elsewhere).
    if command.span.start <= sudo.end || command.text.contains('=') {
        return None;
    }
    Some(Fix::unsafe_(
        "Remove `sudo` (the command then runs as the stage's user)",
        vec![Edit::delete(Span::new(sudo.start, command.span.start))],
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS103";

    #[test]
    fn sudo_as_a_command() {
        let src = "FROM debian:12\nRUN sudo apt-get update\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\nRUN apt-get update\n"
        );
        let src = "FROM debian:12\nRUN /usr/bin/sudo -u app make\n";
        assert_eq!(texts(CODE, src), vec!["/usr/bin/sudo"]);
    }

    #[test]
    fn anywhere_in_the_script() {
        let src = "FROM debian:12\nRUN cd /src; sudo make install\n";
        assert_eq!(lines(CODE, src), vec![2]);
        let src = "FROM debian:12\nRUN echo x | sudo tee /etc/x\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
        let src = "FROM debian:12\nRUN (cd /src && sudo make)\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
        let src = "FROM debian:12\nRUN echo $(sudo cat /etc/shadow)\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
        let src = "FROM debian:12\nRUN true || sudo false\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
    }

    #[test]
    fn inside_sh_c_strings_and_exec_form() {
        let src = "FROM debian:12\nRUN sh -c \"sudo make install\"\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
        let src = "FROM debian:12\nRUN [\"sh\", \"-c\", \"sudo make\"]\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
        // Exec form without a shell: the JSON item.
        let src = "FROM debian:12\nRUN [\"sudo\", \"make\"]\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
    }

    #[test]
    fn behind_wrappers_and_find_exec() {
        let src = "FROM debian:12\nRUN env DEBIAN_FRONTEND=noninteractive sudo apt-get update\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
        let src = "FROM debian:12\nRUN ls /x | xargs sudo rm\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
        let src = "FROM debian:12\nRUN find /x -exec sudo chmod 600 {} \\;\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
    }

    #[test]
    fn continuation_lines_heredocs_and_onbuild() {
        let src = "FROM debian:12\nRUN apt-get update && \\\n    sudo apt-get install -y curl\n";
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM debian:12\nRUN <<EOF\nset -e\nsudo make install\nEOF\n";
        assert_eq!(lines(CODE, src), vec![4]);
        let src = "FROM debian:12\nONBUILD RUN sudo make\n";
        assert_eq!(texts(CODE, src), vec!["sudo"]);
    }

    #[test]
    fn the_fix_removes_sudo_and_harmless_options_only() {
        let src = "FROM debian:12\nRUN apt-get update && \\\n    sudo -E apt-get install -y curl\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n"
        );
        // Running as another user, or a login shell: no fix.
        for script in ["sudo -u app make", "sudo -i", "sudo -s make", "sudo"] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert!(run(CODE, &src)[0].fix.is_none(), "{script}");
        }
        // The fix is unsafe: not applied by a safe-only run.
        let src = "FROM debian:12\nRUN sudo make\n";
        let settings = crate::engine::Settings::resolve(Some(&[CODE]), &[], &[], &[]).0;
        assert!(!crate::fix::fix_all(src, &settings, false).changed());
    }

    #[test]
    fn every_stage_counts() {
        let src = "FROM debian:12 AS build\nRUN sudo make\nFROM debian:12\nRUN sudo true\n";
        assert_eq!(lines(CODE, src), vec![2, 4]);
    }

    #[test]
    fn near_misses() {
        for script in [
            "apt-get install -y sudo",
            "echo sudo",
            "echo 'sudo make'",
            "useradd -G sudo app",
            "sudoedit --help || true",
            "gosu sudo id",
            "ls /etc/sudoers.d",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert!(run(CODE, &src).is_empty(), "{script}");
        }
        // A data heredoc is not a script.
        let src = "FROM debian:12\nRUN cat <<EOF > /etc/motd\nsudo make\nEOF\n";
        assert!(run(CODE, src).is_empty());
        // CMD and ENTRYPOINT run later, as the image's user: not a build step.
        assert!(run(CODE, "FROM debian:12\nCMD sudo app\n").is_empty());
    }
}
