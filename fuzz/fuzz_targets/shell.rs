#![no_main]
//! The shell splitter: never panics, every span is in bounds, on character
//! boundaries, and offset by the base it was given.
use libfuzzer_sys::fuzz_target;
use shipshape_core::shell::{split, split_at};
use shipshape_fuzz::span_ok;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let script = split(&text);
    for c in &script.commands {
        span_ok(&text, c.span, "command");
        for w in c.name.iter().chain(&c.args).chain(&c.assignments) {
            span_ok(&text, w.span, "word");
        }
        for r in &c.redirects {
            span_ok(&text, r.span, "redirect");
        }
    }
    for e in &script.errors {
        span_ok(&text, e.span, "shell error");
    }
    // The same text at an offset: the same commands, shifted.
    let shifted = split_at(&text, 7);
    assert_eq!(shifted.commands.len(), script.commands.len());
    for (a, b) in script.commands.iter().zip(&shifted.commands) {
        assert_eq!(a.span.start + 7, b.span.start);
        assert_eq!(a.span.end + 7, b.span.end);
    }
});
