#![no_main]
//! The parser: never panics, nodes tile every byte, spans in bounds.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = shipshape_fuzz::text_of(data);
    shipshape_fuzz::parse_checked(&text);
});
