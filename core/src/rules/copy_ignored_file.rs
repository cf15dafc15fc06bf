//! SS431 copy-ignored-file (BuildKit CopyIgnoredFile): a `COPY`/`ADD`
//! source is excluded by `.dockerignore`, so the build cannot see it.

use super::context_support::{context_sources, is_context_root};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS431",
        name: "copy-ignored-file",
        summary: "A COPY or ADD source is excluded by `.dockerignore`",
        severity: Severity::Warning,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "CopyIgnoredFile")],
        fix: FixKind::None,
        default_enabled: true,
        why: "Files excluded by `.dockerignore` are not sent to the builder: a `COPY` or `ADD` \
of them fails, or, with a wildcard, silently copies less than it says. Either the pattern \
is too broad or the instruction copies something that should stay out of the image.\n\n\
As BuildKit's CopyIgnoredFile (an experimental check there, off unless enabled): each \
local source of `COPY`/`ADD` (not `--from`, not URLs, \
after variable expansion) is matched, as written, against the `.dockerignore` patterns \
(a pattern also covers everything under a matched directory); the check is skipped when \
the `.dockerignore` has `!` exceptions, and the context root (`.`, `/`) is reported only \
when everything is ignored. It needs the build context (see SS430); with no context known \
the rule says nothing. The example assumes a `.dockerignore` with `.git` and \
`node_modules`.",
        bad: "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json node_modules ./\n",
        good: "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(ig) = cx.settings.build_context.as_ref().and_then(|c| c.ignore()) else {
        return;
    };
    if ig.has_exceptions() {
        return;
    }
    for s in context_sources(cx) {
        let root = is_context_root(&s.path);
        let hit = if root {
            ig.is_ignored(".")
        } else {
            ig.is_ignored(&s.path)
        };
        if !hit {
            continue;
        }
        let line = ig
            .matching(if root { "." } else { &s.path })
            .map_or(0, |p| p.line);
        out.report(
            s.span(),
            format!(
                "`{}` copies `{}`, which `.dockerignore` excludes (line {line})",
                s.keyword.as_str(),
                s.path
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run_in;

    const CODE: &str = "SS431";

    fn hits(src: &str, ignore: &str) -> Vec<String> {
        run_in(CODE, src, None, Some(Some(ignore)))
            .into_iter()
            .map(|d| format!("{}|{}", d.span.text(src), d.message))
            .collect()
    }

    #[test]
    fn ignored_sources() {
        let src = "FROM alpine:3.20\nCOPY app.py secrets/db.txt /app/\nADD build/*.tar /opt/\n";
        assert_eq!(
            hits(src, "# local\nsecrets\nbuild/\n"),
            [
                "secrets/db.txt|`COPY` copies `secrets/db.txt`, which `.dockerignore` excludes (line 2)",
                "build/*.tar|`ADD` copies `build/*.tar`, which `.dockerignore` excludes (line 3)",
            ]
        );
        assert_eq!(
            hits("FROM alpine:3.20\nCOPY ./x.log /a\n", "*.log\n").len(),
            1
        );
        let src = "FROM alpine:3.20\nARG F=.env\nCOPY $F /app/\n";
        assert_eq!(
            hits(src, ".env\n"),
            ["$F|`COPY` copies `.env`, which `.dockerignore` excludes (line 1)"]
        );
    }

    #[test]
    fn root_only_when_everything_is_ignored() {
        let src = "FROM alpine:3.20\nCOPY . /app\n";
        assert_eq!(hits(src, "*\n").len(), 1);
        assert_eq!(hits(src, "**\n").len(), 1);
        assert!(hits(src, ".git\n").is_empty());
    }

    #[test]
    fn near_misses() {
        for (src, ignore) in [
            ("FROM alpine:3.20\nCOPY src /app\n", "*.md\n"),
            ("FROM alpine:3.20\nCOPY docs/a.md /app\n", "*.md\n"),
            // Exceptions turn the check off, as in BuildKit.
            ("FROM alpine:3.20\nCOPY a.md /app\n", "*.md\n!README.md\n"),
            (
                "FROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=b secrets /s\n",
                "secrets\n",
            ),
            (
                "FROM alpine:3.20\nADD https://example.com/secrets /s\n",
                "secrets\n",
            ),
            ("FROM alpine:3.20\nARG F\nCOPY $F /app/\n", "*\n"),
        ] {
            assert!(hits(src, ignore).is_empty(), "{src}");
        }
        assert!(run_in(
            CODE,
            "FROM alpine:3.20\nCOPY secrets /s\n",
            None,
            Some(None)
        )
        .is_empty());
        assert!(run_in(CODE, "FROM alpine:3.20\nCOPY secrets /s\n", None, None).is_empty());
    }
}
