#![no_main]
//! A docker-save archive assembled from the input's parts, so the fuzzer
//! mutates the manifest, config and layers rather than tar headers: parts are
//! separated by `\n--part--\n`; part 0 is `manifest.json`, part 1
//! `config.json`, part N>=2 `layerN/layer.tar` (any compression).
use libfuzzer_sys::fuzz_target;
use shipshape_core::image::read_image_bytes;

const SEP: &[u8] = b"\n--part--\n";

fuzz_target!(|data: &[u8]| {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEP.len()).position(|w| w == SEP) {
        parts.push(&rest[..i]);
        rest = &rest[i + SEP.len()..];
    }
    parts.push(rest);
    let mut b = tar::Builder::new(Vec::new());
    for (i, part) in parts.iter().enumerate().take(16) {
        let name = match i {
            0 => "manifest.json".to_string(),
            1 => "config.json".to_string(),
            n => format!("layer{n}/layer.tar"),
        };
        let mut h = tar::Header::new_ustar();
        h.set_size(part.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        if b.append_data(&mut h, name, *part).is_err() {
            return;
        }
    }
    let Ok(archive) = b.into_inner() else { return };
    shipshape_fuzz::image_checked(read_image_bytes(&archive, &shipshape_fuzz::small_limits()));
});
