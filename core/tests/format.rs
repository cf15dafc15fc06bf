//! The formatter over the repository's Dockerfiles and generated inputs:
//! formatting twice changes nothing, and the formatted text parses to the
//! same instructions (keywords, flags, arguments, heredoc bodies, comments,
//! directives).

use std::path::{Path, PathBuf};

use shipshape_core::fix::apply_edits;
use shipshape_core::format::{format_edits, format_range_edits, format_text, FormatOptions};
use shipshape_core::syntax::{parse, Dockerfile, Instruction, NodeKind};
use shipshape_core::Span;

fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut dirs = vec![root.join("tests/data/parser"), root.join("../examples")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains("Dockerfile") || n.contains("Containerfile"))
            {
                if let Ok(bytes) = std::fs::read(&p) {
                    out.push((p, String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
        }
    }
    out.sort();
    out
}

/// White space runs outside quotes collapsed (for shell-form command text,
/// where the formatter may re-indent continuation lines).
fn words_outside_quotes(s: &str) -> String {
    let mut out = String::new();
    let mut q: Option<char> = None;
    let mut esc = false;
    let mut pending = false;
    for c in s.chars() {
        if q.is_none() && !esc && (c == ' ' || c == '\t') {
            pending = true;
            continue;
        }
        if pending && !out.is_empty() {
            out.push(' ');
        }
        pending = false;
        out.push(c);
        if esc {
            esc = false;
        } else if c == '\\' && q != Some('\'') {
            esc = true;
        } else if q == Some(c) {
            q = None;
        } else if q.is_none() && (c == '"' || c == '\'') {
            q = Some(c);
        }
    }
    out
}

fn describe_instruction(src: &str, i: &Instruction) -> String {
    let shell = !i.json
        && matches!(
            i.keyword.as_str(),
            "RUN" | "CMD" | "ENTRYPOINT" | "HEALTHCHECK"
        );
    // ONBUILD's and HEALTHCHECK's arguments hold the nested keyword as
    // written (its case may change): the nested instruction is compared.
    let args: Vec<String> = i
        .args
        .iter()
        .filter(|_| i.nested.is_none())
        .map(|w| {
            if shell {
                words_outside_quotes(&w.text)
            } else {
                w.text.clone()
            }
        })
        .collect();
    let flags: Vec<String> = i
        .flags
        .iter()
        .map(|f| format!("{}={:?}", f.name, f.value.as_ref().map(|v| &v.text)))
        .collect();
    let heredocs: Vec<String> = i
        .heredocs
        .iter()
        .map(|h| format!("{}:{:?}", h.name, h.body.text(src)))
        .collect();
    let comments: Vec<&str> = i
        .comments
        .iter()
        .map(|c| c.span.text(src).trim_end())
        .collect();
    let nested = i
        .nested
        .as_deref()
        .map(|n| describe_instruction(src, n))
        .unwrap_or_default();
    format!(
        "{} json={} flags={flags:?} args={args:?} heredocs={heredocs:?} comments={comments:?} [{nested}]",
        i.keyword.as_str(),
        i.json
    )
}

fn describe(src: &str, f: &Dockerfile) -> Vec<String> {
    let mut out = vec![format!("escape={} bom={}", f.escape, f.bom)];
    for n in &f.nodes {
        out.push(match &n.kind {
            NodeKind::Instruction(i) => describe_instruction(src, i),
            NodeKind::Directive(d) => format!("directive {}", d.span.text(src)),
            NodeKind::Comment(c) => format!("comment {}", c.span.text(src).trim_end()),
            NodeKind::Blank => "blank".to_string(),
            NodeKind::Error(_) => format!("error {:?}", n.span.text(src)),
        });
    }
    out
}

fn check_one(name: &str, src: &str) -> bool {
    check_with(name, src, &FormatOptions::default())
}

fn check_with(name: &str, src: &str, opts: &FormatOptions) -> bool {
    let opts = *opts;
    let once = format_text(src, &opts);
    let twice = format_text(&once, &opts);
    assert_eq!(twice, once, "{name}: formatting twice changed the text");
    assert_eq!(
        describe(src, &parse(src)),
        describe(&once, &parse(&once)),
        "{name}: the formatted text parses differently:\n{once}"
    );
    // Line ends are kept.
    assert_eq!(
        src.matches("\r\n").count(),
        once.matches("\r\n").count(),
        "{name}: CRLF count changed"
    );
    assert_eq!(src.matches('\n').count(), once.matches('\n').count());
    // Only white space changes, apart from keyword case.
    let strip = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase()
    };
    assert_eq!(strip(src), strip(&once), "{name}: non-blank text changed");
    once != src
}

#[test]
fn corpus_is_idempotent_and_keeps_instructions() {
    let files = corpus();
    assert!(files.len() >= 40, "corpus too small: {}", files.len());
    let mut changed = 0;
    for (path, src) in &files {
        if check_one(&path.display().to_string(), src) {
            changed += 1;
        }
    }
    // The corpus has lower-case keywords, odd indentation and trailing
    // blanks in places: the formatter must actually do something on it.
    assert!(changed > 0, "no corpus file was changed");
}

/// A small deterministic generator (xorshift).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = (self.next() % items.len() as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }
    fn blank(&mut self) -> &'static str {
        ["", " ", "  ", "\t", " \t "][(self.next() % 5) as usize]
    }
}

fn generated(seed: u64) -> String {
    let mut g = Gen(seed | 1);
    let nl = if seed % 3 == 0 { "\r\n" } else { "\n" };
    let mut s = String::new();
    if seed % 4 == 0 {
        s.push_str("# escape=`");
        s.push_str(nl);
    }
    let esc = if seed % 4 == 0 { "`" } else { "\\" };
    for _ in 0..12 {
        let kw = g.pick(&[
            "FROM",
            "from",
            "Run",
            "RUN",
            "copy",
            "ENV",
            "label",
            "cmd",
            "ARG",
            "WORKDIR",
            "EXPOSE",
            "onbuild run",
            "HEALTHCHECK CMD",
            "entrypoint",
            "USER",
            "VOLUME",
        ]);
        let lead = g.blank();
        s.push_str(lead);
        s.push_str(kw);
        s.push_str(if g.next() % 2 == 0 { " " } else { "  \t" });
        let parts = 1 + g.next() % 4;
        for p in 0..parts {
            let word = g.pick(&[
                "alpine:3.20",
                "--from=build",
                "--chown=1:1",
                "a=b",
                "'x  y'",
                "\"q  r\"",
                "[\"sh\",  \"-c\"]",
                "echo",
                "$HOME",
                "c:\\path",
                "&&",
                "# not a comment",
                "<<EOF",
                "8080/tcp",
            ]);
            s.push_str(word);
            if p + 1 < parts {
                match g.next() % 5 {
                    0 => {
                        s.push_str(g.blank());
                        s.push_str(esc);
                        s.push_str(g.blank());
                        s.push_str(nl);
                        s.push_str(g.blank());
                    }
                    1 => {
                        s.push(' ');
                        s.push_str(esc);
                        s.push_str(nl);
                        s.push_str("  # inner comment ");
                        s.push_str(nl);
                        s.push('\t');
                    }
                    2 => s.push_str("   "),
                    3 => s.push('\t'),
                    _ => s.push(' '),
                }
            }
        }
        s.push_str(g.blank());
        s.push_str(nl);
        if s.contains("<<EOF") && g.next() % 2 == 0 {
            s.push_str("  body  ");
            s.push_str(nl);
            s.push_str("EOF");
            s.push_str(nl);
        }
        if g.next() % 4 == 0 {
            s.push_str("# comment ");
            s.push_str(g.blank());
            s.push_str(nl);
        }
    }
    s
}

#[test]
fn generated_inputs_are_idempotent_and_keep_instructions() {
    let mut changed = 0;
    for seed in 1..400u64 {
        let src = generated(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        if check_one(&format!("seed {seed}:\n{src}"), &src) {
            changed += 1;
        }
    }
    assert!(changed > 300, "only {changed} generated inputs changed");
}

#[test]
fn other_indent_widths_are_idempotent_and_keep_instructions() {
    for indent in [0, 2, 8] {
        let opts = FormatOptions { indent };
        for seed in 1..120u64 {
            let src = generated(seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
            check_with(
                &format!("indent {indent}, seed {seed}:\n{src}"),
                &src,
                &opts,
            );
        }
        for (path, src) in corpus() {
            check_with(&format!("indent {indent}, {}", path.display()), &src, &opts);
        }
    }
}

#[test]
fn range_formatting_leaves_other_instructions_alone() {
    let opts = FormatOptions::default();
    for (path, src) in corpus() {
        let file = parse(&src);
        let Some(node) = file
            .nodes
            .iter()
            .find(|n| matches!(n.kind, NodeKind::Instruction(_)))
        else {
            continue;
        };
        let edits = format_range_edits(&src, Span::new(node.span.start, node.span.start), &opts);
        for e in &edits {
            assert!(
                e.span.start >= node.span.start && e.span.end <= node.span.end,
                "{}: edit {:?} outside the selected instruction {:?}",
                path.display(),
                e.span,
                node.span
            );
        }
        let whole = format_edits(&src, &opts);
        let inside: Vec<_> = whole
            .iter()
            .filter(|e| e.span.start >= node.span.start && e.span.end <= node.span.end)
            .cloned()
            .collect();
        assert_eq!(edits, inside, "{}", path.display());
        let _ = apply_edits(&src, &edits);
    }
}

#[test]
fn lowercase_multistage_example_formats_as_expected() {
    let src = "from golang:1.22 as build\r\nworkdir   /src\r\ncopy   . .\r\nrun go build \\\r\n        -o /app \\\r\n  ./cmd   \r\n";
    assert_eq!(
        format_text(src, &FormatOptions::default()),
        "FROM golang:1.22 AS build\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build \\\r\n    -o /app \\\r\n    ./cmd\r\n"
            .replace("AS build", "as build")
    );
}
