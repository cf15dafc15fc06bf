#![no_main]
//! The whole check with every rule: never panics; every finding and fix edit
//! lies inside the text on character boundaries.
use libfuzzer_sys::fuzz_target;
use shipshape_fuzz::{all_rules, span_ok, text_of};
use std::sync::OnceLock;

static SETTINGS: OnceLock<shipshape_core::Settings> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let settings = SETTINGS.get_or_init(all_rules);
    let text = text_of(data);
    let diags = shipshape_core::check(&text, settings);
    for d in &diags {
        span_ok(&text, d.span, d.code);
        for r in &d.related {
            span_ok(&text, r.span, "related");
        }
        if let Some(f) = &d.fix {
            for e in &f.edits {
                span_ok(&text, e.span, "fix edit");
            }
        }
    }
});
