//! Model tests on syntax trees built by a tiny line-based builder, so the
//! model can be tested independently of the real parser (the integration
//! tests in `core/tests/model.rs` go through `crate::parse`).

use super::*;
use crate::syntax::{Flag, KeyValue, LogicalText, Node, NodeKind, Word};

/// One instruction per line: `KEYWORD [--flag[=v]]… words…`; for ARG/ENV
/// the words are `k=v` or `k` pairs (no spaces inside values).
fn build(src: &str) -> Dockerfile {
    let mut nodes = Vec::new();
    let mut line_start = 0;
    for line in src.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut off = 0;
        for w in body.split(' ') {
            if !w.is_empty() {
                words.push((line_start + off, w));
            }
            off += w.len() + 1;
        }
        let span = Span::new(line_start, line_start + line.len());
        line_start += line.len();
        let Some(&(kstart, kw)) = words.first() else {
            nodes.push(Node {
                span,
                kind: NodeKind::Blank,
            });
            continue;
        };
        let keyword = Keyword::parse(kw).expect("keyword");
        let word = |(o, t): (usize, &str)| Word {
            span: Span::new(o, o + t.len()),
            text: t.to_string(),
        };
        let mut rest = words.iter().skip(1).copied().peekable();
        let mut flags = Vec::new();
        while let Some(&(o, t)) = rest.peek() {
            let Some(f) = t.strip_prefix("--") else { break };
            rest.next();
            let (name, value) = match f.split_once('=') {
                Some((n, v)) => (n, Some(word((o + 3 + n.len(), v)))),
                None => (f, None),
            };
            flags.push(Flag {
                span: Span::new(o, o + t.len()),
                name: name.to_string(),
                name_span: Span::new(o + 2, o + 2 + name.len()),
                value,
            });
        }
        let args: Vec<Word> = rest.clone().map(word).collect();
        let pairs = if matches!(keyword, Keyword::Arg | Keyword::Env) {
            rest.map(|(o, t)| {
                let (k, v) = match t.split_once('=') {
                    Some((k, v)) => (k, Some(word((o + k.len() + 1, v)))),
                    None => (t, None),
                };
                KeyValue {
                    span: Span::new(o, o + t.len()),
                    key: word((o, k)),
                    unquoted: v.as_ref().map(|w| w.text.clone()),
                    value: v,
                }
            })
            .collect()
        } else {
            Vec::new()
        };
        let text_start = args.first().map_or(span.end, |a| a.span.start);
        let text = src.get(text_start..span.start + body.len()).unwrap_or("");
        nodes.push(Node {
            span,
            kind: NodeKind::Instruction(Box::new(Instruction {
                span: Span::new(kstart, span.start + body.len()),
                keyword,
                keyword_span: Span::new(kstart, kstart + kw.len()),
                flags,
                text: LogicalText::contiguous(text, text_start),
                json: false,
                args,
                pairs,
                heredocs: Vec::new(),
                comments: Vec::new(),
                nested: None,
            })),
        });
    }
    Dockerfile {
        escape: '\\',
        bom: false,
        nodes,
    }
}

fn with_model<T>(src: &str, f: impl FnOnce(&Model<'_>) -> T) -> T {
    let df = build(src);
    let m = Model::new(src, &df);
    f(&m)
}

fn index_of(m: &Model<'_>, needle: &str) -> usize {
    m.instructions()
        .iter()
        .position(|i| i.span.text(m.source()).starts_with(needle))
        .expect("instruction")
}

#[test]
fn stages_names_and_ranges() {
    let src =
        "ARG V=1\nFROM golang:1.22 AS Build\nRUN make\nFROM scratch\nCOPY --from=build /app /app\n";
    with_model(src, |m| {
        assert_eq!(m.stages.len(), 2);
        let b = &m.stages[0];
        assert_eq!(b.name.as_deref(), Some("build"));
        assert_eq!(b.name_span.map(|s| s.text(src)), Some("Build"));
        assert_eq!(b.instructions, 1..3);
        assert_eq!(m.stage_instructions(b).count(), 2);
        assert!(matches!(&b.base, Base::Image(r) if r.familiar() == "golang:1.22"));
        assert_eq!(m.stages[1].base, Base::Scratch);
        assert_eq!(m.stage_of(0), None);
        assert_eq!(m.stage_of(2), Some(0));
        assert_eq!(m.stage_of(4), Some(1));
        assert_eq!(m.final_stage().map(|s| s.index), Some(1));
        assert_eq!(m.final_dependencies(), vec![0]);
        assert_eq!(
            m.stages[1].deps,
            vec![StageDep {
                stage: 0,
                kind: DepKind::CopyFrom,
                instruction: 4
            }]
        );
        assert!(m.env_known(1));
        assert!(!m.env_known(0));
    });
}

#[test]
fn from_with_global_arg_default() {
    let src = "ARG REG=ghcr.io\nARG BASE=$REG/org/app:1\nFROM ${BASE}\n";
    with_model(src, |m| {
        let s = &m.stages[0];
        assert_eq!(s.base_raw, "${BASE}");
        assert_eq!(s.base_expansion.text, "ghcr.io/org/app:1");
        match &s.base {
            Base::Image(r) => {
                assert_eq!(r.registry, "ghcr.io");
                assert_eq!(r.tag.as_deref(), Some("1"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(m.global_args.len(), 2);
        assert_eq!(m.global_args[1].value.known(), Some("ghcr.io/org/app:1"));
    });
}

#[test]
fn unresolved_and_unknown_bases() {
    let src = "ARG TAG\nFROM alpine:$TAG\nFROM --platform=$BUILDPLATFORM golang:$TARGETARCH\nFROM alpine$SUFFIX\n";
    with_model(src, |m| {
        assert_eq!(m.stages[0].base, Base::Unresolved("alpine:".into()));
        assert_eq!(m.stages[0].base_expansion.unresolved, vec!["TAG"]);
        assert_eq!(
            m.stages[1].base,
            Base::Unresolved("golang:$TARGETARCH".into())
        );
        let p = m.stages[1].platform.as_ref().expect("platform");
        assert_eq!(p.raw, "$BUILDPLATFORM");
        assert_eq!(p.expansion.unknown, vec!["BUILDPLATFORM"]);
        assert!(p.expansion.unresolved.is_empty());
        // An undeclared variable expands to nothing; the rest is a valid image.
        assert!(matches!(&m.stages[2].base, Base::Image(r) if r.repository == "library/alpine"));
        assert_eq!(m.stages[2].base_expansion.unresolved, vec!["SUFFIX"]);
    });
}

#[test]
fn invalid_base() {
    with_model("FROM Alpine\nFROM ${X\n", |m| {
        assert!(matches!(&m.stages[0].base, Base::Invalid(e) if e.contains("lowercase")));
        assert!(matches!(&m.stages[1].base, Base::Invalid(e) if e.contains("missing")));
    });
}

#[test]
fn stage_references_are_case_insensitive_and_only_earlier() {
    let src = "FROM alpine AS Base\nUSER app\nFROM BASE\nFROM base2\nFROM debian AS base2\n";
    with_model(src, |m| {
        assert_eq!(m.stages[1].base, Base::Stage(0));
        assert_eq!(m.stages[1].parent, Some(0));
        // `base2` is declared later: an image, not a stage.
        assert!(matches!(&m.stages[2].base, Base::Image(_)));
        assert_eq!(m.stage_by_name("BASE2").map(|s| s.index), Some(3));
    });
}

#[test]
fn user_inheritance_and_root() {
    let src = "FROM alpine AS a\nUSER root\nUSER app:app\nFROM a AS b\nFROM b AS c\nUSER 0:1000\nFROM alpine\n";
    with_model(src, |m| {
        let a = m.stages[0].user.as_ref().expect("a");
        assert_eq!(a.user, "app:app");
        assert!(!a.is_root());
        assert_eq!(a.span.text(src), "USER app:app");
        let b = m.stages[1].user.as_ref().expect("b inherits");
        assert_eq!(b.user, "app:app");
        assert!(b.is_inherited(1));
        assert_eq!(b.stage, 0);
        let c = m.stages[2].user.as_ref().expect("c");
        assert!(c.is_root());
        assert!(!c.is_inherited(2));
        assert_eq!(m.stages[3].user, None);
    });
}

#[test]
fn user_is_expanded() {
    let src = "FROM alpine\nARG U=0\nUSER ${U}\nENV NAME=svc\nUSER $NAME\n";
    with_model(src, |m| {
        let u = m.stages[0].user.as_ref().expect("user");
        assert_eq!(u.raw, "$NAME");
        assert_eq!(u.user, "svc");
        assert!(u.exact);
    });
    with_model("FROM alpine\nARG U=0\nUSER ${U}:0\n", |m| {
        assert!(m.stages[0].user.as_ref().is_some_and(StageUser::is_root));
    });
}

#[test]
fn root_classification() {
    for root in ["root", "0", "0:0", "root:root", "0:staff", "00", " root "] {
        assert!(is_root_user(root), "{root}");
    }
    for other in ["app", "1000", "1000:0", "rootless", "", ":0", "10"] {
        assert!(!is_root_user(other), "{other}");
    }
}

#[test]
fn numeric_copy_from_and_mounts() {
    let src = "FROM alpine\nFROM alpine AS tools\nFROM scratch\nCOPY --from=0 /a /a\nRUN --mount=type=bind,from=TOOLS,target=/t true\nCOPY --from=nginx:latest /x /x\nCOPY --from=9 /y /y\n";
    with_model(src, |m| {
        let deps: Vec<(usize, DepKind)> =
            m.stages[2].deps.iter().map(|d| (d.stage, d.kind)).collect();
        assert_eq!(deps, vec![(0, DepKind::CopyFrom), (1, DepKind::MountFrom)]);
        assert_eq!(m.final_dependencies(), vec![0, 1]);
    });
}

#[test]
fn unused_stages_are_not_final_dependencies() {
    let src = "FROM alpine AS a\nFROM a AS b\nFROM alpine AS unused\nFROM b\n";
    with_model(src, |m| {
        assert_eq!(m.final_dependencies(), vec![0, 1]);
        let need = m.needed_by(3);
        assert!(!need[2]);
        assert!(m.is_final(3));
        assert!(!m.is_final(1));
    });
}

#[test]
fn env_scoping_across_stages() {
    let src = "FROM alpine AS a\nENV A=1 B=$A\nENV A=2 C=$A\nARG X=x\nFROM a AS b\nRUN use\nFROM alpine\nRUN other\n";
    with_model(src, |m| {
        // In one ENV instruction, every pair sees the values from before it.
        let run_b = index_of(m, "RUN use");
        assert_eq!(m.lookup(run_b, "A"), Lookup::Set("2".into()));
        assert_eq!(m.lookup(run_b, "B"), Lookup::Set(String::new()));
        assert_eq!(m.lookup(run_b, "C"), Lookup::Set("1".into()));
        // ARG values live in the build state a child stage starts from.
        assert_eq!(m.lookup(run_b, "X"), Lookup::Set("x".into()));
        let run_c = index_of(m, "RUN other");
        assert_eq!(m.lookup(run_c, "A"), Lookup::Unset);
        assert_eq!(m.expand_at(run_b, "$A-$C").text, "2-1");
        // PATH comes from the image.
        assert_eq!(m.lookup(run_c, "PATH"), Lookup::Unknown);
        let scope: Vec<String> = m.scope_at(run_b).into_iter().map(|v| v.name).collect();
        assert_eq!(scope, vec!["X", "C", "A", "B"]);
    });
}

#[test]
fn env_before_and_after_an_instruction() {
    let src =
        "FROM scratch\nENV A=1\nWORKDIR /$A\nENV A=2\nWORKDIR /$A\nENV PATH=/app:$PATH\nRUN x\n";
    with_model(src, |m| {
        let w: Vec<usize> = (0..m.instructions().len())
            .filter(|&i| m.instructions()[i].keyword == Keyword::Workdir)
            .collect();
        assert_eq!(m.expand_at(w[0], "/$A").text, "/1");
        assert_eq!(m.expand_at(w[1], "/$A").text, "/2");
        let run = index_of(m, "RUN x");
        assert_eq!(
            m.lookup(run, "PATH"),
            Lookup::Set(format!("/app:{DEFAULT_PATH}"))
        );
    });
}

#[test]
fn arg_redeclaration_and_scoping() {
    let src = "ARG V=1.0\nARG NODEF\nFROM alpine:$V\nRUN a\nARG V\nARG NODEF\nARG TARGETARCH\nARG W=$V-x\nRUN b\nFROM alpine\nRUN c\n";
    with_model(src, |m| {
        let a = index_of(m, "RUN a");
        // A global ARG is not visible in a stage until re-declared.
        assert_eq!(m.lookup(a, "V"), Lookup::Unset);
        let b = index_of(m, "RUN b");
        assert_eq!(m.lookup(b, "V"), Lookup::Set("1.0".into()));
        assert_eq!(m.lookup(b, "W"), Lookup::Set("1.0-x".into()));
        assert_eq!(m.lookup(b, "NODEF"), Lookup::Unset);
        assert_eq!(m.lookup(b, "TARGETARCH"), Lookup::Unknown);
        assert!(m.stages[0]
            .vars
            .iter()
            .any(|v| v.name == "V" && v.from_global));
        let c = index_of(m, "RUN c");
        assert_eq!(m.lookup(c, "V"), Lookup::Unset);
        assert_eq!(m.lookup(c, "TARGETARCH"), Lookup::Unset);
        assert!(matches!(&m.stages[0].base, Base::Image(r) if r.tag.as_deref() == Some("1.0")));
    });
}

#[test]
fn arg_pairs_apply_in_order_and_defaults_see_globals() {
    let src = "ARG G=g\nFROM alpine\nARG A=1 B=$A L=$G\nRUN x\n";
    with_model(src, |m| {
        let x = index_of(m, "RUN x");
        assert_eq!(m.lookup(x, "B"), Lookup::Set("1".into()));
        assert_eq!(m.lookup(x, "L"), Lookup::Set("g".into()));
        assert_eq!(m.lookup(x, "G"), Lookup::Unset);
    });
}

#[test]
fn global_scope_for_from_and_global_args() {
    let src = "ARG A=1\nARG B=$A$TARGETOS\nFROM alpine\n";
    with_model(src, |m| {
        assert_eq!(m.global_args[1].value, VarValue::Unknown);
        assert_eq!(m.lookup(1, "A"), Lookup::Set("1".into()));
        assert_eq!(m.lookup(0, "A"), Lookup::Unset);
        assert_eq!(m.lookup(2, "TARGETOS"), Lookup::Unknown);
        let names: Vec<String> = m.scope_at(2).into_iter().map(|v| v.name).collect();
        assert!(names.starts_with(&["B".to_string(), "A".to_string()]));
        assert!(names.contains(&"BUILDPLATFORM".to_string()));
    });
}

#[test]
fn empty_and_no_from() {
    with_model("", |m| {
        assert!(m.stages.is_empty());
        assert!(m.final_stage().is_none());
        assert!(m.final_dependencies().is_empty());
        assert_eq!(m.stage_of(0), None);
    });
    with_model("ARG A=1\nRUN x\n", |m| {
        assert!(m.stages.is_empty());
        assert_eq!(m.global_args.len(), 1);
        assert_eq!(m.expand_at(1, "$A").text, "1");
    });
    with_model("FROM\n", |m| {
        assert_eq!(m.stages.len(), 1);
        assert!(matches!(m.stages[0].base, Base::Invalid(_)));
    });
}

#[test]
fn onbuild_triggers_do_not_count() {
    // ONBUILD's nested instruction is not a top-level USER.
    let src = "FROM alpine\nUSER app\nONBUILD USER root\n";
    let mut df = build(src);
    if let Some(NodeKind::Instruction(i)) = df.nodes.get_mut(2).map(|n| &mut n.kind) {
        let nested = build("USER root\n");
        if let Some(NodeKind::Instruction(n)) = nested.nodes.into_iter().next().map(|n| n.kind) {
            i.nested = Some(n);
        }
    }
    let m = Model::new(src, &df);
    assert_eq!(
        m.stages[0].user.as_ref().map(|u| u.user.as_str()),
        Some("app")
    );
}

#[test]
fn self_reference_is_not_a_dependency() {
    with_model(
        "FROM alpine AS a\nCOPY --from=a /x /x\nCOPY --from=0 /y /y\n",
        |m| {
            assert!(m.stages[0].deps.is_empty());
        },
    );
}
