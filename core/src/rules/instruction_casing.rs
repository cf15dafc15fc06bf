//! SS801 instruction-casing (BuildKit ConsistentInstructionCasing): an
//! instruction keyword that is mixed-case, or not in the case most of the
//! file's instructions use.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS801",
        name: "instruction-casing",
        summary: "Instruction keywords are not consistently upper-case or lower-case",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(
            Tool::Buildkit,
            "ConsistentInstructionCasing",
        )],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "Instruction keywords are case-insensitive, but a file that mixes `FROM` with \
`run`, or writes `Copy`, is harder to scan and to grep. As BuildKit does, shipshape counts \
the keywords written all in lower case and all in upper case; the larger group sets the \
file's case (upper case on a tie). A keyword in the other case, or in mixed case such as \
`From`, is reported.\n\n\
The fix rewrites only the keyword's letters. Triggers inside `ONBUILD` and the `CMD` of \
`HEALTHCHECK` are not counted, as in BuildKit; `ARG`s before the first `FROM` are (BuildKit's \
implementation skips them, though its documentation names every instruction).",
        bad: "FROM alpine:3.20\nRun echo hello\nCMD [\"cat\", \"/greeting\"]\n",
        good: "FROM alpine:3.20\nRUN echo hello\nCMD [\"cat\", \"/greeting\"]\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let src = cx.src;
    let keywords: Vec<_> = cx
        .model
        .instructions()
        .iter()
        .map(|ins| (ins.keyword_span, ins.keyword_span.text(src)))
        .collect();
    let (mut lower, mut upper) = (0usize, 0usize);
    for (_, kw) in &keywords {
        if is_lower(kw) {
            lower += 1;
        } else if is_upper(kw) {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for (span, kw) in keywords {
        let want = if majority_lower {
            kw.to_ascii_lowercase()
        } else {
            kw.to_ascii_uppercase()
        };
        if want == kw {
            continue;
        }
        let case = if majority_lower { "lower" } else { "upper" };
        let message = if is_lower(kw) || is_upper(kw) {
            format!("Instruction `{kw}` is not in {case} case like most instructions in this file")
        } else {
            format!("Instruction `{kw}` mixes upper and lower case; this file uses {case} case")
        };
        let fix = Fix::safe(format!("Write `{want}`"), vec![Edit::replace(span, want)]);
        out.report(span, message).fix(Some(fix));
    }
}

fn is_lower(s: &str) -> bool {
    !s.bytes().any(|b| b.is_ascii_uppercase())
}

fn is_upper(s: &str) -> bool {
    !s.bytes().any(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS801";

    #[test]
    fn minority_lower_case_keyword_is_reported() {
        let src = "FROM alpine:3.20\nrun echo hi\nCOPY a /a\n";
        assert_eq!(texts(CODE, src), ["run"]);
        assert_eq!(lines(CODE, src), [2]);
        assert!(run(CODE, src)[0].message.contains("upper case"));
    }

    #[test]
    fn minority_upper_case_keyword_is_reported_when_most_are_lower() {
        let src = "from alpine:3.20\nrun echo hi\nCOPY a /a\nworkdir /a\n";
        assert_eq!(texts(CODE, src), ["COPY"]);
        assert_eq!(
            fixed(CODE, src, false),
            "from alpine:3.20\nrun echo hi\ncopy a /a\nworkdir /a\n"
        );
    }

    #[test]
    fn mixed_case_keywords_are_reported_even_alone() {
        let src = "From alpine:3.20\n";
        assert_eq!(texts(CODE, src), ["From"]);
        assert!(run(CODE, src)[0].message.contains("mixes"));
        assert_eq!(fixed(CODE, src, false), "FROM alpine:3.20\n");
    }

    #[test]
    fn a_tie_goes_to_upper_case() {
        let src = "FROM alpine:3.20\nrun echo hi\n";
        assert_eq!(texts(CODE, src), ["run"]);
    }

    #[test]
    fn consistent_files_are_clean() {
        assert!(run(CODE, "FROM alpine:3.20\nRUN echo hi\nCMD [\"sh\"]\n").is_empty());
        assert!(run(CODE, "from alpine:3.20\nrun echo hi\ncmd [\"sh\"]\n").is_empty());
        // Arguments that look like keywords are not keywords.
        assert!(run(CODE, "FROM alpine:3.20\nRUN echo From run Copy\n").is_empty());
    }

    #[test]
    fn onbuild_triggers_and_healthcheck_cmd_are_not_counted() {
        let src = "FROM alpine:3.20\nONBUILD run echo hi\nHEALTHCHECK cmd true\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn continuation_lines_and_crlf_keep_their_bytes() {
        let src = "FROM alpine:3.20\r\nrun echo a \\\r\n  && echo b\r\nUSER app\r\n";
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\r\nRUN echo a \\\r\n  && echo b\r\nUSER app\r\n"
        );
    }

    #[test]
    fn fixes_every_odd_keyword_at_once() {
        let src =
            "FROM alpine:3.20 AS build\nCopy a /a\nrun make\nFROM scratch\nEntryPoint [\"/a\"]\n";
        assert_eq!(texts(CODE, src), ["Copy", "run", "EntryPoint"]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20 AS build\nCOPY a /a\nRUN make\nFROM scratch\nENTRYPOINT [\"/a\"]\n"
        );
    }
}
