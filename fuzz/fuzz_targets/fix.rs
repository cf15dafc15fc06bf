#![no_main]
//! Fixing (safe and unsafe fixes, every rule): never panics, the fixed text
//! parses without new syntax errors, and fixing again changes nothing.
use libfuzzer_sys::fuzz_target;
use shipshape_core::fix::{fix_all, MAX_ROUNDS};
use shipshape_fuzz::{all_rules, text_of};
use std::sync::OnceLock;

static SETTINGS: OnceLock<shipshape_core::Settings> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 {
        return;
    }
    let settings = SETTINGS.get_or_init(all_rules);
    let text = text_of(data);
    let once = fix_all(&text, settings, true);
    assert!(
        !once.broke_syntax,
        "fixes introduced a syntax error:\n{}",
        once.text
    );
    if once.rounds < MAX_ROUNDS {
        let twice = fix_all(&once.text, settings, true);
        assert_eq!(
            twice.text, once.text,
            "fixing twice differs from fixing once (applied {:?})",
            twice.applied
        );
    }
});
