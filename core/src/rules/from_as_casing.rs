//! SS806 from-as-casing (BuildKit FromAsCasing): the `AS` of `FROM … AS name`
//! is not in the case of its `FROM` keyword.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS806",
        name: "from-as-casing",
        summary: "The AS keyword of a FROM is not in the same case as FROM",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "FromAsCasing")],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "`AS` is part of the `FROM` instruction's syntax; writing `FROM image as name` \
(or `from image AS name`) mixes two styles on one line. Write `AS` in the case of `FROM`.\n\n\
As in BuildKit, a `FROM` keyword that is itself in mixed case (`From`) is left to \
`instruction-casing` and does not trigger this rule. The fix re-cases only the `AS` word.",
        bad: "FROM golang:1.23 as build\nRUN go version\n",
        good: "FROM golang:1.23 AS build\nRUN go version\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for ins in cx.model.instructions() {
        if ins.keyword != Keyword::From {
            continue;
        }
        let [_, as_word, _] = ins.args.as_slice() else {
            continue;
        };
        if !as_word.text.eq_ignore_ascii_case("as") {
            continue;
        }
        let from = ins.keyword_span.text(cx.src);
        let want = if from.bytes().all(|b| b.is_ascii_lowercase()) {
            "as"
        } else if from.bytes().all(|b| b.is_ascii_uppercase()) {
            "AS"
        } else {
            continue;
        };
        let written = as_word.span.text(cx.src);
        if written == want {
            continue;
        }
        let fix = Fix::safe(
            format!("Write `{want}`"),
            vec![Edit::replace(as_word.span, want)],
        );
        out.report(
            as_word.span,
            format!("`{written}` does not match the case of `{from}`"),
        )
        .fix(Some(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS806";

    #[test]
    fn lower_as_after_upper_from() {
        let src = "FROM golang:1.23 as build\nFROM alpine:3.20\n";
        assert_eq!(texts(CODE, src), ["as"]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM golang:1.23 AS build\nFROM alpine:3.20\n"
        );
    }

    #[test]
    fn upper_or_mixed_as_after_lower_from() {
        let src = "from golang:1.23 AS build\nfrom alpine:3.20 As run\n";
        assert_eq!(texts(CODE, src), ["AS", "As"]);
        assert_eq!(
            fixed(CODE, src, false),
            "from golang:1.23 as build\nfrom alpine:3.20 as run\n"
        );
    }

    #[test]
    fn mixed_as_after_upper_from() {
        assert_eq!(texts(CODE, "FROM golang:1.23 aS build\n"), ["aS"]);
    }

    #[test]
    fn matching_case_and_mixed_case_from_are_clean() {
        assert!(run(CODE, "FROM golang:1.23 AS build\nfrom alpine:3.20 as run\n").is_empty());
        // A mixed-case FROM is instruction-casing's business, as in BuildKit.
        assert!(run(CODE, "From golang:1.23 as build\n").is_empty());
        // No stage name: nothing to compare.
        assert!(run(CODE, "FROM golang:1.23\n").is_empty());
    }

    #[test]
    fn continuation_lines_and_crlf() {
        let src = "FROM --platform=$BUILDPLATFORM \\\r\n    golang:1.23 \\\r\n    as build\r\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM --platform=$BUILDPLATFORM \\\r\n    golang:1.23 \\\r\n    AS build\r\n"
        );
    }
}
