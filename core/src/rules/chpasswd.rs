//! SS849 chpasswd (Checkov CKV2_DOCKER_17): a RUN sets passwords with
//! `chpasswd`, so the password is in the Dockerfile and the image.

use super::privilege_support::{links, word_span};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS849",
        name: "chpasswd",
        summary: "A RUN instruction sets a password with chpasswd",
        severity: Severity::Warning,
        category: Category::Secrets,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoHardcodedCredentials],
        owasp: &[Owasp::D04, Owasp::D06],
        equivalents: &[Equivalent::similar(Tool::Checkov, "CKV2_DOCKER_17")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`echo 'root:secret' | chpasswd` writes the password into the Dockerfile, the \
build log and the image history, and leaves an account that can log in with it in every \
container started from the image. Containers do not need login passwords: run the process \
as a user without one (`useradd` creates it locked), and give people access through \
`docker exec` or the orchestrator, not through a password baked into the image.\n\n\
**What is reported.** `chpasswd` as a command, also behind `sudo`/`xargs` and inside \
`sh -c` strings and executed heredocs.\n\n\
**How this differs from Checkov CKV2_DOCKER_17.** Checkov searches the RUN text for the word \
`chpasswd`, so `apt-get install -y chpasswd-helper`-style arguments and `echo chpasswd` count \
for it while `x|chpasswd` (no space) does not; shipshape looks at commands.",
        bad: "FROM debian:12\nRUN echo 'root:secret' | chpasswd\n",
        good: "FROM debian:12\nRUN useradd --create-home app\nUSER app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            for link in links(c, &["chpasswd"]) {
                out.report(
                    word_span(run, c, link.name),
                    "`chpasswd` bakes a password into the image and its history",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS849";

    #[test]
    fn chpasswd_as_a_command() {
        for script in [
            "echo 'root:x' | chpasswd",
            "echo root:x|chpasswd",
            "chpasswd < /tmp/users",
            "echo 'a:b' | sudo chpasswd -e",
            "sh -c \"echo a:b | /usr/sbin/chpasswd\"",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert_eq!(texts(CODE, &src).len(), 1, "{script}");
        }
        let src = "FROM debian:12\nRUN useradd app && \\\n    echo 'app:x' | chpasswd\n";
        assert_eq!(lines(CODE, src), vec![3]);
    }

    #[test]
    fn near_misses() {
        for script in [
            "echo chpasswd",
            "passwd -l root",
            "useradd app",
            "apt-get install -y passwd",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert!(run(CODE, &src).is_empty(), "{script}");
        }
        let src = "FROM debian:12\nRUN cat <<EOF > /x.sh\necho a:b | chpasswd\nEOF\n";
        assert!(run(CODE, src).is_empty());
    }
}
