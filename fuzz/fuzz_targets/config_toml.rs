#![no_main]
//! shipshape.toml: a config or an error with a span inside the text.
use libfuzzer_sys::fuzz_target;
use shipshape_core::config::parse_shipshape_toml;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_shipshape_toml(&text) {
        Ok(config) => {
            // Whatever parsed must resolve to settings without panicking.
            let _ = shipshape_core::Settings::from_config(config);
        }
        Err(e) => {
            // The error points into the text (1-based line).
            let lines = text.split('\n').count();
            assert!(
                e.line >= 1 && e.line <= lines,
                "error line {} of {lines}",
                e.line
            );
        }
    }
});
