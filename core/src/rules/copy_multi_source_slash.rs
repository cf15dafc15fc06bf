//! SS809 copy-multi-source-slash (hadolint DL3021, Trivy DS-0011): `COPY`
//! or `ADD` with several sources whose destination does not end in `/`.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS809",
        name: "copy-multi-source-slash",
        summary: "COPY or ADD has several sources but its destination does not end with `/`",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::similar(Tool::Hadolint, "DL3021"),
            Equivalent::similar(Tool::Trivy, "DS-0011"),
        ],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "The Dockerfile reference requires a destination ending in `/` when `COPY` or \
`ADD` has more than one source: the destination must be a directory. The classic builder \
(and builders that follow it) stops with \"When using COPY with more than one source file, \
the destination must be a directory and end with a /\". BuildKit is lenient but \
inconsistent: it treats `.` as a directory, yet copies `COPY a b /dest` onto a single \
file `/dest` when that directory does not exist yet, keeping only the last source \
(moby/buildkit#1853). End the destination with `/`.\n\n\
The fix appends `/` (inside the quotes of a quoted or JSON-form destination). It is safe: \
with the slash every builder does what the reference says the instruction means.\n\n\
hadolint's DL3021 and Trivy's DS-0011 check `COPY` only and compare the destination as \
written; shipshape also checks `ADD`, which has the same requirement, and judges the \
destination after variable expansion (`$DEST` set to `/app/` is fine; an unknown value is \
not judged). A single wildcard source that matches several files is not reported: only the \
build context can tell.",
        bad: "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json .\n",
        good: "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for (idx, ins) in cx.model.instructions().iter().enumerate() {
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
            continue;
        }
        let [sources @ .., dest] = ins.args.as_slice() else {
            continue;
        };
        if sources.len() < 2 {
            continue;
        }
        let e = cx.model.expand_at(idx, &dest.text);
        if !e.is_exact() || e.text.is_empty() || e.text.ends_with(['/', '\\']) {
            continue;
        }
        let written = dest.span.text(cx.src);
        // Before the closing quote of a JSON item or a quoted word.
        let quoted = ins.json
            || (written.len() >= 2
                && (written.ends_with('"') || written.ends_with('\''))
                && dest.text == written);
        let at = if quoted {
            dest.span.end.saturating_sub(1)
        } else {
            dest.span.end
        };
        let kw = ins.keyword_span.text(cx.src);
        let fix = Fix::safe("Append `/` to the destination", vec![Edit::insert(at, "/")]);
        out.report(
            dest.span,
            format!(
                "`{kw}` has {} sources, but its destination `{}` does not end with `/`",
                sources.len(),
                e.text
            ),
        )
        .fix(Some(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS809";

    #[test]
    fn several_sources_need_a_directory_destination() {
        let src = "FROM alpine:3.20\nCOPY a b /app\nADD c.tar d.tar .\n";
        assert_eq!(texts(CODE, src), ["/app", "."]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nCOPY a b /app/\nADD c.tar d.tar ./\n"
        );
    }

    #[test]
    fn one_source_or_a_slash_is_clean() {
        let src = "FROM alpine:3.20\nCOPY a /app\nCOPY a b /app/\nCOPY --chown=1:1 a /app\n\
COPY --from=build /a /b\nADD https://example.com/x.tgz /x\n";
        assert!(run(CODE, src).is_empty());
        // Flags are not sources.
        assert!(run(CODE, "FROM alpine:3.20\nCOPY --link --chmod=644 a /app\n").is_empty());
    }

    #[test]
    fn json_form_gets_the_slash_inside_the_quotes() {
        let src = "FROM alpine:3.20\nCOPY [\"a b\", \"c\", \"/my dir\"]\n";
        assert_eq!(texts(CODE, src), ["\"/my dir\""]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nCOPY [\"a b\", \"c\", \"/my dir/\"]\n"
        );
    }

    #[test]
    fn quoted_destinations_get_the_slash_inside_the_quotes() {
        let src = "FROM alpine:3.20\nCOPY a b \"/app\"\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nCOPY a b \"/app/\"\n"
        );
    }

    #[test]
    fn destinations_are_judged_after_expansion() {
        let src = "FROM alpine:3.20\nARG DEST=/app/\nCOPY a b $DEST\n";
        assert!(run(CODE, src).is_empty());
        let src = "FROM alpine:3.20\nARG DEST=/app\nCOPY a b ${DEST}\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nARG DEST=/app\nCOPY a b ${DEST}/\n"
        );
        // Unknown values are not judged.
        assert!(run(
            CODE,
            "FROM alpine:3.20\nARG TARGETARCH\nCOPY a b /$TARGETARCH\n"
        )
        .is_empty());
    }

    #[test]
    fn heredoc_sources_count() {
        let src = "FROM alpine:3.20\nCOPY <<one <<two /etc\nfirst\none\nsecond\ntwo\n";
        assert_eq!(lines(CODE, src), [2]);
        assert!(run(CODE, "FROM alpine:3.20\nCOPY <<one /etc/one\nfirst\none\n").is_empty());
    }

    #[test]
    fn continuation_lines_and_crlf() {
        let src = "FROM alpine:3.20\r\nCOPY a \\\r\n     b \\\r\n     /app\r\nRUN true\r\n";
        assert_eq!(lines(CODE, src), [4]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\r\nCOPY a \\\r\n     b \\\r\n     /app/\r\nRUN true\r\n"
        );
    }
}
