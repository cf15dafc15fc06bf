//! Invariants over arbitrary input: the parser never panics, nodes tile the
//! input, every span is in bounds and on character boundaries, and logical
//! text maps back into its instruction.

use shipshape_core::syntax::{parse, Encoding, Instruction, LineIndex, NodeKind, Span};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn span_ok(src: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= src.len(),
        "{what} {s:?} out of bounds in {src:?}"
    );
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "{what} {s:?} splits a character in {src:?}"
    );
}

fn instruction_ok(src: &str, i: &Instruction, outer: Span) {
    // Iterative walk over the instruction and its nested one.
    let mut todo = vec![i];
    while let Some(i) = todo.pop() {
        span_ok(src, i.span, "instruction");
        span_ok(src, i.keyword_span, "keyword");
        for f in &i.flags {
            span_ok(src, f.span, "flag");
            span_ok(src, f.name_span, "flag name");
            if let Some(v) = &f.value {
                span_ok(src, v.span, "flag value");
            }
        }
        for w in &i.args {
            span_ok(src, w.span, "arg");
        }
        for p in &i.pairs {
            span_ok(src, p.span, "pair");
            span_ok(src, p.key.span, "key");
        }
        for h in &i.heredocs {
            span_ok(src, h.span, "heredoc");
            span_ok(src, h.body, "heredoc body");
            span_ok(src, h.terminator, "terminator");
            assert!(outer.start <= h.body.start && h.body.end <= outer.end);
        }
        for c in &i.comments {
            span_ok(src, c.span, "comment");
        }
        // Every logical offset maps into the node, onto a char boundary.
        let text = &i.text;
        for (at, _) in text.text.char_indices().chain([(text.text.len(), ' ')]) {
            let s = text.to_source(at);
            assert!(
                outer.start <= s && s <= outer.end,
                "to_source({at}) = {s} outside {outer:?}"
            );
            assert!(src.is_char_boundary(s));
        }
        if !text.text.is_empty() {
            let s = text.source_span();
            span_ok(src, s, "text");
            assert!(outer.start <= s.start && s.end <= outer.end);
        }
        if let Some(n) = &i.nested {
            todo.push(n);
        }
    }
}

fn check(src: &str) {
    let df = parse(src);
    let mut at = 0;
    for n in &df.nodes {
        assert_eq!(n.span.start, at, "nodes must tile {src:?}");
        assert!(n.span.end > n.span.start);
        span_ok(src, n.span, "node");
        at = n.span.end;
        match &n.kind {
            NodeKind::Instruction(i) => instruction_ok(src, i, n.span),
            NodeKind::Error(e) => {
                span_ok(src, e.span, "error");
                if let Some(i) = &e.instruction {
                    instruction_ok(src, i, n.span);
                }
            }
            NodeKind::Directive(d) => {
                span_ok(src, d.span, "directive");
                span_ok(src, d.value_span, "directive value");
            }
            NodeKind::Comment(c) => span_ok(src, c.span, "comment"),
            NodeKind::Blank => {}
        }
    }
    assert_eq!(at, src.len(), "nodes must cover {src:?}");
    // Line index round trip on every char boundary that is not inside a
    // line terminator.
    let idx = LineIndex::new(src);
    for (o, c) in src.char_indices().chain([(src.len(), ' ')]) {
        if c == '\n' && o > 0 && src.as_bytes()[o - 1] == b'\r' {
            continue;
        }
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            let p = idx.position(o, enc);
            assert_eq!(
                idx.offset(p, enc),
                o,
                "round trip of {o} ({enc:?}) in {src:?}"
            );
        }
    }
}

const FRAGMENTS: &[&str] = &[
    "FROM a",
    "RUN ",
    "<<EOF",
    "<<-E",
    "EOF",
    "\tE",
    "\\",
    "`",
    "# escape=`",
    "# syntax=x",
    "#",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "[\"a\",",
    "\"b\"]",
    "]",
    "[",
    "{",
    "1",
    "'",
    "\"",
    "--mount=x",
    "--",
    "=",
    "ENV",
    "ARG",
    "LABEL",
    "ONBUILD",
    "HEALTHCHECK",
    "CMD",
    "NONE",
    "COPY",
    "ADD",
    "é",
    "日本",
    "🚀",
    "\u{feff}",
    "$",
    "${",
    "}",
    "<<<",
    "2<<X",
    "X",
    "-",
    "a=b",
    "\u{a0}",
];

#[test]
fn random_token_soup_never_breaks_invariants() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..rng.below(40) {
            s.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
        }
        check(&s);
    }
}

#[test]
fn random_bytes_never_break_invariants() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    for _ in 0..2000 {
        let len = rng.below(120);
        let bytes: Vec<u8> = (0..len)
            .map(|_| match rng.below(4) {
                0 => b"\n\\`#<\"' =-[]"[rng.below(12)],
                _ => (rng.next() & 0xff) as u8,
            })
            .collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn mutated_corpus_files_never_break_invariants() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/parser/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut rng = Rng(42);
    for path in files {
        let src = std::fs::read_to_string(&path).expect("read");
        check(&src);
        for _ in 0..15 {
            let mut bytes = src.clone().into_bytes();
            for _ in 0..1 + rng.below(6) {
                if bytes.is_empty() {
                    break;
                }
                let at = rng.below(bytes.len());
                match rng.below(4) {
                    0 => {
                        bytes.remove(at);
                    }
                    1 => bytes.insert(at, b"\\\n`\"'<#["[rng.below(8)]),
                    2 => {
                        let end = (at + rng.below(30)).min(bytes.len());
                        bytes.drain(at..end);
                    }
                    _ => {
                        let from = rng.below(bytes.len());
                        let end = (from + rng.below(20)).min(bytes.len());
                        let chunk: Vec<u8> = bytes[from..end].to_vec();
                        bytes.splice(at..at, chunk);
                    }
                }
            }
            check(&String::from_utf8_lossy(&bytes));
        }
    }
}

#[test]
fn line_index_with_emoji_cjk_and_all_line_endings() {
    let src = "a🚀b\r\n日本語x\rz\n\n";
    let idx = LineIndex::new(src);
    assert_eq!(idx.line_count(), 5);
    let b = src.find('b').expect("b");
    assert_eq!(
        idx.position(b, Encoding::Utf8),
        shipshape_core::syntax::line_index::Position::new(0, 5)
    );
    assert_eq!(idx.position(b, Encoding::Utf16).character, 3);
    assert_eq!(idx.position(b, Encoding::Chars).character, 2);
    let x = src.find('x').expect("x");
    assert_eq!(
        idx.position(x, Encoding::Utf16),
        shipshape_core::syntax::line_index::Position::new(1, 3)
    );
    assert_eq!(idx.position(x, Encoding::Utf8).character, 9);
    let z = src.find('z').expect("z");
    assert_eq!(
        idx.position(z, Encoding::Chars),
        shipshape_core::syntax::line_index::Position::new(2, 0),
        "lone CR ends a line"
    );
    // Inside the rocket: snaps to its start.
    assert_eq!(idx.position(2, Encoding::Utf16).character, 1);
    // Back: a column in the middle of the surrogate pair snaps to the char start.
    use shipshape_core::syntax::line_index::Position;
    assert_eq!(idx.offset(Position::new(0, 2), Encoding::Utf16), 1);
    assert_eq!(idx.offset(Position::new(0, 3), Encoding::Utf16), b);
    // Past the end of a line clamps to the line's end (before \r\n).
    assert_eq!(
        idx.offset(Position::new(0, 99), Encoding::Chars),
        src.find('\r').expect("cr")
    );
    // Past the last line and past the end of the text clamp to the end.
    assert_eq!(idx.offset(Position::new(99, 0), Encoding::Utf8), src.len());
    assert_eq!(idx.position(10_000, Encoding::Utf8), Position::new(4, 0));
}
