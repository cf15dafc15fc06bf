//! SS822 copy-whole-filesystem (hadolint DL3067): `COPY --from=<x> / /`
//! copies another stage's or image's whole file system.

use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::Keyword;

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS822",
        name: "copy-whole-filesystem",
        summary: "COPY --from copies a whole file system into `/`",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[Checklist::ManageLayers],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3067")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`COPY --from=build / /` copies every file of the other stage or image, its package \
manager, shell, caches, build tools and any secret left on disk, over the current stage. The \
point of a multi-stage build, a small final image with only what the program needs, is \
lost, and the image keeps everything the build stage had. Copy the paths the program needs \
(`COPY --from=build /out/app /usr/local/bin/app`), or build the final stage `FROM` that stage \
if it really is the whole image.\n\n\
Source and destination are compared after variable expansion; hadolint DL3067 compares \
them as written, so `COPY --from=build $ROOT /` with `ARG ROOT=/` escapes it.",
        bad: "FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM scratch\nCOPY --from=build / /\n",
        good: "FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM scratch\nCOPY --from=build /out/app /app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for (idx, ins) in cx.model.instructions().iter().enumerate() {
        if ins.keyword != Keyword::Copy || ins.flag("from").is_none() {
            continue;
        }
        let [src, dest] = ins.args.as_slice() else {
            continue;
        };
        let root = |w: &str| {
            let e = cx.model.expand_at(idx, w);
            e.is_exact() && e.text == "/"
        };
        if root(&src.text) && root(&dest.text) {
            out.report(
                src.span.cover(dest.span),
                "`COPY --from` copies the whole file system of the source into `/`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS822";

    #[test]
    fn whole_file_system() {
        let src = "FROM alpine:3.20 AS a\nFROM scratch\nCOPY --from=a / /\nCOPY --from=a --chown=1:1 [\"/\", \"/\"]\n";
        assert_eq!(texts(CODE, src), ["/ /", "\"/\", \"/\""]);
        let src = "FROM alpine:3.20 AS a\nFROM scratch\nARG R=/\nCOPY --from=a \\\n  $R /\n";
        assert_eq!(lines(CODE, src), [5]);
    }

    #[test]
    fn near_misses() {
        for src in [
            "FROM alpine:3.20 AS a\nFROM scratch\nCOPY --from=a / /rootfs\n",
            "FROM alpine:3.20 AS a\nFROM scratch\nCOPY --from=a /app /\n",
            "FROM scratch\nCOPY / /\n",
            "FROM alpine:3.20 AS a\nFROM scratch\nCOPY --from=a /etc /bin /\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }
}
