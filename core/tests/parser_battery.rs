//! Behaviour of the Dockerfile parser, one BuildKit rule at a time. Every
//! assertion on a range slices the source and compares the text.

use shipshape_core::syntax::{parse, Dockerfile, Instruction, Keyword, NodeKind, SyntaxError};

fn txt(src: &str, span: shipshape_core::Span) -> &str {
    span.text(src)
}

fn tiles(src: &str, df: &Dockerfile) {
    let mut at = 0;
    for n in &df.nodes {
        assert_eq!(n.span.start, at, "gap or overlap before {:?}", n.span);
        assert!(n.span.end > n.span.start);
        at = n.span.end;
    }
    assert_eq!(at, src.len());
}

/// The only instruction of a file without errors.
fn one(src: &str) -> Instruction {
    let df = parse(src);
    tiles(src, &df);
    let errors: Vec<_> = df.errors().collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:?}");
    let all: Vec<_> = df.instructions().cloned().collect();
    assert_eq!(all.len(), 1, "{all:?}");
    all.into_iter().next().expect("one")
}

fn args(i: &Instruction) -> Vec<&str> {
    i.args.iter().map(|w| w.text.as_str()).collect()
}

/// Every argument's source range holds its text (for words kept as written).
fn args_match_source(src: &str, i: &Instruction) {
    for w in &i.args {
        assert_eq!(txt(src, w.span), w.text, "arg span of {:?}", w.text);
    }
}

fn only_error(src: &str) -> SyntaxError {
    let df = parse(src);
    tiles(src, &df);
    let errors: Vec<_> = df.errors().cloned().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().expect("one")
}

// ---------------------------------------------------------------- tiling

#[test]
fn nodes_tile_the_input_with_bom_comments_and_blank_lines() {
    let src =
        "\u{feff}# syntax=docker/dockerfile:1\n\n# hello\nFROM a\r\n  \nRUN b \\\n  # inner\n  c\n";
    let df = parse(src);
    tiles(src, &df);
    assert!(df.bom);
    assert_eq!(
        df.nodes[0].span.start, 0,
        "the BOM belongs to the first node"
    );
    let kinds: Vec<&str> = df
        .nodes
        .iter()
        .map(|n| match n.kind {
            NodeKind::Directive(_) => "directive",
            NodeKind::Comment(_) => "comment",
            NodeKind::Blank => "blank",
            NodeKind::Instruction(_) => "instruction",
            NodeKind::Error(_) => "error",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "directive",
            "blank",
            "comment",
            "instruction",
            "blank",
            "instruction"
        ]
    );
    assert_eq!(
        txt(src, df.nodes[3].span),
        "FROM a\r\n",
        "terminator belongs to the line"
    );
    let run = df.instructions().nth(1).expect("RUN");
    assert_eq!(txt(src, run.span), "RUN b \\\n  # inner\n  c");
    assert_eq!(run.comments.len(), 1);
    assert_eq!(txt(src, run.comments[0].span), "# inner");
    assert_eq!(run.comments[0].text, "inner");
    assert_eq!(args(run), ["b   c"]);
}

#[test]
fn empty_and_whitespace_only_inputs() {
    assert!(parse("").nodes.is_empty());
    let df = parse("\n\n");
    assert_eq!(df.nodes.len(), 2);
    tiles("\n\n", &df);
    let df = parse("\u{feff}");
    tiles("\u{feff}", &df);
}

// ------------------------------------------------------------ directives

#[test]
fn directives_at_the_head_of_the_file() {
    let src = "# syntax = docker/dockerfile:1.7\n#ESCAPE=`\n#  check=skip=JSONArgsRecommended  \nFROM a\nRUN x `\n  y\n";
    let df = parse(src);
    tiles(src, &df);
    assert_eq!(df.escape, '`');
    let d: Vec<_> = df.directives().collect();
    assert_eq!(d.len(), 3);
    assert_eq!(
        (d[0].name.as_str(), d[0].value.as_str()),
        ("syntax", "docker/dockerfile:1.7")
    );
    assert_eq!(txt(src, d[0].value_span), "docker/dockerfile:1.7");
    assert_eq!(txt(src, d[1].name_span), "ESCAPE");
    assert_eq!(d[1].name, "escape");
    assert_eq!(d[2].value, "skip=JSONArgsRecommended");
    assert_eq!(txt(src, d[2].span), "#  check=skip=JSONArgsRecommended  ");
    let run = df.instructions().nth(1).expect("RUN");
    assert_eq!(args(run), ["x   y"], "backtick continues the line");
}

#[test]
fn blank_line_or_comment_ends_directive_scanning() {
    for head in ["# syntax=x\n\n", "# hello\n", "FROM a\n"] {
        let src = format!("{head}# escape=`\nFROM b\nRUN c \\\n d\n");
        let df = parse(&src);
        assert_eq!(df.escape, '\\', "{head:?}");
        assert!(df.directives().all(|d| d.name != "escape"));
        assert!(df.comments().any(|c| c.text == "escape=`"));
        let run = df.instructions().last().expect("RUN");
        assert_eq!(args(run), ["c  d"]);
    }
}

#[test]
fn unknown_directive_name_is_a_comment_and_ends_scanning() {
    let df = parse("# foo=bar\n# escape=`\nFROM a\n");
    assert_eq!(df.directives().count(), 0);
    assert_eq!(df.comments().count(), 2);
    assert_eq!(df.escape, '\\');
}

#[test]
fn bad_directives_are_errors() {
    let src = "# escape=x\nFROM a\n";
    let e = only_error(src);
    assert_eq!(e.message, "invalid escape token 'x' does not match ` or \\");
    assert_eq!(txt(src, e.span), "# escape=x");
    let src = "# syntax=a\n# SYNTAX=b\nFROM a\n";
    let e = only_error(src);
    assert_eq!(e.message, "only one syntax parser directive can be used");
    assert_eq!(txt(src, e.span), "# SYNTAX=b");
    assert_eq!(parse(src).instructions().count(), 1, "parsing goes on");
}

#[test]
fn backtick_escape_keeps_backslashes_literal() {
    let src = "# escape=`\nFROM w\nCOPY x c:\\\nRUN dir c:\\\n";
    let df = parse(src);
    tiles(src, &df);
    let ins: Vec<_> = df.instructions().collect();
    assert_eq!(ins.len(), 3);
    assert_eq!(args(ins[1]), ["x", "c:\\"]);
    assert_eq!(args(ins[2]), ["dir c:\\"]);
}

// --------------------------------------------------------- continuations

#[test]
fn continuation_with_trailing_whitespace_comments_and_empty_lines() {
    let src = "RUN a \\ \t\n# c1 \\\n\n   \n  # c2\n  b \\\nc\nFROM x\n";
    let df = parse(src);
    tiles(src, &df);
    let run = df.instructions().next().expect("RUN");
    assert_eq!(args(run), ["a   b c"]);
    assert_eq!(run.text.text, "a   b c");
    assert_eq!(
        run.comments
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        ["c1 \\", "c2"]
    );
    assert_eq!(
        txt(src, df.nodes[0].span),
        "RUN a \\ \t\n# c1 \\\n\n   \n  # c2\n  b \\\nc\n"
    );
    // Logical offsets map back to the source.
    let b = run.text.text.find('b').expect("b");
    assert_eq!(&src[run.text.to_source(b)..run.text.to_source(b) + 1], "b");
    let c = run.text.text.find('c').expect("c");
    assert_eq!(&src[run.text.to_source(c)..run.text.to_source(c) + 1], "c");
    assert_eq!(
        txt(src, run.args[0].span),
        "a \\ \t\n# c1 \\\n\n   \n  # c2\n  b \\\nc"
    );
    assert_eq!(
        df.instructions().nth(1).map(|i| i.keyword),
        Some(Keyword::From)
    );
}

#[test]
fn empty_continuation_lines_join_the_next_instruction_like_buildkit() {
    let i = one("RUN a \\\n\nFROM x\n");
    assert_eq!(i.keyword, Keyword::Run);
    assert_eq!(args(&i), ["a FROM x"]);
}

#[test]
fn continuation_at_end_of_file() {
    let src = "FROM a\nRUN echo a \\";
    let df = parse(src);
    tiles(src, &df);
    let run = df.instructions().nth(1).expect("RUN");
    assert_eq!(args(run), ["echo a"]);
    assert_eq!(txt(src, run.span), "RUN echo a \\");
}

#[test]
fn escaped_escape_at_line_end_is_not_a_continuation() {
    let src = "RUN echo \\\\\nRUN b\n";
    let df = parse(src);
    assert_eq!(df.instructions().count(), 2);
    assert_eq!(args(df.instructions().next().expect("RUN")), ["echo \\\\"]);
}

#[test]
fn ten_thousand_continuation_lines_and_a_large_file_on_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let mut long = String::from("FROM a\nRUN true");
            for i in 0..10_000 {
                long.push_str(&format!(" \\\n  && echo {i}"));
            }
            long.push('\n');
            let df = parse(&long);
            let run = df.instructions().nth(1).expect("RUN").clone();
            let big: String = (0..100_000).map(|i| format!("RUN echo {i}\n")).collect();
            let count = parse(&big).instructions().count();
            (run.args[0].text.matches("&& echo").count(), count)
        })
        .expect("spawn");
    assert_eq!(handle.join().expect("no stack overflow"), (10_000, 100_000));
}

// -------------------------------------------------------------- heredocs

#[test]
fn heredoc_run_body_is_not_part_of_the_text() {
    let src = "FROM a\nRUN <<EOF\napt-get update\nFROM not-an-instruction\nEOF\nRUN after\n";
    let df = parse(src);
    tiles(src, &df);
    let ins: Vec<_> = df.instructions().collect();
    assert_eq!(ins.len(), 3);
    let run = ins[1];
    assert_eq!(run.text.text, "<<EOF");
    assert_eq!(run.heredocs.len(), 1);
    let h = &run.heredocs[0];
    assert_eq!(
        (h.name.as_str(), h.strip_tabs, h.quoted),
        ("EOF", false, false)
    );
    assert_eq!(txt(src, h.span), "<<EOF");
    assert_eq!(
        txt(src, h.body),
        "apt-get update\nFROM not-an-instruction\n"
    );
    assert_eq!(txt(src, h.terminator), "EOF");
    assert_eq!(
        txt(src, run.span),
        "RUN <<EOF\napt-get update\nFROM not-an-instruction\nEOF"
    );
}

#[test]
fn heredocs_opened_by_any_word() {
    let src = "RUN cat <<EOF > /etc/x\nhello\nEOF\n";
    let i = one(src);
    assert_eq!(args(&i), ["cat <<EOF > /etc/x"]);
    assert_eq!(txt(src, i.heredocs[0].body), "hello\n");
    let src = "RUN python3 <<EOF\nprint(1)\nEOF\n";
    let i = one(src);
    assert_eq!(txt(src, i.heredocs[0].body), "print(1)\n");
}

#[test]
fn several_heredocs_on_one_line_in_order() {
    let src = "RUN <<EOF1 <<EOF2 sh\none\nEOF1\ntwo\nEOF2\n";
    let i = one(src);
    let names: Vec<_> = i.heredocs.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["EOF1", "EOF2"]);
    assert_eq!(txt(src, i.heredocs[0].body), "one\n");
    assert_eq!(txt(src, i.heredocs[1].body), "two\n");
    let src = "COPY <<a <<b /dst/\nA\na\nB\nb\n";
    let i = one(src);
    assert_eq!(args(&i), ["<<a", "<<b", "/dst/"]);
    assert_eq!(txt(src, i.heredocs[1].body), "B\n");
    assert_eq!(txt(src, i.heredocs[1].terminator), "b");
}

#[test]
fn heredoc_variants_dash_and_quotes() {
    let src = "RUN <<-EOT bash\n\techo hi\n\tEOT\n";
    let i = one(src);
    assert!(i.heredocs[0].strip_tabs);
    assert_eq!(txt(src, i.heredocs[0].terminator), "\tEOT");
    for (word, quoted) in [
        ("<<\"EOF\"", true),
        ("<<'EOF'", true),
        ("<<E\"O\"F", true),
        ("<<EOF", false),
    ] {
        let src = format!("RUN cat {word}\n$X\nEOF\n");
        let i = one(&src);
        assert_eq!(i.heredocs[0].name, "EOF", "{word}");
        assert_eq!(i.heredocs[0].quoted, quoted, "{word}");
        assert_eq!(txt(&src, i.heredocs[0].span), word);
    }
}

#[test]
fn not_heredocs() {
    for src in [
        "RUN cat <<< \"x\"\n",
        "RUN [\"cat\", \"<<EOF\"]\n",
        "RUN echo \"<<EOF\"\n",
        "CMD cat <<EOF\n",
        "RUN echo <<\n",
    ] {
        let i = one(src);
        assert!(i.heredocs.is_empty(), "{src:?}");
    }
}

#[test]
fn heredoc_with_crlf_and_after_continuation() {
    let src = "RUN --mount=type=cache,target=/c \\\n    <<EOF sh\r\necho x\r\nEOF\r\nRUN y\r\n";
    let df = parse(src);
    tiles(src, &df);
    let i = df.instructions().next().expect("RUN");
    assert_eq!(txt(src, i.heredocs[0].body), "echo x\r\n");
    assert_eq!(txt(src, i.heredocs[0].terminator), "EOF");
    assert_eq!(df.instructions().count(), 2);
}

#[test]
fn unterminated_heredoc_is_an_error_that_keeps_the_instruction() {
    let src = "FROM a\nRUN <<EOF\necho x\n";
    let e = only_error(src);
    assert_eq!(e.message, "unterminated heredoc");
    assert_eq!(txt(src, e.span), "<<EOF");
    let ins = e.instruction.expect("partial instruction");
    assert_eq!(ins.keyword, Keyword::Run);
    assert_eq!(txt(src, ins.heredocs[0].body), "echo x\n");
    assert!(ins.heredocs[0].terminator.is_empty());
    assert_eq!(parse(src).instructions().count(), 1, "FROM is still there");
}

// --------------------------------------------------- exec and shell form

#[test]
fn json_exec_form_is_decoded_with_spans() {
    let src = "CMD [\"echo\", \"a \\\"b\\\"\", \"\\u00e9\\\\\"]\n";
    let i = one(src);
    assert!(i.json);
    assert_eq!(args(&i), ["echo", "a \"b\"", "é\\"]);
    assert_eq!(txt(src, i.args[0].span), "\"echo\"");
    assert_eq!(txt(src, i.args[1].span), "\"a \\\"b\\\"\"");
    let i = one("ENTRYPOINT [\"a\", \\\n  \"b\"]\n");
    assert!(i.json);
    assert_eq!(args(&i), ["a", "b"]);
    let i = one("CMD []\n");
    assert!(i.json);
    assert!(i.args.is_empty());
}

#[test]
fn invalid_json_falls_back_to_shell_form() {
    for (src, text) in [
        ("CMD ['a']\n", "['a']"),
        ("CMD [\"a\"] extra\n", "[\"a\"] extra"),
        ("RUN [\"a\",]\n", "[\"a\",]"),
        ("ENTRYPOINT [a]\n", "[a]"),
    ] {
        let i = one(src);
        assert!(!i.json, "{src}");
        assert_eq!(args(&i), [text]);
        args_match_source(src, &i);
    }
    let i = one("COPY ['a', 'b']\n");
    assert!(!i.json);
    assert_eq!(args(&i), ["['a',", "'b']"]);
}

#[test]
fn json_array_of_non_strings_is_an_error() {
    let src = "CMD [\"echo\", {\"a\": [1, 2]}]\n";
    let e = only_error(src);
    assert_eq!(
        e.message,
        "when using JSON array syntax, arrays must be comprised of strings only"
    );
    assert_eq!(txt(src, e.span), "{\"a\": [1, 2]}");
}

// ----------------------------------------------------------------- flags

#[test]
fn flags_on_every_instruction_that_takes_them() {
    let src = "RUN --mount=type=cache,target=\"/root/.cache\" --network=none --security=insecure pip install x\n";
    let i = one(src);
    let f: Vec<_> = i
        .flags
        .iter()
        .map(|f| (f.name.as_str(), f.value.as_ref().map(|v| v.text.as_str())))
        .collect();
    assert_eq!(
        f,
        [
            ("mount", Some("type=cache,target=/root/.cache")),
            ("network", Some("none")),
            ("security", Some("insecure"))
        ]
    );
    assert_eq!(
        txt(src, i.flags[0].span),
        "--mount=type=cache,target=\"/root/.cache\""
    );
    assert_eq!(txt(src, i.flags[0].name_span), "mount");
    assert_eq!(txt(src, i.flags[1].value.as_ref().expect("v").span), "none");
    assert_eq!(args(&i), ["pip install x"]);

    let i = one(
        "COPY --from=build --chown=1000:1000 --chmod=755 --link --exclude=*.md --parents a b\n",
    );
    let names: Vec<_> = i.flags.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["from", "chown", "chmod", "link", "exclude", "parents"]
    );
    assert_eq!(i.flag("link").map(|f| f.value.is_none()), Some(true));
    assert_eq!(args(&i), ["a", "b"]);

    let i = one("ADD --checksum=sha256:abc --keep-git-dir=true --unpack=false --chown=a --chmod=600 --link --exclude=x u /d\n");
    assert_eq!(i.flags.len(), 7);
    assert_eq!(
        i.flag("checksum")
            .and_then(|f| f.value.as_ref())
            .map(|v| v.text.as_str()),
        Some("sha256:abc")
    );

    let i = one("FROM --platform=$BUILDPLATFORM golang AS build\n");
    assert_eq!(
        i.flag("platform")
            .and_then(|f| f.value.as_ref())
            .map(|v| v.text.as_str()),
        Some("$BUILDPLATFORM")
    );
    assert_eq!(args(&i), ["golang", "AS", "build"]);

    let i = one("HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD true\n");
    assert_eq!(i.flags.len(), 5);
    assert_eq!(
        i.flag("retries")
            .and_then(|f| f.value.as_ref())
            .map(|v| v.text.as_str()),
        Some("3")
    );
}

#[test]
fn flags_only_at_the_start_and_double_dash_ends_them() {
    let i = one("RUN echo --not-a-flag\n");
    assert!(i.flags.is_empty());
    assert_eq!(args(&i), ["echo --not-a-flag"]);
    let i = one("RUN --network=host -- --x y\n");
    assert_eq!(i.flags.len(), 1);
    assert_eq!(args(&i), ["--x y"]);
    let i = one("COPY --unknown-flag=1 --bogus a b\n");
    let names: Vec<_> = i.flags.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["unknown-flag", "bogus"],
        "unknown flags are kept for rules"
    );
    let i = one("RUN --mount=type=bind,target=/x \\\n    --network=none make\n");
    assert_eq!(i.flags.len(), 2);
    assert_eq!(args(&i), ["make"]);
}

// ---------------------------------------------------------- instructions

#[test]
fn all_eighteen_keywords_any_case() {
    let src = "from a\nArg b\ncmd c\ncopy d e\nentrypoint f\nenv g=h\nexpose 80\nhealthcheck NONE\nlabel i=j\nmaintainer k\nonbuild run l\nrun m\nshell [\"n\"]\nstopsignal TERM\nuser o\nvolume /p\nworkdir /q\nadd r s\n";
    let df = parse(src);
    tiles(src, &df);
    assert_eq!(df.errors().count(), 0);
    let kws: Vec<_> = df.instructions().map(|i| i.keyword).collect();
    let mut sorted = kws.clone();
    sorted.sort();
    assert_eq!(sorted, Keyword::ALL.to_vec());
    let first = df.instructions().next().expect("from");
    assert_eq!(txt(src, first.keyword_span), "from");
}

#[test]
fn onbuild_holds_its_trigger() {
    let src = "ONBUILD COPY --chown=1 a /b\n";
    let i = one(src);
    let n = i.nested.as_ref().expect("nested");
    assert_eq!(n.keyword, Keyword::Copy);
    assert_eq!(txt(src, n.keyword_span), "COPY");
    assert_eq!(n.flags.len(), 1);
    assert_eq!(args(n), ["a", "/b"]);
    assert_eq!(args(&i), ["COPY", "a", "/b"]);
    let src = "ONBUILD RUN <<EOF\nx\nEOF\n";
    let i = one(src);
    assert_eq!(txt(src, i.heredocs[0].body), "x\n");
    for (src, msg, at) in [
        (
            "ONBUILD ONBUILD RUN x\n",
            "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
            "ONBUILD",
        ),
        (
            "ONBUILD FROM a\n",
            "FROM isn't allowed as an ONBUILD trigger",
            "FROM",
        ),
        (
            "ONBUILD maintainer me\n",
            "MAINTAINER isn't allowed as an ONBUILD trigger",
            "maintainer",
        ),
    ] {
        let e = only_error(src);
        assert_eq!(e.message, msg);
        assert_eq!(txt(src, e.span), at);
        assert!(e.instruction.expect("partial").nested.is_some());
    }
}

#[test]
fn healthcheck_none_and_cmd() {
    let i = one("HEALTHCHECK NONE\n");
    assert_eq!(args(&i), ["NONE"]);
    assert!(i.nested.is_none());
    let src = "HEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\n";
    let i = one(src);
    assert_eq!(args(&i), ["CMD", "curl -f http://x/ || exit 1"]);
    let n = i.nested.as_ref().expect("CMD");
    assert_eq!(n.keyword, Keyword::Cmd);
    assert_eq!(txt(src, n.keyword_span), "CMD");
    assert_eq!(args(n), ["curl -f http://x/ || exit 1"]);
    let i = one("HEALTHCHECK CMD [\"curl\", \"x\"]\n");
    assert!(i.json);
    assert_eq!(args(&i), ["CMD", "curl", "x"]);
    assert_eq!(
        only_error("HEALTHCHECK NONE x\n").message,
        "HEALTHCHECK NONE takes no arguments"
    );
    assert_eq!(
        only_error("HEALTHCHECK CMD\n").message,
        "Missing command after HEALTHCHECK CMD"
    );
    assert_eq!(
        only_error("HEALTHCHECK RUN x\n").message,
        "Unknown type \"RUN\" in HEALTHCHECK (try CMD)"
    );
}

#[test]
fn env_and_label_pairs() {
    let src = "ENV a=1 b=\"2 3\" c=x\\ y d='$e' f=\n";
    let i = one(src);
    let kv: Vec<_> = i
        .pairs
        .iter()
        .map(|p| {
            (
                p.key.text.as_str(),
                p.value.as_ref().map(|v| v.text.as_str()),
                p.unquoted.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        kv,
        [
            ("a", Some("1"), Some("1")),
            ("b", Some("\"2 3\""), Some("2 3")),
            ("c", Some("x\\ y"), Some("x y")),
            ("d", Some("'$e'"), Some("$e")),
            ("f", Some(""), Some("")),
        ]
    );
    assert_eq!(
        args(&i),
        ["a", "1", "b", "\"2 3\"", "c", "x\\ y", "d", "'$e'", "f", ""]
    );
    for p in &i.pairs {
        assert_eq!(txt(src, p.key.span), p.key.text);
        assert_eq!(
            txt(src, p.value.as_ref().expect("v").span),
            p.value.as_ref().expect("v").text
        );
    }
    assert_eq!(txt(src, i.pairs[1].span), "b=\"2 3\"");

    let src = "ENV legacy some value\n";
    let i = one(src);
    assert_eq!(args(&i), ["legacy", "some value"]);
    assert_eq!(txt(src, i.pairs[0].span), "legacy some value");

    let src = "LABEL \"com.example.key\"=\"v 1\" \\\n      version=2\n";
    let i = one(src);
    assert_eq!(args(&i), ["\"com.example.key\"", "\"v 1\"", "version", "2"]);
    assert_eq!(i.pairs[0].unquoted.as_deref(), Some("v 1"));
}

#[test]
fn arg_forms() {
    let i = one("ARG name\n");
    assert_eq!(i.pairs[0].key.text, "name");
    assert!(i.pairs[0].value.is_none());
    let src = "ARG a=1 b c=\"x y\"\n";
    let i = one(src);
    assert_eq!(args(&i), ["a=1", "b", "c=\"x y\""]);
    args_match_source(src, &i);
    let names: Vec<_> = i.pairs.iter().map(|p| p.key.text.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(i.pairs[2].unquoted.as_deref(), Some("x y"));
    let src = "ARG BASE=alpine\nFROM ${BASE}\n";
    let df = parse(src);
    assert_eq!(
        df.instructions().map(|i| i.keyword).collect::<Vec<_>>(),
        [Keyword::Arg, Keyword::From]
    );
}

#[test]
fn whitespace_delimited_and_single_string_instructions() {
    let src = "EXPOSE 80\t443/tcp  53/udp\n";
    let i = one(src);
    assert_eq!(args(&i), ["80", "443/tcp", "53/udp"]);
    args_match_source(src, &i);
    let i = one("USER  app:app  \n");
    assert_eq!(args(&i), ["app:app"]);
    let i = one("WORKDIR /a b\n");
    assert_eq!(args(&i), ["/a b"]);
    let i = one("VOLUME /a /b\n");
    assert_eq!(args(&i), ["/a", "/b"]);
    let i = one("\tRUN\techo\ttabs\n");
    assert_eq!(args(&i), ["echo\ttabs"]);
}

#[test]
fn crlf_line_endings() {
    let src = "FROM a\r\nRUN b \\\r\n  c\r\nCMD [\"d\"]\r\n";
    let df = parse(src);
    tiles(src, &df);
    let ins: Vec<_> = df.instructions().collect();
    assert_eq!(args(ins[1]), ["b   c"]);
    assert_eq!(txt(src, ins[1].span), "RUN b \\\r\n  c");
    assert_eq!(args(ins[2]), ["d"]);
}

// ---------------------------------------------------------------- errors

#[test]
fn unknown_instruction_is_an_error_and_the_file_goes_on() {
    let src = "FROM a\nFOO bar\nRUN b\n";
    let df = parse(src);
    tiles(src, &df);
    let e = df.errors().next().expect("error");
    assert_eq!(e.message, "unknown instruction: FOO");
    assert_eq!(txt(src, e.span), "FOO");
    assert!(e.instruction.is_none());
    assert_eq!(df.instructions().count(), 2);
}

#[test]
fn rejected_instructions_keep_the_partial_instruction() {
    for (src, msg, at, kw) in [
        ("COPY onlyone\n", "COPY requires at least two arguments", "onlyone", Keyword::Copy),
        ("ADD x\n", "ADD requires at least two arguments", "x", Keyword::Add),
        ("ENV a\n", "ENV must have two arguments", "a", Keyword::Env),
        ("ENV a=1 b\n", "Syntax error - can't find = in \"b\". Must be of the form: name=value", "b", Keyword::Env),
        ("ENV\n", "ENV requires at least one argument", "ENV", Keyword::Env),
        ("LABEL =x\n", "LABEL names can not be blank", "=x", Keyword::Label),
        ("ARG\n", "ARG requires at least one argument", "ARG", Keyword::Arg),
        ("FROM a b\n", "FROM requires either one or three arguments", "a b", Keyword::From),
        ("FROM a AS 1x\n", "invalid name for build stage: \"1x\", name can't start with a number or contain symbols", "1x", Keyword::From),
        ("USER\n", "USER requires exactly one argument", "USER", Keyword::User),
        ("EXPOSE\n", "EXPOSE requires at least one argument", "EXPOSE", Keyword::Expose),
        ("SHELL /bin/sh -c\n", "SHELL requires the arguments to be in JSON form", "/bin/sh -c", Keyword::Shell),
        ("VOLUME [\"\"]\n", "VOLUME specified can not be an empty string", "\"\"", Keyword::Volume),
        ("COPY a <<EOF\nx\nEOF\n", "COPY cannot use a heredoc as its destination", "<<EOF", Keyword::Copy),
        ("ONBUILD\n", "ONBUILD requires at least one argument", "ONBUILD", Keyword::Onbuild),
    ] {
        let e = only_error(src);
        assert_eq!(e.message, msg, "{src:?}");
        assert_eq!(txt(src, e.span), at, "{src:?}");
        assert_eq!(e.instruction.map(|i| i.keyword), Some(kw), "{src:?}");
    }
}

#[test]
fn empty_run_cmd_entrypoint_are_accepted_like_buildkit() {
    let src = "RUN\nCMD\nENTRYPOINT\n";
    let df = parse(src);
    assert_eq!(df.errors().count(), 0);
    assert!(df.instructions().all(|i| i.args.is_empty()));
}
