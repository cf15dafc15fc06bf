#![no_main]
//! .hadolint.yaml: a config or an error, never a panic.
use libfuzzer_sys::fuzz_target;
use shipshape_core::config::parse_hadolint_yaml;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = parse_hadolint_yaml(&text);
    if let Ok(config) = result.clone() {
        let _ = shipshape_core::Settings::from_config(config);
    } else if let Err(e) = result {
        // The error points into the text (1-based line).
        let lines = text.split('\n').count();
        assert!(
            e.line >= 1 && e.line <= lines,
            "error line {} of {lines}",
            e.line
        );
    }
});
