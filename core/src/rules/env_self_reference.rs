//! SS819 env-self-reference (hadolint DL3044): an `ENV` value uses a
//! variable that the same `ENV` instruction sets, which it cannot see yet.

use super::structure_support::{part_span, refs};
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::model::Lookup;
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS819",
        name: "env-self-reference",
        summary: "An ENV value uses a variable set by the same ENV instruction",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3044")],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "Every value of one `ENV` instruction is expanded with the variables as they were \
before the instruction. In `ENV APP=/srv/app LOGS=$APP/logs`, `$APP` is not `/srv/app` yet: \
it is empty (or an older value), so `LOGS` becomes `/logs`. Set the variable in an earlier \
`ENV` and use it in a later one.\n\n\
Only names that are not already set before the instruction are reported: with an earlier \
`ENV APP=…`, the reference means that earlier value, which may be intended.\n\n\
The fix splits the instruction before the value that uses an earlier key, so it sees the \
new value. It is unsafe: it changes the value, to the one that was most likely meant. A \
reference to a key set later in the same instruction gets no fix.\n\n\
hadolint DL3044 counts a name as set when any earlier `ENV` or `ARG` of the file declares \
it; shipshape follows BuildKit's scoping, so a global `ARG` not declared again inside the \
stage does not count.",
        bad: "FROM alpine:3.20\nENV APP=/srv/app LOGS=$APP/logs\n",
        good: "FROM alpine:3.20\nENV APP=/srv/app\nENV LOGS=$APP/logs\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let esc = cx.model.escape();
    for (idx, ins) in cx.model.instructions().iter().enumerate() {
        if ins.keyword != Keyword::Env {
            continue;
        }
        let keys: Vec<&str> = ins.pairs.iter().map(|p| p.key.text.as_str()).collect();
        for (k, pair) in ins.pairs.iter().enumerate() {
            let Some(value) = &pair.value else { continue };
            let mut later = false;
            let mut first: Option<(Span, &str)> = None;
            for r in refs(&value.text, esc) {
                let Some(j) = keys.iter().position(|key| *key == r.name) else {
                    continue;
                };
                if j == k || cx.model.lookup(idx, &r.name) != Lookup::Unset {
                    continue;
                }
                later |= j > k;
                if first.is_none() {
                    let name = keys.get(j).copied().unwrap_or("");
                    first = Some((part_span(cx.src, value, r.start, r.end), name));
                }
            }
            let Some((span, name)) = first else { continue };
            let fix = match ins.pairs.get(k.wrapping_sub(1)) {
                Some(prev) if !later => {
                    let kw = ins.keyword_span.text(cx.src);
                    Some(Fix::unsafe_(
                        format!("Split the `{kw}` before `{}`", pair.key.text),
                        vec![Edit::replace(
                            Span::new(prev.span.end, pair.span.start),
                            format!("\n{kw} "),
                        )],
                    ))
                }
                _ => None,
            };
            out.report(
                span,
                format!(
                    "`${name}` is set by this same ENV instruction, so `{}` does not see the new value",
                    pair.key.text
                ),
            )
            .fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS819";

    #[test]
    fn references_to_keys_of_the_same_env() {
        let src = "FROM alpine:3.20\nENV A=1 B=$A C=\"${A}/x\" D=${E} E=2\n";
        assert_eq!(texts(CODE, src), ["$A", "${A}", "${E}"]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "`$A` is set by this same ENV instruction, so `B` does not see the new value"
        );
        assert!(d[2].fix.is_none());
        assert_eq!(
            fixed(CODE, "FROM alpine:3.20\nENV A=1 B=$A\n", true),
            "FROM alpine:3.20\nENV A=1\nENV B=$A\n"
        );
    }

    #[test]
    fn near_misses() {
        for src in [
            // Set before: the old value is meant.
            "FROM alpine:3.20\nENV A=0\nENV A=1 B=$A\n",
            "FROM alpine:3.20\nARG A=0\nENV A=1 B=$A\n",
            "FROM alpine:3.20 AS base\nENV A=0\nFROM base\nENV A=1 B=$A\n",
            // Itself.
            "FROM alpine:3.20\nENV PATH=/opt/bin:$PATH\n",
            // Separate instructions.
            "FROM alpine:3.20\nENV A=1\nENV B=$A\n",
            // Single quotes and escapes do not expand.
            "FROM alpine:3.20\nENV A=1 B='$A' C=\\$A\n",
            "FROM alpine:3.20\nLABEL a=1 b=$a\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn continuation_lines_and_lower_case() {
        let src = "FROM alpine:3.20\nenv A=1 \\\n    B=$A/x\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            fixed(CODE, src, true),
            "FROM alpine:3.20\nenv A=1\nenv B=$A/x\n"
        );
    }

    #[test]
    fn one_finding_per_value() {
        let src = "FROM alpine:3.20\nENV A=1 B=2 C=$A$B\n";
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, true),
            "FROM alpine:3.20\nENV A=1 B=2\nENV C=$A$B\n"
        );
    }
}
