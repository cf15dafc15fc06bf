//! SS811 workdir-relative (hadolint DL3000, Trivy DS-0009, Checkov
//! CKV_DOCKER_10, BuildKit WorkdirRelativePath): the first `WORKDIR` of a
//! stage is a relative path, so it depends on the base image's directory.

use super::structure_support::{chain, judgeable};
use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS811",
        name: "workdir-relative",
        summary: "The first WORKDIR of a stage is a relative path",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[
            Equivalent::similar(Tool::Buildkit, "WorkdirRelativePath"),
            Equivalent::similar(Tool::Hadolint, "DL3000"),
            Equivalent::similar(Tool::Trivy, "DS-0009"),
            Equivalent::similar(Tool::Checkov, "CKV_DOCKER_10"),
        ],
        fix: FixKind::Unsafe,
        default_enabled: true,
        why: "A relative `WORKDIR` is resolved against the working directory the stage \
inherits from its base image. That directory is not written in this file and may change \
when the base image is updated, so files end up somewhere else without any change here. \
Start each stage's directory with an absolute path (`WORKDIR /app`); relative `WORKDIR`s \
after that one are fine, they build on a directory this file chose.\n\n\
Only the first `WORKDIR` of a stage is judged, as BuildKit does: a stage built on an \
earlier stage of this file inherits that stage's `WORKDIR`, so it counts as set. Paths are \
judged after variable expansion: `WORKDIR $APP_DIR` with `ARG APP_DIR=/srv` is clean, a \
value the file cannot know (`$HOME` from the base image) is not judged. Windows drive paths \
(`C:\\app`) are absolute.\n\n\
The fix puts `/` in front of the path. It is unsafe: that is the intended directory only when \
the base image's working directory is `/`.\n\n\
Peers: hadolint DL3000, Trivy DS-0009 and Checkov CKV_DOCKER_10 report every relative \
`WORKDIR`, also those after an absolute one, and skip any path that starts with `$` \
without expanding it. BuildKit's WorkdirRelativePath reports the first `WORKDIR` of each \
stage.",
        bad: "FROM node:22-alpine\nWORKDIR app\nCOPY . .\n",
        good: "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\n",
    },
    check,
};

/// Whether a path is absolute on Linux or Windows.
pub(crate) fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    matches!(b.first(), Some(b'/' | b'\\'))
        || (b.len() >= 2
            && b.first().is_some_and(u8::is_ascii_alphabetic)
            && b.get(1) == Some(&b':'))
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let stages = &cx.model.stages;
    for stage in stages {
        let inherited = chain(stages, stage.index).iter().skip(1).any(|st| {
            cx.model
                .stage_instructions(st)
                .any(|i| i.keyword == Keyword::Workdir)
        });
        if inherited {
            continue;
        }
        let Some(idx) = stage.instructions.clone().find(|&i| {
            cx.model
                .instruction(i)
                .is_some_and(|i| i.keyword == Keyword::Workdir)
        }) else {
            continue;
        };
        let Some(ins) = cx.model.instruction(idx) else {
            continue;
        };
        let raw = &ins.text.text;
        let e = cx.model.expand_at(idx, raw);
        if !judgeable(cx, idx, &e) || e.text.is_empty() || is_absolute(&e.text) {
            continue;
        }
        let quoted = raw.starts_with(['"', '\'']);
        let at = ins.text.to_source(usize::from(quoted));
        let fix = Fix::unsafe_("Make the path absolute", vec![Edit::insert(at, "/")]);
        let shown = if e.text == *raw {
            format!("`{raw}`")
        } else {
            format!("`{raw}` (`{}`)", e.text)
        };
        out.report(
            ins.text.source_span(),
            format!("Relative WORKDIR {shown} depends on the base image's working directory"),
        )
        .fix(Some(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS811";

    #[test]
    fn first_relative_workdir_of_a_stage() {
        let src =
            "FROM alpine:3.20\nWORKDIR app\nWORKDIR src\nFROM alpine:3.20\nWORKDIR \"my dir\"\n";
        assert_eq!(texts(CODE, src), ["app", "\"my dir\""]);
        assert_eq!(
            run(CODE, src)[0].message,
            "Relative WORKDIR `app` depends on the base image's working directory"
        );
        assert_eq!(
            fixed(CODE, src, true),
            "FROM alpine:3.20\nWORKDIR /app\nWORKDIR src\nFROM alpine:3.20\nWORKDIR \"/my dir\"\n"
        );
        // Unsafe: not applied by default.
        assert!(
            crate::fix::fix_all(
                src,
                &crate::engine::Settings::resolve(Some(&[CODE]), &[], &[], &[]).0,
                false
            )
            .text
                == src
        );
    }

    #[test]
    fn absolute_first_workdir_is_clean() {
        for src in [
            "FROM alpine:3.20\nWORKDIR /app\nWORKDIR src\n",
            "FROM alpine:3.20\nWORKDIR C:\\app\n",
            "FROM alpine:3.20\nRUN true\n",
            // Inherited from an earlier stage of this file.
            "FROM alpine:3.20 AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n",
            // Values the file cannot know are not judged.
            "FROM alpine:3.20\nWORKDIR $HOME/x\n",
            "FROM alpine:3.20\nARG TARGETARCH\nWORKDIR $TARGETARCH\n",
            "FROM alpine:3.20\nARG DIR=/srv\nWORKDIR ${DIR}/app\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        let src = "FROM alpine:3.20\nARG DIR=app\nWORKDIR $DIR\n";
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "Relative WORKDIR `$DIR` (`app`) depends on the base image's working directory"
        );
        assert_eq!(
            fixed(CODE, src, true),
            "FROM alpine:3.20\nARG DIR=app\nWORKDIR /$DIR\n"
        );
        // On scratch an unset name is empty, so the path is relative.
        assert_eq!(lines(CODE, "FROM scratch\nWORKDIR ${NOPE}x\n"), [2]);
    }

    #[test]
    fn a_stage_of_a_relative_parent_is_not_reported_twice() {
        let src = "FROM alpine:3.20 AS base\nWORKDIR app\nFROM base\nWORKDIR src\n";
        assert_eq!(lines(CODE, src), [2]);
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM alpine:3.20\nWORKDIR \\\n  app\n";
        assert_eq!(lines(CODE, src), [3]);
        assert_eq!(
            fixed(CODE, src, true),
            "FROM alpine:3.20\nWORKDIR \\\n  /app\n"
        );
    }
}
