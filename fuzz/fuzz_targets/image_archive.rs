#![no_main]
//! Archive bytes as given (docker save / OCI tars, compressed or not), with
//! small limits so that bombs stop early.
use libfuzzer_sys::fuzz_target;
use shipshape_core::image::read_image_bytes;

fuzz_target!(|data: &[u8]| {
    shipshape_fuzz::image_checked(read_image_bytes(data, &shipshape_fuzz::small_limits()));
});
