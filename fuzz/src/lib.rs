//! Checks shared by the fuzz targets. Each panics (a finding) when an
//! invariant a user relies on does not hold.

use shipshape_core::config::Config;
use shipshape_core::syntax::{parse, Dockerfile, Instruction, NodeKind, Span};
use shipshape_core::Settings;

/// Settings with every rule selected, suppressions honoured.
pub fn all_rules() -> Settings {
    Settings::from_config(Config {
        select: Some(vec!["ALL".to_string()]),
        ..Config::default()
    })
    .0
}

/// The fuzz input as text, the way the CLI reads a file (lossy UTF-8, UTF-16
/// with a BOM decoded).
pub fn text_of(data: &[u8]) -> String {
    shipshape_core::decode::decode(data).0.into_owned()
}

pub fn span_ok(src: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= src.len(),
        "{what} {s:?} out of bounds (len {})",
        src.len()
    );
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "{what} {s:?} splits a character"
    );
}

fn instruction_ok(src: &str, i: &Instruction, outer: Span) {
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
            span_ok(src, h.terminator, "heredoc terminator");
        }
        for c in &i.comments {
            span_ok(src, c.span, "comment");
        }
        let text = &i.text;
        for (at, _) in text.text.char_indices().chain([(text.text.len(), ' ')]) {
            let s = text.to_source(at);
            assert!(
                outer.start <= s && s <= outer.end,
                "to_source({at}) = {s} outside {outer:?}"
            );
            assert!(
                src.is_char_boundary(s),
                "to_source({at}) = {s} splits a character"
            );
        }
        if let Some(n) = &i.nested {
            todo.push(n);
        }
    }
}

/// Parses `src` and checks that the nodes tile the input exactly and every
/// span is in bounds and on character boundaries.
pub fn parse_checked(src: &str) -> Dockerfile {
    let df = parse(src);
    let mut at = 0;
    for n in &df.nodes {
        assert_eq!(n.span.start, at, "nodes must tile the input");
        assert!(n.span.end > n.span.start, "empty node at {at}");
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
    assert_eq!(at, src.len(), "nodes must cover the input");
    df
}

/// Limits small enough that a fuzz run never spends long on one input.
pub fn small_limits() -> shipshape_core::image::ReadOptions {
    let mut o = shipshape_core::image::ReadOptions::default();
    o.limits.max_decompressed_bytes = 16 << 20;
    o.limits.ratio_grace_bytes = 1 << 20;
    o.limits.max_input_bytes = 16 << 20;
    o
}

/// A read ends in an image or an error whose message is not empty.
pub fn image_checked(r: Result<shipshape_core::image::Image, shipshape_core::image::ImageError>) {
    match r {
        Ok(img) => {
            // The image rules must not panic on whatever was read.
            static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
            let _ = shipshape_core::engine::check_image(&img, SETTINGS.get_or_init(all_rules));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}
