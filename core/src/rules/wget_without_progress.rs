//! SS844 wget-without-progress (hadolint DL3047): `wget` without a
//! progress or verbosity option fills the build log with a progress bar.

use super::privilege_support::word_span;
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS844",
        name: "wget-without-progress",
        summary: "A wget call without a progress or verbosity option floods the build log",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3047")],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "Without a terminal, GNU `wget` prints its progress as one dot line per few \
kilobytes: a large download writes thousands of lines into the build log, hiding the \
messages that matter.\n\n\
**What is reported.** `wget` without any of `--progress=…`, `-q`/`--quiet`, \
`-nv`/`--no-verbose`, `-o`/`--output-file`, `-a`/`--append-output`.\n\n\
**Fix (safe).** Inserts `--no-verbose` after `wget`: GNU wget then prints one line per file \
and still prints errors. It is chosen over hadolint's suggested `--progress=dot:giga` because \
BusyBox `wget` (the `wget` of Alpine images) rejects `--progress` and fails the step, while it \
accepts and ignores `--no-verbose`; and over `-q` because `-q` also hides the error message \
of a failed download. Only the log output changes.\n\n\
**How this differs from hadolint DL3047.** The same options count. shipshape also sees \
`wget` behind wrappers (`sudo`, `env`, `xargs`) and inside `sh -c` strings and executed \
heredocs.",
        bad: "FROM debian:12\nRUN wget https://example.com/app.tar.gz\n",
        good: "FROM debian:12\nRUN wget --no-verbose https://example.com/app.tar.gz\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for c in run.commands() {
            let Some(v) = c.effective().filter(|v| v.is("wget")) else {
                continue;
            };
            let quiet = v.has_any_flag(&[
                "progress",
                "q",
                "quiet",
                "no-verbose",
                "o",
                "output-file",
                "a",
                "append-output",
            ]) || v.has_arg("-nv");
            if quiet {
                continue;
            }
            let span = word_span(run, c, v.name);
            let fix = (span == v.name.span).then(|| {
                Fix::safe(
                    "Add `--no-verbose`",
                    vec![Edit::insert(v.name.span.end, " --no-verbose")],
                )
            });
            out.report(
                span,
                "`wget` without `--no-verbose`, `-q` or `--progress` fills the build log with its progress bar",
            )
            .fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS844";

    #[test]
    fn wget_without_options() {
        for script in [
            "wget https://x/y",
            "wget -O /tmp/y https://x/y",
            "sudo wget https://x/y",
            "sh -c 'wget https://x/y'",
            "wget -c --tries=3 https://x/y",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert_eq!(texts(CODE, &src), vec!["wget"], "{script}");
        }
        let src = "FROM debian:12\nRUN apt-get update && \\\n    wget https://x/y\n";
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM debian:12\nRUN <<EOF\nset -e\nwget https://x/y\nEOF\n";
        assert_eq!(lines(CODE, src), vec![4]);
    }

    #[test]
    fn the_fix_adds_no_verbose() {
        let src = "FROM debian:12\nRUN apt-get update && \\\n    wget -O /tmp/y https://x/y\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM debian:12\nRUN apt-get update && \\\n    wget --no-verbose -O /tmp/y https://x/y\n"
        );
    }

    #[test]
    fn near_misses() {
        for script in [
            "wget -q https://x/y",
            "wget -qO- https://x/y | tar -xz",
            "wget --quiet https://x/y",
            "wget -nv https://x/y",
            "wget --no-verbose https://x/y",
            "wget --progress=dot:giga https://x/y",
            "wget -o /tmp/log https://x/y",
            "wget --output-file=/tmp/log https://x/y",
            "wget -a /tmp/log https://x/y",
            "apt-get install -y wget",
            "curl -fsSLO https://x/y",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert!(run(CODE, &src).is_empty(), "{script}");
        }
    }
}
