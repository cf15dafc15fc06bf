use super::*;
use crate::syntax::parse;

/// Runs `f` on the text with the `|` cursor removed, at the cursor offset.
fn with_cursor<T>(marked: &str, f: impl FnOnce(&Ide<'_>, usize) -> T) -> T {
    let at = marked
        .find('|')
        .unwrap_or_else(|| panic!("no cursor in {marked:?}"));
    let src = marked.replacen('|', "", 1);
    let df = parse(&src);
    let ide = Ide::new(&src, &df);
    f(&ide, at)
}

fn labels(marked: &str) -> Vec<String> {
    with_cursor(marked, |ide, at| {
        ide.complete(at).into_iter().map(|i| i.label).collect()
    })
}

/// The texts under spans.
fn texts(src: &str, spans: &[Span]) -> Vec<String> {
    spans.iter().map(|s| s.text(src).to_string()).collect()
}

fn lines_of(src: &str, spans: &[Span]) -> Vec<usize> {
    let li = LineIndex::new(src);
    spans
        .iter()
        .map(|s| li.line_of(s.start) as usize + 1)
        .collect()
}

// ---- completion ----

#[test]
fn keywords_at_line_start_filtered_by_prefix() {
    let l = labels("FROM alpine\nRU|");
    assert_eq!(l, vec!["RUN"]);
    let l = labels("FROM alpine\n|");
    assert!(
        l.contains(&"COPY".to_string()) && l.contains(&"HEALTHCHECK NONE".to_string()),
        "{l:?}"
    );
}

#[test]
fn keyword_items_carry_snippets_and_replace_the_prefix() {
    with_cursor("FROM alpine\nco|", |ide, at| {
        let items = ide.complete(at);
        let copy = items
            .iter()
            .find(|i| i.label == "COPY")
            .unwrap_or_else(|| panic!("{items:?}"));
        assert_eq!(copy.snippet.as_deref(), Some("COPY ${1:source} ${2:dest}"));
        assert_eq!(copy.replace, Span::new(at - 2, at));
        assert_eq!(copy.kind, CompletionKind::Keyword);
    });
}

#[test]
fn only_from_and_arg_before_the_first_from() {
    assert_eq!(labels("|"), vec!["ARG", "FROM"]);
    assert_eq!(labels("ARG V=1\n|\nFROM alpine\n"), vec!["ARG", "FROM"]);
}

#[test]
fn after_onbuild_no_from_onbuild_or_maintainer() {
    let l = labels("FROM alpine\nONBUILD |");
    assert!(l.contains(&"RUN".to_string()), "{l:?}");
    for bad in ["FROM", "ONBUILD", "MAINTAINER"] {
        assert!(!l.contains(&bad.to_string()), "{bad} in {l:?}");
    }
}

#[test]
fn no_keywords_in_the_middle_of_arguments() {
    assert!(labels("FROM alpine\nRUN echo hel|").is_empty());
}

#[test]
fn flags_per_instruction() {
    let copy = labels("FROM alpine\nCOPY --|");
    for f in [
        "--from=",
        "--chown=",
        "--chmod=",
        "--link",
        "--parents",
        "--exclude=",
    ] {
        assert!(copy.contains(&f.to_string()), "{f} missing in {copy:?}");
    }
    assert!(!copy.contains(&"--checksum=".to_string()));
    let add = labels("FROM alpine\nADD --|");
    for f in ["--checksum=", "--keep-git-dir", "--chown="] {
        assert!(add.contains(&f.to_string()), "{f} missing in {add:?}");
    }
    assert_eq!(labels("FROM alpine\nRUN --n|"), vec!["--network="]);
    assert_eq!(labels("FROM --p|"), vec!["--platform="]);
    let hc = labels("FROM alpine\nHEALTHCHECK --|");
    assert!(
        hc.contains(&"--interval=".to_string()) && hc.contains(&"--start-interval=".to_string())
    );
    // After the arguments began, no more flags.
    assert!(labels("FROM alpine\nCOPY a.txt --|").is_empty());
}

#[test]
fn flag_snippet_has_a_placeholder() {
    with_cursor("FROM alpine\nCOPY --ch|", |ide, at| {
        let items = ide.complete(at);
        let chown = items
            .iter()
            .find(|i| i.label == "--chown=")
            .unwrap_or_else(|| panic!("{items:?}"));
        assert_eq!(chown.snippet.as_deref(), Some("--chown=${1:user:group}"));
        assert_eq!(chown.replace, Span::new(at - 4, at));
    });
}

#[test]
fn mount_keys_and_type_values() {
    let keys = labels("FROM alpine\nRUN --mount=|");
    for k in [
        "type=",
        "target=",
        "source=",
        "from=",
        "id=",
        "sharing=",
        "mode=",
        "uid=",
        "gid=",
        "required=",
        "env=",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} missing in {keys:?}");
    }
    assert_eq!(
        labels("FROM alpine\nRUN --mount=type=cache,ta|"),
        vec!["target="]
    );
    assert_eq!(
        labels("FROM alpine\nRUN --mount=type=|"),
        vec!["bind", "cache", "tmpfs", "secret", "ssh"]
    );
    assert_eq!(
        labels("FROM alpine\nRUN --mount=type=s|"),
        vec!["secret", "ssh"]
    );
    assert_eq!(
        labels("FROM alpine\nRUN --mount=type=cache,sharing=|"),
        vec!["shared", "private", "locked"]
    );
}

#[test]
fn stage_names_only_of_earlier_stages() {
    let src = "FROM golang AS build\nFROM alpine AS tools\nCOPY --from=|\nFROM debian AS later\n";
    assert_eq!(labels(src), vec!["build"]);
    let src = "FROM golang AS build\nFROM alpine AS tools\nRUN --mount=type=bind,from=|\nFROM debian AS later\n";
    assert_eq!(labels(src), vec!["build"]);
    let src = "FROM golang AS build\nFROM alpine AS tools\nFROM |\nFROM debian AS later\n";
    assert_eq!(labels(src), vec!["build", "tools", "scratch"]);
    // A prefix filters.
    assert_eq!(
        labels("FROM golang AS build\nFROM alpine AS bin\nCOPY --from=bu|"),
        vec!["build"]
    );
}

#[test]
fn variables_in_scope_only() {
    let src = "ARG GLOBAL=1\nFROM alpine AS a\nARG LOCAL=2\nENV HOME_DIR=/h\nRUN echo $|\nENV LATER=3\nFROM alpine AS b\nENV OTHER=4\n";
    let l = labels(src);
    assert_eq!(l, vec!["HOME_DIR", "LOCAL"]);
    // GLOBAL is not in scope in a stage without `ARG GLOBAL`; it is on FROM lines.
    let l = labels("ARG GLOBAL=1\nARG GL2\nFROM ${GL|\n");
    assert_eq!(l, vec!["GL2", "GLOBAL"]);
    // A child stage sees its parent's ENV.
    let l = labels("FROM alpine AS a\nENV P=1\nFROM a AS b\nRUN echo ${|}\n");
    assert_eq!(l, vec!["P"]);
}

#[test]
fn variable_items_show_value_and_line_and_close_the_brace() {
    with_cursor(
        "FROM alpine\nARG VERSION=1.2\nRUN echo ${VER|",
        |ide, at| {
            let items = ide.complete(at);
            assert_eq!(items.len(), 1, "{items:?}");
            assert_eq!(items[0].detail.as_deref(), Some("ARG = 1.2 (line 2)"));
            assert_eq!(items[0].insert, "VERSION}");
            assert_eq!(items[0].replace, Span::new(at - 3, at));
        },
    );
}

#[test]
fn variables_in_heredoc_bodies() {
    let l = labels("FROM alpine\nENV NAME=x\nRUN <<EOF\necho $N|\nEOF\n");
    assert_eq!(l, vec!["NAME"]);
}

#[test]
fn directives_at_the_top_only() {
    assert_eq!(
        labels("# |\nFROM alpine\n"),
        vec!["syntax=", "escape=", "check="]
    );
    assert_eq!(
        labels("# syntax=docker/dockerfile:1\n# es|\nFROM alpine\n"),
        vec!["escape="]
    );
    assert!(labels("FROM alpine\n# sy|\n").is_empty());
}

#[test]
fn from_as_and_healthcheck_subcommands() {
    assert_eq!(labels("FROM alpine a|"), vec!["AS"]);
    assert_eq!(
        labels("FROM alpine\nHEALTHCHECK --interval=5s |"),
        vec!["CMD", "NONE"]
    );
}

#[test]
fn completion_never_panics_on_any_offset() {
    let src = "# syntax=x\nARG A=1\nFROM ${A} AS b\nRUN --mount=type=cache,target=/c \\\n  echo \"$A\" 🐳 <<EOF\nbody $A\nEOF\nCOPY --from=b / /\n";
    let df = parse(src);
    let ide = Ide::new(src, &df);
    for at in 0..=src.len() + 2 {
        let _ = ide.complete(at);
        let _ = ide.hover(at);
        let _ = ide.definition(at);
        let _ = ide.prepare_rename(at);
    }
}

// ---- hover ----

fn hover(marked: &str) -> Option<String> {
    with_cursor(marked, |ide, at| ide.hover(at).map(|h| h.markdown))
}

#[test]
fn hover_on_keywords_flags_and_mount_keys() {
    let h = hover("FROM alpine\nCO|PY --from=a x y\n").unwrap_or_default();
    assert!(
        h.contains("COPY [--from=") && h.contains("Copies files"),
        "{h}"
    );
    let h = hover("FROM alpine\nCOPY --ch|own=1 x y\n").unwrap_or_default();
    assert!(h.starts_with("`--chown="), "{h}");
    let h = hover("FROM alpine\nRUN --mount=type=cache,tar|get=/c make\n").unwrap_or_default();
    assert!(h.contains("`target`"), "{h}");
    let h = hover("# sy|ntax=docker/dockerfile:1\nFROM alpine\n").unwrap_or_default();
    assert!(h.starts_with("`# syntax="), "{h}");
    let h = hover("FROM alpine\nHEALTHCHECK CMD true\nONBUILD R|UN make\n").unwrap_or_default();
    assert!(h.contains("Runs a command"), "{h}");
    // Plain arguments have no hover.
    assert_eq!(hover("FROM alpine\nRUN ec|ho hi\n"), None);
}

#[test]
fn hover_on_variables_shows_value_and_declaration_line() {
    let src = "ARG VERSION=1.2\nFROM alpine\nARG VERSION\nRUN echo $VER|SION\n";
    assert_eq!(
        hover(src).as_deref(),
        Some("ARG `VERSION` = `1.2` (line 3)")
    );
    let src = "ARG VERSION=1.2\nFROM alpine:${VER|SION}\n";
    assert_eq!(
        hover(src).as_deref(),
        Some("global ARG `VERSION` = `1.2` (line 1)")
    );
    let src = "FROM alpine\nARG TOKEN\nRUN echo $TO|KEN\n";
    assert_eq!(
        hover(src).as_deref(),
        Some("ARG `TOKEN` (no default: set it with `--build-arg`) (line 2)")
    );
    // `$HOME` is declared nowhere in the file: no hover.
    assert_eq!(hover("FROM alpine\nRUN echo $HO|ME\n"), None);
}

#[test]
fn hover_on_stage_reference() {
    let h = hover("FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=bu|ild /a /a\n")
        .unwrap_or_default();
    assert_eq!(
        h,
        "Stage `build` (stage 0, line 1), built from `golang:1.22`"
    );
}

// ---- symbols, folding, tokens, links ----

#[test]
fn symbols_are_stages_holding_instructions() {
    let src = "# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine AS build\nENV A=1 B=2\nRUN make\nFROM scratch\nCOPY --from=build /a /a\n";
    let df = parse(src);
    let ide = Ide::new(src, &df);
    let s = ide.symbols();
    let names: Vec<&str> = s.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["syntax", "ARG", "build", "stage 1"]);
    let build = &s[2];
    assert_eq!(build.kind, SymbolKind::Stage);
    assert_eq!(build.selection.text(src), "build");
    let kids: Vec<&str> = build.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(kids, vec!["FROM", "ENV", "RUN"]);
    let env_vars: Vec<&str> = build.children[1]
        .children
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(env_vars, vec!["A", "B"]);
    assert_eq!(
        build.span.text(src),
        "FROM alpine AS build\nENV A=1 B=2\nRUN make"
    );
    assert_eq!(s[3].detail.as_deref(), Some("FROM scratch"));
}

#[test]
fn folds_cover_stages_continuations_heredocs_and_comment_blocks() {
    let src = "# one\n# two\nFROM alpine\nRUN a && \\\n    b\nRUN <<EOF\nx\ny\nEOF\n# lone\nFROM scratch\n";
    let df = parse(src);
    let ide = Ide::new(src, &df);
    let li = LineIndex::new(src);
    let folds: Vec<(u32, u32, FoldKind)> = ide
        .folds()
        .iter()
        .map(|f| (li.line_of(f.span.start), li.line_of(f.span.end), f.kind))
        .collect();
    assert_eq!(
        folds,
        vec![
            (0, 1, FoldKind::Comment),
            (2, 8, FoldKind::Region),
            (3, 4, FoldKind::Region),
            (5, 8, FoldKind::Region),
        ]
    );
}

#[test]
fn tokens_classify_and_do_not_overlap() {
    let src = "# syntax=x\nARG V=1\nFROM alpine:${V} AS build\nARG V\nRUN --mount=type=cache,target=/c echo $V\n# c\nCOPY --from=build [\"a\", \"b\"]\n";
    let df = parse(src);
    let ide = Ide::new(src, &df);
    let toks = ide.tokens();
    for w in toks.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "overlap {:?}", w);
    }
    let kinds: Vec<(String, TokenKind)> = toks
        .iter()
        .map(|t| (t.span.text(src).to_string(), t.kind))
        .collect();
    for want in [
        ("syntax", TokenKind::Macro),
        ("ARG", TokenKind::Keyword),
        ("V", TokenKind::Variable),
        ("AS", TokenKind::Keyword),
        ("build", TokenKind::Namespace),
        ("--mount", TokenKind::Parameter),
        ("type", TokenKind::Property),
        ("target", TokenKind::Property),
        ("# c", TokenKind::Comment),
        ("\"a\"", TokenKind::String),
    ] {
        assert!(
            kinds.contains(&(want.0.to_string(), want.1)),
            "{want:?} not in {kinds:?}"
        );
    }
    // `V` in `${V}` and in the shell-form RUN, plus its two declarations.
    assert_eq!(
        kinds
            .iter()
            .filter(|k| k.0 == "V" && k.1 == TokenKind::Variable)
            .count(),
        4
    );
    assert_eq!(
        toks.iter()
            .filter(|t| t.declaration && t.span.text(src) == "V")
            .count(),
        2
    );
}

#[test]
fn links_to_registry_pages() {
    let src = "ARG B=x\nFROM alpine:3.20 AS a\nFROM bitnami/redis@sha256:0000000000000000000000000000000000000000000000000000000000000000\nFROM ghcr.io/owner/app:1\nFROM quay.io/prometheus/node-exporter\nFROM mcr.microsoft.com/dotnet/runtime:8.0\nFROM a\nFROM ${B}\nFROM registry.example.com/x/y\n";
    let df = parse(src);
    let ide = Ide::new(src, &df);
    let links: Vec<(String, String)> = ide
        .links()
        .into_iter()
        .map(|l| (l.span.text(src).to_string(), l.target))
        .collect();
    assert_eq!(
        links,
        vec![
            (
                "alpine".to_string(),
                "https://hub.docker.com/_/alpine".to_string()
            ),
            (
                "bitnami/redis".to_string(),
                "https://hub.docker.com/r/bitnami/redis".to_string()
            ),
            (
                "ghcr.io/owner/app".to_string(),
                "https://ghcr.io/owner/app".to_string()
            ),
            (
                "quay.io/prometheus/node-exporter".to_string(),
                "https://quay.io/repository/prometheus/node-exporter".to_string()
            ),
            (
                "mcr.microsoft.com/dotnet/runtime".to_string(),
                "https://mcr.microsoft.com/artifact/mar/dotnet/runtime".to_string()
            ),
        ]
    );
}

// ---- definition, references, highlight, rename ----

const SCOPES: &str = "ARG VERSION=1.2\nFROM alpine:${VERSION} AS build\nARG VERSION\nENV MODE=fast\nRUN echo $VERSION $MODE\nFROM build AS test\nRUN echo ${MODE}\nFROM alpine AS other\nENV MODE=slow\nRUN echo $MODE\nCOPY --from=build /a /a\nRUN --mount=type=bind,from=build,target=/b ls\n";

fn refs_of(src: &str, needle: &str, nth: usize) -> Vec<Span> {
    let at = src
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or(0);
    let df = parse(src);
    let ide = Ide::new(src, &df);
    ide.references(at, true)
}

#[test]
fn references_of_a_global_arg_include_the_stage_redeclaration_and_uses() {
    let r = refs_of(SCOPES, "VERSION", 0);
    assert_eq!(lines_of(SCOPES, &r), vec![1, 2, 3, 5]);
    assert!(texts(SCOPES, &r).iter().all(|t| t == "VERSION"));
}

#[test]
fn env_in_unrelated_stage_is_another_variable() {
    // MODE in `build`, used in build and in `test` (FROM build)…
    let r = refs_of(SCOPES, "MODE", 0);
    assert_eq!(lines_of(SCOPES, &r), vec![4, 5, 7]);
    // …is not the MODE of `other`.
    let r = refs_of(SCOPES, "MODE", 3);
    assert_eq!(lines_of(SCOPES, &r), vec![9, 10]);
}

#[test]
fn stage_references_across_from_copy_and_mount() {
    let r = refs_of(SCOPES, "build", 1);
    assert_eq!(lines_of(SCOPES, &r), vec![2, 6, 11, 12]);
    assert!(texts(SCOPES, &r).iter().all(|t| t == "build"));
    // Without the declaration.
    let at = SCOPES.find("from=build").map_or(0, |i| i + 6);
    let df = parse(SCOPES);
    let ide = Ide::new(SCOPES, &df);
    assert_eq!(
        lines_of(SCOPES, &ide.references(at, false)),
        vec![6, 11, 12]
    );
}

#[test]
fn definition_of_uses() {
    let df = parse(SCOPES);
    let ide = Ide::new(SCOPES, &df);
    // `$VERSION` in the stage: the stage ARG, then the global one.
    let at = SCOPES.find("$VERSION").map_or(0, |i| i + 2);
    assert_eq!(lines_of(SCOPES, &ide.definition(at)), vec![3, 1]);
    // `${MODE}` in `test` goes to the parent stage's ENV.
    let at = SCOPES.find("${MODE}").map_or(0, |i| i + 3);
    assert_eq!(lines_of(SCOPES, &ide.definition(at)), vec![4]);
    // `--from=build` goes to the AS name.
    let at = SCOPES.find("--from=build").map_or(0, |i| i + 8);
    let d = ide.definition(at);
    assert_eq!(
        (lines_of(SCOPES, &d), texts(SCOPES, &d)),
        (vec![2], vec!["build".to_string()])
    );
    // A name the file does not declare.
    let src = "FROM alpine\nRUN echo $HOME\n";
    let df = parse(src);
    let ide = Ide::new(src, &df);
    assert!(ide.definition(src.find("HOME").unwrap_or(0)).is_empty());
}

#[test]
fn scoping_near_misses() {
    // A use before the declaration resolves to nothing.
    let src = "FROM alpine\nRUN echo $LATE\nENV LATE=1\n";
    assert_eq!(lines_of(src, &refs_of(src, "LATE", 1)), vec![3]);
    // A global ARG is not visible in a stage that does not re-declare it.
    let src = "ARG G=1\nFROM alpine\nRUN echo $G\n";
    assert_eq!(lines_of(src, &refs_of(src, "G=", 0)), vec![1]);
    // Single quotes: no expansion.
    let src = "FROM alpine\nENV X=1\nRUN echo '$X' \"$X\"\n";
    assert_eq!(lines_of(src, &refs_of(src, "X", 0)), vec![2, 3]);
    assert_eq!(refs_of(src, "X", 0).len(), 2);
    // ARG and ENV of one name in a stage are different variables.
    let src = "FROM alpine\nARG P=1\nENV P=${P}\nRUN echo $P\n";
    let r = refs_of(src, "P", 0);
    assert_eq!(texts(src, &r).len(), 2, "{r:?}");
    assert_eq!(lines_of(src, &r), vec![2, 3]);
    let r = refs_of(src, "P", 1);
    assert_eq!(lines_of(src, &r), vec![3, 4]);
}

#[test]
fn highlights_mark_declarations() {
    let df = parse(SCOPES);
    let ide = Ide::new(SCOPES, &df);
    let at = SCOPES.find("$MODE").map_or(0, |i| i + 1);
    let h = ide.highlights(at);
    let decl: Vec<bool> = h.iter().map(|o| o.declaration).collect();
    assert_eq!(decl, vec![true, false, false]);
}

#[test]
fn rename_a_global_arg_renames_redeclaration_and_uses_only() {
    let df = parse(SCOPES);
    let ide = Ide::new(SCOPES, &df);
    let at = SCOPES.find("VERSION").unwrap_or(0);
    let (span, name) = ide
        .prepare_rename(at)
        .unwrap_or_else(|| panic!("no prepare"));
    assert_eq!((span.text(SCOPES), name.as_str()), ("VERSION", "VERSION"));
    let edits = ide.rename(at, "RELEASE").unwrap_or_default();
    let out = apply(SCOPES, &edits);
    assert_eq!(out.matches("RELEASE").count(), 4);
    assert!(!out.contains("VERSION"));
    // Renaming the MODE of `other` leaves `build`'s MODE alone.
    let at = SCOPES.rfind("$MODE").map_or(0, |i| i + 1);
    let out = apply(SCOPES, &ide.rename(at, "SPEED").unwrap_or_default());
    assert!(out.contains("ENV MODE=fast") && out.contains("RUN echo ${MODE}"));
    assert!(out.contains("ENV SPEED=slow\nRUN echo $SPEED"));
}

#[test]
fn rename_a_stage() {
    let df = parse(SCOPES);
    let ide = Ide::new(SCOPES, &df);
    let at = SCOPES.find("--from=build").map_or(0, |i| i + 9);
    let out = apply(SCOPES, &ide.rename(at, "compile").unwrap_or_default());
    assert_eq!(out.matches("compile").count(), 4);
    assert!(!out.contains("build"));
    assert!(matches!(ide.rename(at, "test"), Err(RenameError::Clash(_))));
    assert!(matches!(
        ide.rename(at, "9lives"),
        Err(RenameError::InvalidName(_))
    ));
    let at = SCOPES.find("$MODE").map_or(0, |i| i + 1);
    assert!(matches!(
        ide.rename(at, "a-b"),
        Err(RenameError::InvalidName(_))
    ));
    // Nothing renameable on a keyword.
    assert_eq!(ide.prepare_rename(1), None);
    assert!(matches!(ide.rename(1, "x"), Err(RenameError::NothingHere)));
}

fn apply(src: &str, edits: &[TextEdit]) -> String {
    let mut out = src.to_string();
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in sorted {
        out.replace_range(e.span.start..e.span.end, &e.text);
    }
    out
}

#[test]
fn continuation_lines_map_uses_to_the_right_place() {
    let src = "FROM alpine\nENV A=1\nRUN echo \\\n    $A\n";
    let r = refs_of(src, "A=", 0);
    assert_eq!(texts(src, &r), vec!["A", "A"]);
    assert_eq!(lines_of(src, &r), vec![2, 4]);
}
