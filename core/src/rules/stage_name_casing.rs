//! SS805 stage-name-casing (BuildKit StageNameCasing): a `FROM … AS Name`
//! stage name that is not all lower case.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, Span, Word};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS805",
        name: "stage-name-casing",
        summary: "A stage name is not lower-case",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "StageNameCasing")],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "BuildKit lower-cases stage names: `FROM golang AS Builder` defines the stage \
`builder`, and `COPY --from=BUILDER`, `FROM builder` and `--target Builder` all find it. \
Writing the name in another case suggests a distinction that does not exist, and makes \
searching for the stage's uses harder. Write stage names in lower case.\n\n\
Because BuildKit matches names without regard to case, the fix is safe: it lower-cases the \
name after `AS` and every literal reference to it (`FROM <stage>`, `COPY --from=`, \
`RUN --mount=…,from=`). References built from variables are left alone; they keep working.",
        bad: "FROM golang:1.23 AS Builder\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=Builder /app /app\n",
        good: "FROM golang:1.23 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=builder /app /app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for stage in &cx.model.stages {
        let Some(span) = stage.name_span else {
            continue;
        };
        let name = span.text(cx.src);
        let lower = name.to_ascii_lowercase();
        if lower == name {
            continue;
        }
        let mut edits = vec![Edit::replace(span, lower.clone())];
        edits.extend(references(cx, name, stage.from).map(|s| Edit::replace(s, lower.clone())));
        let fix = Fix::safe(format!("Rename the stage to `{lower}`"), edits);
        out.report(span, format!("Stage name `{name}` is not lower-case"))
            .fix(Some(fix));
    }
}

/// Literal references to stage `name` that are not already lower-case:
/// later `FROM <name>`, `COPY --from=<name>`, `RUN --mount=…,from=<name>`.
fn references<'a>(
    cx: &'a Context<'_>,
    name: &'a str,
    declared_at: usize,
) -> impl Iterator<Item = Span> + 'a {
    let src = cx.src;
    let matches =
        move |text: &str| text.eq_ignore_ascii_case(name) && text != name.to_ascii_lowercase();
    // Only words whose text is exactly their source (no quotes, no continuation).
    let literal = move |w: &Word| w.span.text(src) == w.text;
    cx.model
        .instructions()
        .iter()
        .enumerate()
        .flat_map(move |(i, ins)| {
            let mut spans = Vec::new();
            match ins.keyword {
                Keyword::From if i > declared_at => {
                    if let Some(w) = ins.args.first() {
                        if literal(w) && matches(&w.text) {
                            spans.push(w.span);
                        }
                    }
                }
                Keyword::Copy => {
                    for f in ins.flags.iter().filter(|f| f.name == "from") {
                        if let Some(w) = f.value.as_ref().filter(|w| literal(w) && matches(&w.text))
                        {
                            spans.push(w.span);
                        }
                    }
                }
                Keyword::Run => {
                    for f in ins.flags.iter().filter(|f| f.name == "mount") {
                        let Some(w) = f.value.as_ref().filter(|w| literal(w)) else {
                            continue;
                        };
                        let mut at = 0;
                        for field in w.text.split(',') {
                            let start = at;
                            at += field.len() + 1;
                            let Some((k, v)) = field.split_once('=') else {
                                continue;
                            };
                            if k.eq_ignore_ascii_case("from") && matches(v) {
                                let s = w.span.start + start + k.len() + 1;
                                spans.push(Span::new(s, s + v.len()));
                            }
                        }
                    }
                }
                _ => {}
            }
            spans
        })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS805";

    #[test]
    fn upper_case_stage_names_are_reported_on_the_name() {
        let src = "FROM golang:1.23 AS Builder\nFROM alpine:3.20 AS RUNTIME\n";
        assert_eq!(texts(CODE, src), ["Builder", "RUNTIME"]);
        assert_eq!(lines(CODE, src), [1, 2]);
    }

    #[test]
    fn lower_case_names_and_unnamed_stages_are_clean() {
        let src = "FROM golang:1.23 AS build-env_1.0\nFROM alpine:3.20\nCOPY --from=BUILD-ENV_1.0 /a /a\n";
        // References may use any case; only the definition is judged.
        assert!(run(CODE, src).is_empty());
        assert!(run(CODE, "FROM Alpine\n").is_empty());
    }

    #[test]
    fn the_fix_renames_every_literal_reference() {
        let src = "FROM golang:1.23 AS Builder\n\
RUN go build -o /app .\n\
FROM Builder AS Test\n\
RUN --mount=type=cache,target=/c --mount=type=bind,from=Builder,source=/app,target=/x true\n\
FROM alpine:3.20\n\
COPY --from=BUILDER /app /app\n\
COPY --from=builder /app /app2\n";
        assert_eq!(texts(CODE, src), ["Builder", "Test"]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM golang:1.23 AS builder\n\
RUN go build -o /app .\n\
FROM builder AS test\n\
RUN --mount=type=cache,target=/c --mount=type=bind,from=builder,source=/app,target=/x true\n\
FROM alpine:3.20\n\
COPY --from=builder /app /app\n\
COPY --from=builder /app /app2\n"
        );
    }

    #[test]
    fn images_and_variables_are_not_references() {
        let src = "ARG S=Builder\nFROM golang:1.23 AS Builder\nFROM alpine:3.20\nCOPY --from=${S} /a /a\nCOPY --from=Builder:1 /b /b\n";
        assert_eq!(
            fixed(CODE, src, false),
            "ARG S=Builder\nFROM golang:1.23 AS builder\nFROM alpine:3.20\nCOPY --from=${S} /a /a\nCOPY --from=Builder:1 /b /b\n"
        );
    }

    #[test]
    fn crlf_and_continuation_lines() {
        let src = "FROM golang:1.23 \\\r\n  AS Build\r\nFROM alpine:3.20\r\nCOPY --from=Build \\\r\n  /a /a\r\n";
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM golang:1.23 \\\r\n  AS build\r\nFROM alpine:3.20\r\nCOPY --from=build \\\r\n  /a /a\r\n"
        );
    }
}
