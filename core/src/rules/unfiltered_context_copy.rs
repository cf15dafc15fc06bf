//! SS430 unfiltered-context-copy (no peer): `COPY . .` while the
//! `.dockerignore` is missing or lets `.git`, `.env*`, keys through.

use super::context_support::{context_sources, is_context_root};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, FixKind, Owasp, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS430",
        name: "unfiltered-context-copy",
        summary: "The whole build context is copied, and `.dockerignore` does not keep secrets out",
        severity: Severity::Warning,
        category: Category::SupplyChain,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoHardcodedCredentials, Checklist::ManageLayers],
        owasp: &[Owasp::D06],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: true,
        why: "`COPY . .` copies everything in the build context into the image: the `.git` \
directory (with its whole history, deleted secrets included), `.env` files, private keys \
and certificates lying around. Once in a layer they ship with the image, even if a later \
step deletes them. A `.dockerignore` keeps them out of the context; better still, copy only \
what the build needs (`COPY src/ package.json ./`), or start the `.dockerignore` with `*` \
and re-include what is needed with `!`.\n\n\
The rule reports a `COPY` or `ADD` whose source is the context root (`.`, `./`, `/`) when \
the context has no `.dockerignore`, or when its `.dockerignore` does not exclude `.git`, \
`.env*` (`.env`, `.env.local`), `*.pem` or `id_*` (`id_rsa`, `id_ed25519`); the message \
says which. It needs the build context: the CLI and the language server read the \
`.dockerignore` next to the Dockerfile (or `<Dockerfile>.dockerignore`, as BuildKit does), \
the web page has a field for it; with no context known the rule says nothing. `COPY --from` \
is not the context. The example assumes a `.dockerignore` with `.git` and `node_modules`.\n\n\
BuildKit checks the reverse (CopyIgnoredFile, our SS431); no linter checks this one.",
        bad: "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
        good: "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json server.js ./\nRUN npm ci\n",
    },
    check,
};

/// What should be excluded: the name shown, and the paths that must all be ignored.
const MUST_EXCLUDE: &[(&str, &[&str])] = &[
    (".git", &[".git"]),
    (".env*", &[".env", ".env.local"]),
    ("*.pem", &["key.pem"]),
    ("id_*", &["id_rsa", "id_ed25519"]),
];

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let Some(ctx) = &cx.settings.build_context else {
        return;
    };
    let ignore = ctx.ignore();
    let missing: Vec<&str> = match &ignore {
        None => Vec::new(),
        Some(ig) => MUST_EXCLUDE
            .iter()
            .filter(|(_, probes)| !probes.iter().all(|p| ig.is_ignored(p)))
            .map(|(name, _)| *name)
            .collect(),
    };
    if ignore.is_some() && missing.is_empty() {
        return;
    }
    for s in context_sources(cx) {
        if !is_context_root(&s.path) {
            continue;
        }
        let kw = s.keyword.as_str();
        let message = if ignore.is_none() {
            format!("`{kw}` copies the whole build context, and there is no `.dockerignore` to keep `.git`, `.env` files and keys out")
        } else {
            let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            format!(
                "`{kw}` copies the whole build context, and `.dockerignore` does not exclude {}",
                list.join(", ")
            )
        };
        out.report(s.span(), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run_in;

    const CODE: &str = "SS430";

    fn msgs(src: &str, ignore: Option<&str>) -> Vec<String> {
        run_in(CODE, src, None, Some(ignore))
            .into_iter()
            .map(|d| format!("{}|{}", d.span.text(src), d.message))
            .collect()
    }

    #[test]
    fn no_dockerignore() {
        let src = "FROM alpine:3.20\nCOPY . /app\nADD ./ /srv\nCOPY src /app/src\n";
        assert_eq!(
            msgs(src, None),
            [
                ".|`COPY` copies the whole build context, and there is no `.dockerignore` to keep `.git`, `.env` files and keys out",
                "./|`ADD` copies the whole build context, and there is no `.dockerignore` to keep `.git`, `.env` files and keys out",
            ]
        );
    }

    #[test]
    fn incomplete_dockerignore_names_what_is_missing() {
        let src = "FROM alpine:3.20\nCOPY . .\n";
        assert_eq!(
            msgs(src, Some(".git\nnode_modules\n")),
            [".|`COPY` copies the whole build context, and `.dockerignore` does not exclude `.env*`, `*.pem`, `id_*`"]
        );
        // `.env` alone lets `.env.local` through.
        assert_eq!(
            msgs(src, Some(".git\n.env\n*.pem\nid_*\n")),
            [".|`COPY` copies the whole build context, and `.dockerignore` does not exclude `.env*`"]
        );
        // An exception re-includes a key.
        assert_eq!(
            msgs(src, Some(".git\n.env*\n*.pem\nid_*\n!key.pem\n")),
            [".|`COPY` copies the whole build context, and `.dockerignore` does not exclude `*.pem`"]
        );
    }

    #[test]
    fn variables_and_json_form() {
        let src = "FROM alpine:3.20\nARG SRC=.\nCOPY [\"${SRC}\", \"/app\"]\n";
        assert_eq!(run_in(CODE, src, None, Some(None)).len(), 1);
    }

    #[test]
    fn near_misses() {
        let good = ".git\n.env*\n**/*.pem\n*.pem\nid_*\n";
        for (src, ignore) in [
            ("FROM alpine:3.20\nCOPY . .\n", Some(good)),
            (
                "FROM alpine:3.20\nCOPY . .\n",
                Some("*\n!src\n!package.json\n"),
            ),
            ("FROM alpine:3.20\nCOPY src/ /app/\n", None),
            (
                "FROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=b . /app\n",
                None,
            ),
            ("FROM alpine:3.20\nARG SRC\nCOPY ${SRC} /app\n", None),
            ("FROM alpine:3.20\nCOPY <<EOF /a\n.\nEOF\n", None),
        ] {
            assert!(msgs(src, ignore).is_empty(), "{src} {ignore:?}");
        }
        // No context known: nothing.
        assert!(run_in(CODE, "FROM alpine:3.20\nCOPY . .\n", None, None).is_empty());
    }
}
