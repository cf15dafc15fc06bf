//! SS826 undefined-var (BuildKit UndefinedVar): an instruction that BuildKit
//! expands uses a variable that is not set there.

use super::structure_support::{is_predefined, part_span, refs, suggest};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::model::{Lookup, VarKind};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Keyword, Word};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS826",
        name: "undefined-var",
        summary: "A variable used outside RUN is not defined there",
        severity: Severity::Warning,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::similar(Tool::Buildkit, "UndefinedVar")],
        fix: FixKind::None,
        default_enabled: true,
        why: "BuildKit itself substitutes variables in `ENV`, `ARG` defaults, `LABEL`, \
`COPY`/`ADD` (paths and flags), `WORKDIR`, `USER`, `EXPOSE`, `VOLUME` and `STOPSIGNAL`. A \
name that is not set there becomes an empty string without any error: `ENV \
PATH=$PAHT:/opt/bin` drops the whole `PATH`, `COPY app $DEST` copies to the working \
directory. The usual causes are a typo and a global `ARG` used inside a stage without \
declaring it again there (`ARG VERSION` after the `FROM`).\n\n\
Variables set by `ARG` or `ENV` earlier in the stage or in a stage it is built on, names \
declared with `ARG NAME` in the stage (a build may pass them), and the \
predefined build arguments (`TARGETPLATFORM`, `BUILDPLATFORM`, `TARGETOS`, `TARGETARCH`, \
`HTTP_PROXY`…), are defined. A name used with a default or an alternative \
(`${VAR:-x}`, `${VAR:+x}`) is not reported. Shell-form `RUN`, `CMD` and `ENTRYPOINT` are \
left alone: the shell expands them at run time.\n\n\
BuildKit knows the base image's environment; shipshape does not read it, so it reports a \
name only when it can tell it is not from the base image: the stage starts from `scratch`, \
the name is a close match of a defined one (a typo), or the file declares it elsewhere (a \
global `ARG`, another stage). The message suggests the close match.",
        bad: "FROM alpine:3.20\nENV PATH=/opt/app/bin:$PAHT\n",
        good: "FROM alpine:3.20\nENV PATH=/opt/app/bin:$PATH\n",
    },
    check,
};

/// The words of an instruction that BuildKit expands, each with the index
/// of its ARG/ENV/LABEL pair (0 for other instructions).
fn expanded_words(ins: &crate::syntax::Instruction) -> Vec<(&Word, usize)> {
    match ins.keyword {
        Keyword::Env | Keyword::Arg => ins
            .pairs
            .iter()
            .enumerate()
            .filter_map(|(k, p)| p.value.as_ref().map(|v| (v, k)))
            .collect(),
        Keyword::Label => ins
            .pairs
            .iter()
            .flat_map(|p| std::iter::once(&p.key).chain(p.value.as_ref()))
            .map(|w| (w, 0))
            .collect(),
        Keyword::Copy | Keyword::Add => ins
            .flags
            .iter()
            .filter(|f| matches!(f.name.as_str(), "chown" | "chmod" | "from"))
            .filter_map(|f| f.value.as_ref())
            .chain(ins.args.iter())
            .map(|w| (w, 0))
            .collect(),
        Keyword::Workdir
        | Keyword::User
        | Keyword::Expose
        | Keyword::Volume
        | Keyword::Stopsignal => ins.args.iter().map(|w| (w, 0)).collect(),
        _ => Vec::new(),
    }
}

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let esc = cx.model.escape();
    let model = &cx.model;
    for (idx, ins) in model.instructions().iter().enumerate() {
        let Some(stage) = model.stage_of(idx) else {
            continue;
        };
        if model.stage(stage).is_some_and(|s| s.from == idx) {
            continue;
        }
        let words = expanded_words(ins);
        if words.is_empty() {
            continue;
        }
        let env_known = model.env_known(stage);
        let mut scope: Option<Vec<String>> = None;
        let mut seen: Vec<String> = Vec::new();
        for (w, pair) in words {
            for r in refs(&w.text, esc) {
                if r.guarded || is_predefined(&r.name) || seen.contains(&r.name) {
                    continue;
                }
                if model.lookup(idx, &r.name) != Lookup::Unset {
                    continue;
                }
                // Declared with `ARG NAME` (no value) earlier in the stage: a
                // build arg the build may set, as BuildKit counts it.
                let declared = model.stage(stage).is_some_and(|st| {
                    st.vars
                        .iter()
                        .any(|v| v.name == r.name && v.kind == VarKind::Arg && v.instruction < idx)
                });
                if declared {
                    continue;
                }
                // ARG defaults see the global ARGs and the earlier pairs of
                // the same ARG.
                if ins.keyword == Keyword::Arg
                    && (model.global_args.iter().any(|g| g.name == r.name)
                        || ins.pairs.iter().take(pair).any(|p| p.key.text == r.name))
                {
                    continue;
                }
                // A key of the same ENV: SS819 says why it is empty.
                if ins.keyword == Keyword::Env && ins.pairs.iter().any(|p| p.key.text == r.name) {
                    continue;
                }
                let names = scope.get_or_insert_with(|| {
                    let mut v: Vec<String> =
                        model.scope_at(idx).into_iter().map(|s| s.name).collect();
                    v.push("PATH".into());
                    v
                });
                let close = suggest(&r.name, names.iter().map(String::as_str));
                let global = model.global_args.iter().any(|g| g.name == r.name);
                let elsewhere = global
                    || model.stages.iter().any(|s| {
                        s.vars
                            .iter()
                            .any(|v| v.name == r.name && v.instruction != idx)
                    });
                if !(env_known || close.is_some() || elsewhere) {
                    continue;
                }
                let hint = match close {
                    Some(c) => format!(" (did you mean `${c}`?)"),
                    None if global => format!(
                        " (the global ARG `{}` must be declared again inside the stage with `ARG {}`)",
                        r.name, r.name
                    ),
                    None => String::new(),
                };
                seen.push(r.name.clone());
                out.report(
                    part_span(cx.src, w, r.start, r.end),
                    format!(
                        "`${}` is not defined here, so it expands to an empty string{hint}",
                        r.name
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const CODE: &str = "SS826";

    #[test]
    fn typos_are_reported_with_a_suggestion() {
        let src = "FROM alpine:3.20\nARG VERSION=1\nENV PATH=/opt/bin:$PAHT V=${VERSOIN}\nCOPY app-$VERSOIN.tar /x\n";
        assert_eq!(texts(CODE, src), ["$PAHT", "${VERSOIN}", "$VERSOIN"]);
        let d = run(CODE, src);
        assert_eq!(
            d[0].message,
            "`$PAHT` is not defined here, so it expands to an empty string (did you mean `$PATH`?)"
        );
        assert_eq!(
            d[1].message,
            "`$VERSOIN` is not defined here, so it expands to an empty string (did you mean `$VERSION`?)"
        );
    }

    #[test]
    fn global_args_must_be_declared_again() {
        let src = "ARG APP=demo\nFROM alpine:3.20\nWORKDIR /srv/$APP\nLABEL name=$APP\n";
        assert_eq!(lines(CODE, src), [3, 4]);
        assert_eq!(
            run(CODE, src)[0].message,
            "`$APP` is not defined here, so it expands to an empty string (the global ARG `APP` must be declared again inside the stage with `ARG APP`)"
        );
        let src = "ARG APP=demo\nFROM alpine:3.20\nARG APP\nWORKDIR /srv/$APP\n";
        assert!(run(CODE, src).is_empty());
    }

    #[test]
    fn scratch_stages_know_their_whole_environment() {
        let src = "FROM scratch\nCOPY app $DEST\nUSER $UID\nEXPOSE $PORT\nARG A=$B C=$A\n";
        assert_eq!(texts(CODE, src), ["$DEST", "$UID", "$PORT", "$B"]);
    }

    #[test]
    fn near_misses() {
        for src in [
            // Could come from the base image.
            "FROM node:22\nENV X=$NODE_VERSION\n",
            // Defaults and alternatives.
            "FROM scratch\nENV A=${NOPE:-x} B=${NOPE:+y}\n",
            // Predefined args.
            "FROM scratch\nENV A=$TARGETARCH B=$HTTP_PROXY C=$BUILDPLATFORM\n",
            // Defined earlier, or in a parent stage.
            "FROM scratch AS a\nENV DIR=/app\nFROM a\nWORKDIR $DIR\n",
            "FROM scratch\nARG V=1\nCOPY x-$V /x\n",
            // Declared without a value: `--build-arg` may set it.
            "FROM scratch\nARG foo\nCOPY $foo .\n",
            // The shell expands RUN, CMD and ENTRYPOINT.
            "FROM scratch\nRUN echo $NOPE\nCMD echo $NOPE\nENTRYPOINT [\"$NOPE\"]\n",
            // Single quotes and escapes.
            "FROM scratch\nENV A='$NOPE' B=\\$NOPE\n",
            // Keys of the same ENV belong to SS819.
            "FROM scratch\nENV A=1 B=$A\n",
            // ARG defaults see global ARGs and earlier pairs.
            "ARG G=1\nFROM scratch\nARG V=$G A=1 B=$A\n",
            // FROM lines belong to SS824.
            "FROM alpine:$NOPE\n",
        ] {
            assert!(run(CODE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn once_per_name_and_instruction() {
        let src = "FROM scratch\nCOPY --chown=$U:$U $U /x\n";
        assert_eq!(lines(CODE, src), [2]);
    }
}
