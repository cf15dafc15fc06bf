//! SS804 maintainer-deprecated (hadolint DL4000, BuildKit MaintainerDeprecated,
//! Trivy DS-0022, Checkov CKV_DOCKER_6): the deprecated `MAINTAINER` instruction.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

/// The OCI annotation for the people responsible for an image.
const AUTHORS: &str = "org.opencontainers.image.authors";

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS804",
        name: "maintainer-deprecated",
        summary: "The deprecated MAINTAINER instruction is used",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Hadolint, "DL4000"),
            Equivalent::same(Tool::Buildkit, "MaintainerDeprecated"),
            Equivalent::same(Tool::Trivy, "DS-0022"),
            Equivalent::same(Tool::Checkov, "CKV_DOCKER_6"),
        ],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "`MAINTAINER` has been deprecated since Docker 1.13. It fills the image's legacy \
`Author` field, which few tools read; labels are the supported way to attach metadata, and \
`org.opencontainers.image.authors` is the standard key for who maintains an image.\n\n\
The fix turns `MAINTAINER Jane <j@x>` into \
`LABEL org.opencontainers.image.authors=\"Jane <j@x>\"`, escaping quotes, `$` and the escape \
character so the label holds exactly the text `MAINTAINER` had (`MAINTAINER` does not expand \
variables; a label would). The image then carries the label instead of the deprecated \
`Author` field.",
        bad: "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n",
        good: "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let esc = cx.model.escape();
    for ins in cx.model.instructions() {
        if ins.keyword != Keyword::Maintainer {
            continue;
        }
        let kw = ins.keyword_span.text(cx.src);
        let label = if kw.bytes().all(|b| b.is_ascii_lowercase()) {
            "label"
        } else {
            "LABEL"
        };
        let mut value = String::with_capacity(ins.text.text.len() + 2);
        value.push('"');
        for c in ins.text.text.chars() {
            if c == '"' || c == '$' || c == esc {
                value.push(esc);
            }
            value.push(c);
        }
        value.push('"');
        let fix = Fix::safe(
            format!("Replace with `LABEL {AUTHORS}`"),
            vec![
                Edit::replace(ins.keyword_span, label),
                Edit::replace(ins.text.source_span(), format!("{AUTHORS}={value}")),
            ],
        );
        out.report(
            ins.keyword_span,
            format!("`{kw}` is deprecated; use the `{AUTHORS}` label"),
        )
        .fix(Some(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS804";

    #[test]
    fn maintainer_becomes_the_authors_label() {
        let src = "FROM alpine:3.20\nMAINTAINER Jane <j@x>\nRUN true\n";
        assert_eq!(texts(CODE, src), ["MAINTAINER"]);
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane <j@x>\"\nRUN true\n"
        );
    }

    #[test]
    fn quotes_dollars_and_backslashes_are_escaped() {
        let src = "FROM alpine:3.20\nMAINTAINER \"Jane\" $HOME C:\\x\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"\\\"Jane\\\" \\$HOME C:\\\\x\"\n"
        );
        let src = "# escape=`\nFROM alpine:3.20\nMAINTAINER Jane \"J\" `x\n";
        assert_eq!(
            fixed(CODE, src, false),
            "# escape=`\nFROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane `\"J`\" ``x\"\n"
        );
    }

    #[test]
    fn lower_case_keyword_stays_lower_case() {
        let src = "from alpine:3.20\nmaintainer jane\n";
        assert_eq!(
            fixed(CODE, src, false),
            "from alpine:3.20\nlabel org.opencontainers.image.authors=\"jane\"\n"
        );
    }

    #[test]
    fn labels_and_the_word_in_arguments_are_clean() {
        let src = "FROM alpine:3.20\nLABEL maintainer=\"Jane\"\nRUN echo MAINTAINER\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn continuation_lines_and_crlf() {
        let src = "FROM alpine:3.20\r\nMAINTAINER Jane \\\r\n  Doe\r\nUSER app\r\n";
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\r\nLABEL org.opencontainers.image.authors=\"Jane   Doe\"\r\nUSER app\r\n"
        );
    }

    #[test]
    fn every_stage_is_checked() {
        let src = "FROM alpine:3.20 AS a\nMAINTAINER x\nFROM a\nMAINTAINER y\n";
        assert_eq!(lines(CODE, src), [2, 4]);
    }
}
