#![no_main]
//! An image config JSON (seeds are configs): an image or a clear error.
use libfuzzer_sys::fuzz_target;
use shipshape_core::image::{read_image_bytes, ReadOptions};

fuzz_target!(|data: &[u8]| {
    shipshape_fuzz::image_checked(read_image_bytes(data, &ReadOptions::default()));
});
