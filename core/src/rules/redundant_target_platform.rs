//! SS810 redundant-target-platform (BuildKit RedundantTargetPlatform,
//! hadolint DL3065): `FROM --platform=$TARGETPLATFORM`, which is the default.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS810",
        name: "redundant-target-platform",
        summary: "FROM sets --platform to $TARGETPLATFORM, which is already the default",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::same(Tool::Buildkit, "RedundantTargetPlatform"),
            Equivalent::same(Tool::Hadolint, "DL3065"),
        ],
        fix: FixKind::Safe,
        default_enabled: true,
        why: "A stage is built for the target platform unless `FROM --platform=…` says \
otherwise, so `--platform=$TARGETPLATFORM` changes nothing. It usually means \
`$BUILDPLATFORM` was intended: a cross-compiling builder stage should run natively with \
`FROM --platform=$BUILDPLATFORM` and produce binaries for `$TARGETPLATFORM`. Remove the flag, \
or use `$BUILDPLATFORM` if that was the intent.\n\n\
The rule matches `$TARGETPLATFORM` and `${TARGETPLATFORM}`. The fix removes the flag and the \
blanks after it.",
        bad: "FROM --platform=$TARGETPLATFORM alpine:3.20\nRUN uname -m\n",
        good: "FROM alpine:3.20\nRUN uname -m\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let src = cx.src;
    for ins in cx.model.instructions() {
        if ins.keyword != Keyword::From {
            continue;
        }
        for flag in ins.flags.iter().filter(|f| f.name == "platform") {
            let Some(value) = &flag.value else { continue };
            if value.text != "$TARGETPLATFORM" && value.text != "${TARGETPLATFORM}" {
                continue;
            }
            let blanks = src
                .get(flag.span.end..)
                .unwrap_or("")
                .bytes()
                .take_while(|&b| b == b' ' || b == b'\t')
                .count();
            let fix = Fix::safe(
                "Remove the `--platform` flag",
                vec![Edit::delete(Span::new(
                    flag.span.start,
                    flag.span.end + blanks,
                ))],
            );
            out.report(
                flag.span,
                format!(
                    "`--platform={}` is the default platform, so the flag does nothing",
                    value.text
                ),
            )
            .fix(Some(fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS810";

    #[test]
    fn target_platform_is_redundant() {
        let src = "FROM --platform=$TARGETPLATFORM alpine:3.20 AS a\nFROM --platform=${TARGETPLATFORM}  alpine:3.20\n";
        assert_eq!(
            texts(CODE, src),
            ["--platform=$TARGETPLATFORM", "--platform=${TARGETPLATFORM}"]
        );
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20 AS a\nFROM alpine:3.20\n"
        );
    }

    #[test]
    fn other_platforms_are_clean() {
        let src = "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n\
FROM --platform=linux/amd64 alpine:3.20\n\
FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20\n\
FROM --platform=$TARGETOS/$TARGETARCH alpine:3.20\n\
FROM alpine:3.20\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn continuation_lines_are_kept() {
        let src = "FROM --platform=$TARGETPLATFORM \\\n    alpine:3.20\n";
        assert_eq!(lines(CODE, src), [1]);
        assert_eq!(fixed(CODE, src, false), "FROM \\\n    alpine:3.20\n");
    }

    #[test]
    fn crlf() {
        let src = "FROM --platform=$TARGETPLATFORM alpine:3.20\r\nRUN true\r\n";
        assert_eq!(fixed(CODE, src, false), "FROM alpine:3.20\r\nRUN true\r\n");
    }
}
