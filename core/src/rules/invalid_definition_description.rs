//! SS828 invalid-definition-description (BuildKit InvalidDefinitionDescription,
//! experimental): the comment right above a named `FROM` or an `ARG` does not
//! start with the stage or argument name.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, NodeKind};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS828",
        name: "invalid-definition-description",
        summary: "The comment above a named stage or ARG does not start with its name",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(
            Tool::Buildkit,
            "InvalidDefinitionDescription",
        )],
        fix: FixKind::None,
        default_enabled: false,
        why: "`docker build --call=outline` and `--call=targets` show a comment written right \
above a `FROM … AS name` or an `ARG` as the description of that stage or build argument, \
when the comment starts with the name (`# build compiles the server`, `# VERSION of the \
release to package`). A comment there that does not start with the name is not used, and \
the listing shows no description. Start the comment with the name, or leave a blank line \
between an unrelated comment and the instruction.\n\n\
Off by default, as the BuildKit rule is experimental. Only the first line of the comment \
block directly above the instruction is judged; stage names are compared without case. \
Suppression comments (`# shipshape ignore=…`, `# hadolint ignore=…`, `# trivy:ignore:…`, \
`# checkov:skip=…`, `# check=…`) are not descriptions and are skipped; BuildKit judges \
them too.",
        bad: "# compile the server\nFROM golang:1.23 AS build\nRUN go build ./...\n",
        good: "# build compiles the server\nFROM golang:1.23 AS build\nRUN go build ./...\n",
    },
    check,
};

fn is_pragma(text: &str) -> bool {
    let t = text.trim_start().to_ascii_lowercase();
    ["shipshape", "hadolint", "trivy:", "checkov:", "check="]
        .iter()
        .any(|p| t.starts_with(p))
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let nodes = &cx.file.nodes;
    for (i, node) in nodes.iter().enumerate() {
        let NodeKind::Instruction(ins) = &node.kind else {
            continue;
        };
        let name = match ins.keyword {
            Keyword::From => match ins.args.as_slice() {
                [_, kw, name] if kw.text.eq_ignore_ascii_case("as") => name.text.as_str(),
                _ => continue,
            },
            Keyword::Arg => match ins.pairs.as_slice() {
                [one] => one.key.text.as_str(),
                _ => continue,
            },
            _ => continue,
        };
        // The comment block right above: the topmost comment line of it.
        let mut first = None;
        for n in nodes.get(..i).unwrap_or(&[]).iter().rev() {
            match &n.kind {
                NodeKind::Comment(c) => first = Some(c),
                _ => break,
            }
        }
        let Some(c) = first else { continue };
        if is_pragma(&c.text) {
            continue;
        }
        let word = c.text.split_whitespace().next().unwrap_or("");
        let matches = if ins.keyword == Keyword::From {
            word.eq_ignore_ascii_case(name)
        } else {
            word == name
        };
        if !matches {
            let what = if ins.keyword == Keyword::From {
                "stage"
            } else {
                "ARG"
            };
            out.report(
                c.span,
                format!("The comment above {what} `{name}` does not start with `{name}`, so it is not its description"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run};

    const CODE: &str = "SS828";

    #[test]
    fn comments_that_do_not_name_the_definition() {
        let src = "# compile\nFROM golang:1.23 AS build\n# the version\n# more\nARG VERSION=1\n";
        assert_eq!(lines(CODE, src), [1, 3]);
        assert_eq!(
            run(CODE, src)[1].message,
            "The comment above ARG `VERSION` does not start with `VERSION`, so it is not its description"
        );
    }

    #[test]
    fn near_misses() {
        for src in [
            "# build compiles\nFROM golang:1.23 AS build\n# VERSION to release\nARG VERSION=1\n",
            "# Build compiles\nFROM golang:1.23 AS build\n",
            "# unrelated\n\nFROM golang:1.23 AS build\n",
            "# compile\nFROM golang:1.23\n",
            "# hadolint ignore=DL3006\nFROM golang AS build\n",
            "FROM golang:1.23 AS build\n# two\nARG A=1 B=2\n",
            "# syntax=docker/dockerfile:1\nFROM golang:1.23 AS build\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
