//! SS847 ln-bin-sh (hadolint DL4005): a RUN replaces `/bin/sh` with `ln`,
//! where `SHELL` chooses the shell of RUN steps.

use super::privilege_support::word_span;
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS847",
        name: "ln-bin-sh",
        summary: "A RUN instruction relinks /bin/sh instead of using SHELL",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL4005")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`ln -sf /bin/bash /bin/sh` changes the system shell of the whole image: every \
script with `#!/bin/sh`, every `system()` call of every program, at build time and at run \
time, now runs under bash, and the base image's packages were never tested that way. To run \
the Dockerfile's own RUN steps with bash, say so with \
`SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`, which affects only the following RUN, \
CMD and ENTRYPOINT shell forms.\n\n\
**What is reported.** `ln` whose link name (its last operand) is `/bin/sh`. There is no \
automatic fix: `SHELL` is not the same change, by design.\n\n\
**How this differs from hadolint DL4005.** hadolint reports `ln` with `/bin/sh` as any \
argument, so `ln -s /bin/sh /usr/local/bin/sh` (a link *to* the shell) is reported too; \
shipshape reports only links that replace `/bin/sh`, also behind `sudo` and inside `sh -c` \
strings.",
        bad: "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n",
        good: "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            let Some(v) = c.effective().filter(|v| v.is("ln")) else {
                continue;
            };
            let operands = v.args_no_flags();
            let target = v
                .flag_value("t")
                .or_else(|| v.flag_value("target-directory"));
            let replaces = match target {
                Some(dir) => {
                    dir.trim_end_matches('/') == "/bin"
                        && operands
                            .iter()
                            .any(|o| o.text.rsplit('/').next() == Some("sh"))
                }
                None => operands.len() >= 2 && operands.last().is_some_and(|o| o.text == "/bin/sh"),
            };
            if replaces {
                out.report(
                    word_span(run, c, v.name),
                    "`ln` replaces `/bin/sh` for the whole image: use `SHELL` to choose the shell of RUN steps",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS847";

    #[test]
    fn relinking_bin_sh() {
        for script in [
            "ln -sf /bin/bash /bin/sh",
            "ln -s -f bash /bin/sh",
            "sudo ln -sf /bin/bash /bin/sh",
            "rm /bin/sh && ln -s /bin/bash /bin/sh",
            "sh -c 'ln -sf /bin/bash /bin/sh'",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert_eq!(texts(CODE, &src), vec!["ln"], "{script}");
        }
        let src =
            "FROM debian:12\nRUN apt-get install -y bash && \\\n    ln -sf /bin/bash /bin/sh\n";
        assert_eq!(lines(CODE, src), vec![3]);
    }

    #[test]
    fn near_misses() {
        for script in [
            "ln -s /bin/sh /usr/local/bin/sh",
            "ln -sf /bin/bash /usr/bin/bash5",
            "echo ln -sf /bin/bash /bin/sh",
            "ln -s /opt/app/bin/app /usr/local/bin/app",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert!(run(CODE, &src).is_empty(), "{script}");
        }
    }
}
