//! SS824 undefined-arg-in-from (BuildKit UndefinedArgInFrom): a `FROM` line
//! uses a variable that no global `ARG` declares.

use super::structure_support::{part_span, refs, suggest};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::PLATFORM_ARGS;
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS824",
        name: "undefined-arg-in-from",
        summary: "FROM uses a variable that no global ARG declares",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "UndefinedArgInFrom")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`FROM` lines (the image and `--platform`) can only use build arguments declared \
with `ARG` before the first `FROM`, and the predefined platform arguments \
(`BUILDPLATFORM`, `TARGETARCH`…). Any other name is always empty: `--build-arg` cannot set \
it, and an `ARG` or `ENV` inside a stage does not reach `FROM`. It is usually a typo or a \
missing global `ARG`. Declare it before the first `FROM` (`ARG BASE_TAG=3.20`).\n\n\
A name used with a default (`${TAG:-3.20}`) is reported too: without the declaration the \
default is all it can ever be. The message suggests a declared name close to the one used.",
        bad: "ARG ALPINE_VERSION=3.20\nFROM alpine:${ALPINE_VERISON}\n",
        good: "ARG ALPINE_VERSION=3.20\nFROM alpine:${ALPINE_VERSION}\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let esc = cx.model.escape();
    let globals = &cx.model.global_args;
    for stage in &cx.model.stages {
        let Some(ins) = cx.model.instruction(stage.from) else {
            continue;
        };
        let words = ins
            .flag("platform")
            .and_then(|f| f.value.as_ref())
            .into_iter()
            .chain(ins.args.first());
        for w in words {
            let mut seen: Vec<String> = Vec::new();
            for r in refs(&w.text, esc) {
                let declared = globals.iter().any(|g| g.name == r.name)
                    || PLATFORM_ARGS.contains(&r.name.as_str());
                if declared || seen.contains(&r.name) {
                    continue;
                }
                seen.push(r.name.clone());
                let names = globals.iter().map(|g| g.name.as_str()).chain(PLATFORM_ARGS);
                let hint = match suggest(&r.name, names) {
                    Some(s) => format!(" (did you mean `${s}`?)"),
                    None => String::new(),
                };
                out.report(
                    part_span(cx.src, w, r.start, r.end),
                    format!(
                        "`${}` is not declared by a global ARG, so FROM always sees it empty{hint}",
                        r.name
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS824";

    #[test]
    fn undeclared_names() {
        let src = "ARG ALPINE_VERSION=3.20\nFROM alpine:${ALPINE_VERISON}\nFROM --platform=$PLATFROM ${REG:-docker.io}/alpine:3.20\n";
        assert_eq!(
            texts(CODE, src),
            ["${ALPINE_VERISON}", "$PLATFROM", "${REG:-docker.io}"]
        );
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "`$ALPINE_VERISON` is not declared by a global ARG, so FROM always sees it empty (did you mean `$ALPINE_VERSION`?)"
        );
        assert_eq!(
            d[2].message,
            "`$REG` is not declared by a global ARG, so FROM always sees it empty"
        );
    }

    #[test]
    fn declared_names_are_clean() {
        for src in [
            "ARG BASE=alpine:3.20\nFROM ${BASE}\n",
            "ARG BASE\nFROM ${BASE}\n",
            "FROM --platform=$BUILDPLATFORM golang:1.23\n",
            "FROM alpine:3.20\nARG LATER=1\nFROM alpine:3.20\n",
            "FROM alpine:3.20\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
        // A stage ARG does not reach a later FROM.
        let src = "FROM alpine:3.20\nARG TAG=3.20\nFROM alpine:$TAG\n";
        assert_eq!(lines(CODE, src), [3]);
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM \\\n  alpine:$NOPE\n";
        assert_eq!(lines(CODE, src), [2]);
    }
}
