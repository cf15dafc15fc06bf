//! Differential test against the `parse-dockerfile` crate: on inputs both
//! parsers accept, instruction keywords, flags and argument values agree.

use parse_dockerfile as pd;
use shipshape_core::syntax::{parse, Instruction, Keyword};

/// Normalised view: keyword, flags, and the argument values when the other
/// parser exposes them in a comparable form.
type View = (String, Vec<(String, Option<String>)>, Option<Vec<String>>);

fn pd_flags(flags: &[pd::Flag<'_>]) -> Vec<(String, Option<String>)> {
    flags
        .iter()
        .map(|f| {
            (
                f.name.value.to_string(),
                f.value.as_ref().map(|v| v.value.to_string()),
            )
        })
        .collect()
}

fn strs(v: &[pd::UnescapedString<'_>]) -> Vec<String> {
    v.iter().map(|s| s.value.to_string()).collect()
}

fn pd_command(c: &pd::Command<'_>) -> Option<Vec<String>> {
    match c {
        pd::Command::Exec(e) => Some(strs(&e.value)),
        // Shell form keeps escapes and continuations as written: not compared.
        _ => None,
    }
}

fn pd_view(i: &pd::Instruction<'_>) -> View {
    use pd::Instruction as I;
    let none = Vec::new;
    match i {
        I::Add(a) => ("ADD".into(), pd_flags(&a.options), paths(&a.src, &a.dest)),
        I::Copy(a) => ("COPY".into(), pd_flags(&a.options), paths(&a.src, &a.dest)),
        I::Arg(_) => ("ARG".into(), none(), None),
        I::Cmd(a) => ("CMD".into(), none(), pd_command(&a.arguments)),
        I::Entrypoint(a) => ("ENTRYPOINT".into(), none(), pd_command(&a.arguments)),
        I::Run(a) => ("RUN".into(), pd_flags(&a.options), pd_command(&a.arguments)),
        I::Env(_) => ("ENV".into(), none(), None),
        I::Label(_) => ("LABEL".into(), none(), None),
        I::Expose(a) => ("EXPOSE".into(), none(), Some(strs(&a.arguments))),
        I::From(a) => {
            let mut v = vec![a.image.value.to_string()];
            if let Some((k, name)) = &a.as_ {
                let _ = k;
                v.push("AS".into());
                v.push(name.value.to_string());
            }
            ("FROM".into(), pd_flags(&a.options), Some(v))
        }
        I::Healthcheck(a) => {
            let args = match &a.arguments {
                pd::HealthcheckArguments::Cmd { arguments, .. } => {
                    pd_command(arguments).map(|v| [vec!["CMD".to_string()], v].concat())
                }
                pd::HealthcheckArguments::None { .. } => Some(vec!["NONE".into()]),
                _ => None,
            };
            ("HEALTHCHECK".into(), pd_flags(&a.options), args)
        }
        I::Maintainer(a) => (
            "MAINTAINER".into(),
            none(),
            Some(vec![a.name.value.to_string()]),
        ),
        I::Onbuild(a) => {
            let (k, _, _) = pd_view(&a.instruction);
            ("ONBUILD".into(), none(), Some(vec![k]))
        }
        I::Shell(a) => ("SHELL".into(), none(), Some(strs(&a.arguments))),
        I::Stopsignal(a) => (
            "STOPSIGNAL".into(),
            none(),
            Some(vec![a.arguments.value.to_string()]),
        ),
        I::User(a) => (
            "USER".into(),
            none(),
            Some(vec![a.arguments.value.to_string()]),
        ),
        I::Workdir(a) => (
            "WORKDIR".into(),
            none(),
            Some(vec![a.arguments.value.to_string()]),
        ),
        I::Volume(a) => (
            "VOLUME".into(),
            none(),
            Some(match &a.arguments {
                pd::JsonOrStringArray::Json(j) => strs(&j.value),
                pd::JsonOrStringArray::String(s) => strs(s),
            }),
        ),
        _ => ("?".into(), none(), None),
    }
}

fn paths(src: &[pd::Source<'_>], dest: &pd::UnescapedString<'_>) -> Option<Vec<String>> {
    let mut v = Vec::new();
    for s in src {
        match s {
            pd::Source::Path(p) => v.push(p.value.to_string()),
            _ => return None, // heredoc sources are represented differently
        }
    }
    v.push(dest.value.to_string());
    Some(v)
}

fn our_view(i: &Instruction, other: &View) -> View {
    let flags = i
        .flags
        .iter()
        .map(|f| (f.name.clone(), f.value.as_ref().map(|v| v.text.clone())))
        .collect();
    let mut args: Vec<String> = i.args.iter().map(|w| w.text.clone()).collect();
    if i.keyword == Keyword::Onbuild {
        args = i
            .nested
            .iter()
            .map(|n| n.keyword.as_str().to_string())
            .collect();
    }
    if i.keyword == Keyword::From && args.len() == 3 {
        args[1] = "AS".into();
    }
    (
        i.keyword.as_str().to_string(),
        flags,
        other.2.as_ref().map(|_| args),
    )
}

fn compare(name: &str, src: &str) -> bool {
    let Ok(theirs) = pd::parse(src) else {
        return false;
    };
    let ours = parse(src);
    if ours.errors().next().is_some() {
        return false;
    }
    let ours: Vec<_> = ours.instructions().collect();
    assert_eq!(
        ours.len(),
        theirs.instructions.len(),
        "{name}: instruction count"
    );
    for (o, t) in ours.iter().zip(&theirs.instructions) {
        let tv = pd_view(t);
        let ov = our_view(o, &tv);
        // Values with escapes are unescaped by parse-dockerfile but kept by
        // BuildKit's parser (and by ours); compare only plain ones.
        let plain = |v: &View| {
            v.2.iter()
                .flatten()
                .all(|s| !s.contains(['\\', '`', '"', '\'']))
        };
        if plain(&tv) {
            assert_eq!(ov, tv, "{name}: {}", o.span.text(src));
        } else {
            assert_eq!(
                (&ov.0, &ov.1),
                (&tv.0, &tv.1),
                "{name}: {}",
                o.span.text(src)
            );
        }
    }
    true
}

#[test]
fn agrees_with_parse_dockerfile_on_the_corpus() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/parser/corpus");
    let mut compared = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("corpus").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        // Files where parse-dockerfile departs from BuildKit (the BuildKit
        // oracle test confirms our reading of these).
        let known = [
            // `RUN echo \\` at the end of a line: not a continuation for
            // BuildKit (escaped escape), a continuation for parse-dockerfile.
            "continuation-ws.Dockerfile",
            // `RUN -- --x`: `--` ends the flags for BuildKit.
            "flags-everywhere.Dockerfile",
        ];
        if known.iter().any(|k| e.file_name().to_string_lossy() == *k) {
            continue;
        }
        let src = std::fs::read_to_string(e.path()).expect("read");
        if compare(&e.file_name().to_string_lossy(), &src) {
            compared += 1;
        }
    }
    assert!(
        compared >= 40,
        "only {compared} files accepted by both parsers"
    );
}

#[test]
fn agrees_with_parse_dockerfile_on_generated_files() {
    // Deterministic generator of valid instructions.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let pieces = [
        "RUN apt-get update && apt-get install -y curl",
        "RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt",
        "RUN [\"sh\", \"-c\", \"echo hi\"]",
        "COPY --from=build --chown=1000:1000 /app /app",
        "COPY --link a b c /dst/",
        "ADD --chmod=644 https://example.com/x.tgz /tmp/",
        "ENV A=1 B=2",
        "ARG VERSION=1.0",
        "LABEL org.example.v=1",
        "EXPOSE 80 443/tcp",
        "USER 1000",
        "WORKDIR /srv/app",
        "VOLUME /data /logs",
        "VOLUME [\"/data\"]",
        "CMD [\"serve\", \"--port\", \"80\"]",
        "ENTRYPOINT [\"/entrypoint.sh\"]",
        "SHELL [\"/bin/bash\", \"-c\"]",
        "STOPSIGNAL SIGTERM",
        "HEALTHCHECK --interval=10s CMD [\"curl\", \"-f\", \"http://x/\"]",
        "HEALTHCHECK NONE",
        "ONBUILD RUN make",
        "FROM --platform=linux/arm64 alpine:3.20 AS tools",
        "run echo lower",
        "RUN echo a \\\n    b",
    ];
    let mut compared = 0;
    for case in 0..200 {
        let mut src = String::from("FROM alpine\n");
        for _ in 0..1 + next(12) {
            src.push_str(pieces[next(pieces.len())]);
            src.push('\n');
        }
        if compare(&format!("generated #{case}"), &src) {
            compared += 1;
        }
    }
    assert!(compared >= 150, "only {compared} generated files compared");
}
