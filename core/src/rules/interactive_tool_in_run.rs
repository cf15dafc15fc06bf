//! SS840 interactive-tool-in-run (hadolint DL3001): a RUN uses a tool that
//! needs a terminal, a running system or a long-lived process (`ssh`,
//! `vim`, `service`, `ps`, `top`, `kill`, `mount`, `free`, `shutdown`).

use super::privilege_support::{links, word_span};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS840",
        name: "interactive-tool-in-run",
        summary: "A RUN instruction uses an interactive or process-management tool",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[Owasp::D04, Owasp::D09],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3001")],
        fix: FixKind::None,
        default_enabled: true,
        why: "A build step runs without a terminal, without an init system and without the \
processes of a running container. Editors (`vim`) and remote shells (`ssh`) wait for input \
or credentials, `service` starts daemons that die when the step ends, and `ps`, `top`, `free`, \
`kill`, `mount` and `shutdown` describe or change a system that exists only at run time. Such \
a step is either a leftover from interactive work or a sign that the image is treated as a \
virtual machine.\n\n\
Configure services by writing their files (`COPY`), start the main process with `CMD` or \
`ENTRYPOINT`, and fetch sources with `git`, `curl` or a build context instead of `ssh`.\n\n\
**How this differs from hadolint DL3001.** The same list of commands (hadolint's README also \
names `ifconfig`, its code does not, and neither do we). hadolint only compares the command \
word as written, so it misses `/usr/bin/top`, `sudo service nginx start`, `env X=1 ps`, \
`xargs kill` and commands inside `sh -c \"…\"` strings; shipshape finds them there too, in \
executed heredocs and in `ONBUILD RUN`. Arguments (`apt-get install -y vim`, `echo ps`) are \
not commands and are not reported.",
        bad: "FROM debian:12\nRUN service nginx start\n",
        good: "FROM debian:12\nCOPY nginx.conf /etc/nginx/nginx.conf\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    },
    check,
};

const TOOLS: &[&str] = &[
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            for link in links(c, TOOLS) {
                let name = link.basename();
                out.report(
                    word_span(run, c, link.name),
                    format!("`{name}` in a RUN instruction: {}", reason(name)),
                );
            }
        }
    }
}

fn reason(name: &str) -> &'static str {
    match name {
        "vim" => "a build step has no terminal to edit in",
        "ssh" => "a build step has no terminal or keys to log in with",
        "service" => "a daemon it starts does not outlive the build step",
        "shutdown" => "there is no system to shut down while building",
        _ => "it inspects or changes processes that exist only at run time",
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS840";

    #[test]
    fn each_tool_as_a_command() {
        for tool in [
            "free -m",
            "kill 1",
            "mount /dev/x /y",
            "ps aux",
            "service x start",
            "shutdown -h now",
            "ssh host",
            "top -b -n1",
            "vim /etc/x",
        ] {
            let src = format!("FROM debian:12\nRUN {tool}\n");
            let word = tool.split(' ').next().unwrap();
            assert_eq!(texts(CODE, &src), vec![word], "{tool}");
        }
    }

    #[test]
    fn through_paths_wrappers_strings_and_heredocs() {
        let src = "FROM debian:12\nRUN /usr/bin/top -b\n";
        assert_eq!(texts(CODE, src), vec!["/usr/bin/top"]);
        let src = "FROM debian:12\nRUN sudo service nginx start\n";
        assert_eq!(texts(CODE, src), vec!["service"]);
        let src = "FROM debian:12\nRUN pgrep x | xargs kill\n";
        assert_eq!(texts(CODE, src), vec!["kill"]);
        let src = "FROM debian:12\nRUN sh -c \"ps aux\"\n";
        assert_eq!(texts(CODE, src), vec!["ps"]);
        let src = "FROM debian:12\nRUN apt-get update && \\\n    service ssh restart\n";
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM debian:12\nRUN <<EOF\nset -e\nps aux\nEOF\n";
        assert_eq!(lines(CODE, src), vec![4]);
        let src = "FROM debian:12\nONBUILD RUN vim x\n";
        assert_eq!(texts(CODE, src), vec!["vim"]);
        let msg = &run(CODE, "FROM debian:12\nRUN vim x\n")[0].message;
        assert_eq!(
            msg,
            "`vim` in a RUN instruction: a build step has no terminal to edit in"
        );
    }

    #[test]
    fn near_misses() {
        for script in [
            "apt-get install -y vim openssh-client procps",
            "echo ps top",
            "pkill -f x || true",
            "ssh-keygen -A",
            "killall x || true",
            "mountpoint -q /x || true",
            "topgrade",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert!(run(CODE, &src).is_empty(), "{script}");
        }
        // A data heredoc, and CMD (run time) are not build steps.
        let src = "FROM debian:12\nRUN cat <<EOF > /x.sh\nservice x start\nEOF\n";
        assert!(run(CODE, src).is_empty());
        assert!(run(CODE, "FROM debian:12\nCMD service x start\n").is_empty());
    }
}
