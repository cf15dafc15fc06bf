//! SS815 copy-from-unknown-stage (hadolint DL3022): `COPY --from=x` where
//! `x` is no stage of the file and has no tag, so it is pulled as an image.

use super::structure_support::{judgeable, suggest};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, Word};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS815",
        name: "copy-from-unknown-stage",
        summary: "COPY --from names no stage of the file and no tagged image",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3022")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`COPY --from=` takes a stage name, a stage index or an image. A value that names no \
stage is pulled from a registry as an image, so a typo in a stage name (`--from=biuld`) does \
not fail: it fetches `docker.io/library/biuld:latest`, or whatever someone published under \
that name. Use the stage's name, or write an image with its tag or digest \
(`--from=nginx:1.27`) to show that an image is meant.\n\n\
Stage names are compared without case, as BuildKit does, and may be defined later in the \
file; an index must be below the number of stages. The value is expanded first; a value the \
file cannot know is not judged. The message suggests a stage with a close name.\n\n\
hadolint DL3022 also reports names of stages defined later in the file, which BuildKit \
accepts, and treats any value with `:` as an image; shipshape also accepts `@` digests and \
rejects indexes of stages that do not exist.",
        bad: "FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=biuld /app /app\n",
        good: "FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
    },
    check,
};

/// What a `COPY --from` value refers to.
pub(crate) enum FromRef {
    /// A stage (by name or index).
    Stage(usize),
    /// A digit string that is not a stage index.
    BadIndex,
    /// An image written with a tag or digest.
    Image,
    /// Anything else: no stage, and an image only by accident.
    Unknown(String),
}

/// The expanded `--from` value of a COPY instruction and what it names;
/// `None` for other instructions and values that cannot be known.
pub(crate) fn copy_from<'a>(cx: &Context<'a>, idx: usize) -> Option<(&'a Word, String, FromRef)> {
    let ins = cx.model.instruction(idx)?;
    if ins.keyword != Keyword::Copy {
        return None;
    }
    let w = ins.flag("from")?.value.as_ref()?;
    let e = cx.model.expand_at(idx, &w.text);
    if !judgeable(cx, idx, &e) || e.text.is_empty() {
        return None;
    }
    let text = e.text;
    let stages = &cx.model.stages;
    let r = if text.bytes().all(|b| b.is_ascii_digit()) {
        match text.parse::<usize>() {
            Ok(i) if i < stages.len() => FromRef::Stage(i),
            _ => FromRef::BadIndex,
        }
    } else if let Some(s) = cx.model.stage_by_name(&text) {
        FromRef::Stage(s.index)
    } else if text.contains([':', '@']) {
        FromRef::Image
    } else {
        FromRef::Unknown(text.clone())
    };
    Some((w, text, r))
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for idx in 0..cx.model.instructions().len() {
        let Some((w, text, r)) = copy_from(cx, idx) else {
            continue;
        };
        let message = match r {
            FromRef::Stage(_) | FromRef::Image => continue,
            FromRef::BadIndex => format!(
                "`--from={text}` is no stage index: the file has {} stage(s)",
                cx.model.stages.len()
            ),
            FromRef::Unknown(name) => {
                let names = cx.model.stages.iter().filter_map(|s| s.name.as_deref());
                match suggest(&name.to_lowercase(), names) {
                    Some(s) => format!(
                        "`--from={name}` names no stage, so it pulls the image `{name}:latest` (did you mean `{s}`?)"
                    ),
                    None => format!(
                        "`--from={name}` names no stage, so it pulls the image `{name}:latest`"
                    ),
                }
            }
        };
        out.report(w.span, message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS815";

    #[test]
    fn unknown_names_and_indexes() {
        let src = "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=biuld /a /a\nCOPY --from=nginx /b /b\nCOPY --from=7 /c /c\n";
        assert_eq!(texts(CODE, src), ["biuld", "nginx", "7"]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "`--from=biuld` names no stage, so it pulls the image `biuld:latest` (did you mean `build`?)"
        );
        assert_eq!(
            d[1].message,
            "`--from=nginx` names no stage, so it pulls the image `nginx:latest`"
        );
        assert_eq!(
            d[2].message,
            "`--from=7` is no stage index: the file has 2 stage(s)"
        );
    }

    #[test]
    fn stages_and_tagged_images_are_clean() {
        for src in [
            "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\nCOPY --from=BUILD /a /a\nCOPY --from=0 /a /a\n",
            "FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
            "FROM alpine:3.20\nCOPY --from=nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000 /a /a\n",
            // A stage defined later: BuildKit accepts it.
            "FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b\n",
            "FROM alpine:3.20\nARG TARGETARCH\nCOPY --from=tools-$TARGETARCH /x /x\n",
            "FROM alpine:3.20\nADD --checksum=sha256:00 https://example.com/x /x\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn values_are_expanded() {
        let src = "ARG STAGE=build\nFROM golang:1.23 AS build\nFROM alpine:3.20\nARG STAGE\nCOPY --from=$STAGE /a /a\n";
        assert!(run(CODE, src).is_empty());
        let src = "FROM alpine:3.20\nARG STAGE=buidl\nCOPY --from=${STAGE} /a /a\n";
        assert_eq!(lines(CODE, src), [3]);
    }

    #[test]
    fn continuation_lines() {
        let src = "FROM alpine:3.20\nCOPY \\\n  --from=nope \\\n  /a /a\n";
        assert_eq!(lines(CODE, src), [3]);
    }
}
