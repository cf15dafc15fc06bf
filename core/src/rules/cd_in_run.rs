//! SS841 cd-in-run (hadolint DL3003, Trivy DS-0013): `cd` in a RUN, where
//! `WORKDIR` says where the following steps run.

use super::privilege_support::word_span;
use super::support::Run;
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::shell::{Command, Op, Origin};
use crate::syntax::Span;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS841",
        name: "cd-in-run",
        summary: "A RUN instruction changes directory with cd",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3003"),
            Equivalent::similar(Tool::Trivy, "DS-0013"),
        ],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "A `cd` lasts only until the end of its RUN step, so the next step silently starts \
in the old directory again, and a reader has to trace every `cd` to know where a command \
runs. `WORKDIR` sets the directory for all following instructions (creating it if needed) \
and shows it in the image's metadata.\n\n\
Use `WORKDIR /src` before the steps that work there. A `cd` inside a subshell \
(`(cd sub && make)`) is reported too: it is harmless, but `make -C sub` or `git -C sub` say the \
same without it.\n\n\
**Fix (unsafe).** `RUN cd /abs/path && rest` becomes `WORKDIR /abs/path` followed by \
`RUN rest`, when the `cd` is the first command, takes one literal absolute path and is \
joined to the rest by `&&`. It is unsafe because it changes more than the one step: every later \
instruction of the stage then runs in that directory, and `WORKDIR` creates a missing \
directory where `cd` would have failed the build. Other `cd` uses have no fix.\n\n\
**How this differs from the peers.** hadolint DL3003 reports `cd` where it is the command word \
of the RUN text; shipshape also looks inside `sh -c \"…\"` strings and executed heredocs. \
Trivy DS-0013 only reports a `&&`-separated segment that starts with `cd `, so it misses \
`make; cd x` and `(cd x && make)`.",
        bad: "FROM debian:12\nRUN cd /src && make\n",
        good: "FROM debian:12\nWORKDIR /src\nRUN make\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for run in &cx.runs {
        for (si, script) in run.scripts.iter().enumerate() {
            for (ci, c) in script.commands.iter().enumerate() {
                let Some(name) = c.name.as_ref().filter(|_| c.is("cd")) else {
                    continue;
                };
                let fix = if si == 0 && ci == 0 {
                    workdir_fix(cx, run, c, script.commands.get(1))
                } else {
                    None
                };
                out.report(
                    word_span(run, c, name),
                    "`cd` in a RUN instruction: use `WORKDIR` to set the directory",
                )
                .fix(fix);
            }
        }
    }
}

/// `RUN cd /x && rest` → `WORKDIR /x` + `RUN rest`.
fn workdir_fix(
    cx: &Context<'_>,
    run: &Run<'_>,
    cd: &Command,
    next: Option<&Command>,
) -> Option<Fix> {
    let ins = run.instruction;
    // Only a top-level shell-form RUN (not ONBUILD, not exec form).
    let top = cx.model.instruction(run.index)?;
    if !std::ptr::eq(top, ins) || ins.json {
        return None;
    }
    let next = next?;
    let [dir] = cd.args.as_slice() else {
        return None;
    };
    let path = dir.text.as_str();
    let plain = path.starts_with('/')
        && !dir.has_expansion()
        && !path.contains(|c: char| c.is_whitespace() || c == '\\' || c == '"' || c == '\'');
    if !plain
        || cd.depth != 0
        || cd.origin != Origin::TopLevel
        || !cd.redirects.is_empty()
        || !cd.assignments.is_empty()
        || next.joined_by != Some(Op::And)
        || next.depth != 0
        || next.origin != Origin::TopLevel
        || next.span.start <= dir.span.end
    {
        return None;
    }
    let src = cx.src;
    let line_start = src.get(..ins.span.start)?.rfind('\n').map_or(0, |p| p + 1);
    let indent = src.get(line_start..ins.span.start)?;
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let keyword = if ins.keyword_span.text(src).starts_with('r') {
        "workdir"
    } else {
        "WORKDIR"
    };
    Some(Fix::unsafe_(
        format!("Set `WORKDIR {path}` instead (later instructions then run there too)"),
        vec![
            Edit::insert(ins.span.start, format!("{keyword} {path}\n{indent}")),
            Edit::delete(Span::new(cd.span.start, next.span.start)),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS841";

    #[test]
    fn cd_anywhere_in_a_run() {
        let src = "FROM debian:12\nRUN cd /src && make\n";
        assert_eq!(texts(CODE, src), vec!["cd"]);
        let src = "FROM debian:12\nRUN make; cd /x; make install\n";
        assert_eq!(texts(CODE, src), vec!["cd"]);
        let src = "FROM debian:12\nRUN (cd sub && make)\n";
        assert_eq!(texts(CODE, src), vec!["cd"]);
        let src = "FROM debian:12\nRUN sh -c \"cd /x && make\"\n";
        assert_eq!(texts(CODE, src), vec!["cd"]);
        let src = "FROM debian:12\nRUN git clone x && \\\n    cd x && make\n";
        assert_eq!(lines(CODE, src), vec![3]);
        let src = "FROM debian:12\nRUN <<EOF\nset -e\ncd /src\nmake\nEOF\n";
        assert_eq!(lines(CODE, src), vec![4]);
        let src = "FROM debian:12\nONBUILD RUN cd /x && make\n";
        assert_eq!(texts(CODE, src), vec!["cd"]);
    }

    #[test]
    fn the_fix_moves_a_leading_cd_into_workdir() {
        let src = "FROM debian:12\nRUN cd /src && make\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\nWORKDIR /src\nRUN make\n"
        );
        let src = "FROM debian:12\nRUN --mount=type=cache,target=/root/.cache cd /src && \\\n    make && make install\n";
        assert_eq!(
            fixed(CODE, src, true),
            "FROM debian:12\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.cache make && make install\n"
        );
        let src = "from debian:12\n  run cd /src && make\n";
        assert_eq!(
            fixed(CODE, src, true),
            "from debian:12\n  workdir /src\n  run make\n"
        );
        // Unsafe: not applied by a safe-only run.
        let settings = crate::engine::Settings::resolve(Some(&[CODE]), &[], &[], &[]).0;
        assert!(!crate::fix::fix_all(src, &settings, false).changed());
    }

    #[test]
    fn no_fix_when_the_cd_is_not_a_plain_leading_step() {
        for script in [
            "cd src && make",
            "cd $HOME && make",
            "cd /src; make",
            "cd /src || exit 1",
            "make && cd /x && make install",
            "(cd /src && make)",
            "cd /a /b && make",
            "cd",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            let found = run(CODE, &src);
            assert!(!found.is_empty(), "{script}");
            assert!(found[0].fix.is_none(), "{script}");
        }
        let src = "FROM debian:12\nONBUILD RUN cd /x && make\n";
        assert!(run(CODE, src)[0].fix.is_none());
        let src = "FROM debian:12\nRUN [\"sh\", \"-c\", \"cd /x && make\"]\n";
        assert!(run(CODE, src)[0].fix.is_none());
    }

    #[test]
    fn near_misses() {
        for script in [
            "make -C /src",
            "echo cd /x",
            "git -C /src pull",
            "cdrecord --help || true",
        ] {
            let src = format!("FROM debian:12\nRUN {script}\n");
            assert!(run(CODE, &src).is_empty(), "{script}");
        }
        assert!(run(CODE, "FROM debian:12\nWORKDIR /src\nRUN make\n").is_empty());
        let src = "FROM debian:12\nRUN cat <<EOF > /x.sh\ncd /src\nEOF\n";
        assert!(run(CODE, src).is_empty());
    }
}
