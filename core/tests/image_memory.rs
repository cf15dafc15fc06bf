//! Peak memory of reads of hostile inputs, measured with a counting allocator.
//! One test only, so no other test allocates at the same time.
#![allow(unsafe_code)]

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use shipshape_core::image::{read_image_bytes, ReadOptions};
use support::*;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated at the peak of `f`, above what was live before it.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

const MIB: usize = 1 << 20;

#[test]
fn hostile_reads_stay_within_bounded_memory() {
    let opts = ReadOptions::default();

    // 1 GiB gzip bomb as a layer: decompresses ~64 MiB, keeps none of it.
    let header = tar_file_header("zeros.bin", 1 << 30);
    let mut spec = platform_image("amd64", None, &[b"x".to_vec()], "none");
    spec.blobs = vec![(
        gzip_bomb(&header, 1 << 30),
        "application/vnd.oci.image.layer.v1.tar+gzip",
    )];
    spec.history = vec![("ADD x", false, None)];
    let bomb = oci_archive(&[spec], "b:1", false, true);
    let (img, peak) = peak_during(|| read_image_bytes(&bomb, &opts).unwrap());
    assert!(img.layers[0].truncated);
    assert!(img.stats.decompressed_bytes > 64 * MIB as u64);
    eprintln!("gzip bomb: peak {peak} bytes");
    assert!(peak < 4 * MIB, "gzip bomb: peak {peak} bytes");
    drop((img, bomb));

    // 100,000 entries, keeping at most 1,000.
    let mut b = tar::Builder::new(Vec::new());
    for i in 0..100_000 {
        let mut h = tar::Header::new_ustar();
        h.set_size(0);
        b.append_data(&mut h, format!("many/file-{i:06}"), std::io::empty())
            .unwrap();
    }
    let archive = docker_save_legacy(
        &[b.into_inner().unwrap()],
        &[("ADD x", false, None)],
        "m:1",
        Order::ManifestLast,
    );
    let mut few = ReadOptions::default();
    few.limits.max_files = 1_000;
    let (img, peak) = peak_during(|| read_image_bytes(&archive, &few).unwrap());
    assert_eq!(img.layers[0].entry_count, 100_000);
    assert_eq!(img.stats.files_kept, 1_000);
    eprintln!("100k entries, 1k kept: peak {peak} bytes");
    assert!(peak < 2 * MIB, "100k entries, 1k kept: peak {peak} bytes");
    // Keeping all of them costs memory in proportion (about 200 bytes each, with the merged map).
    let (img, peak) = peak_during(|| read_image_bytes(&archive, &opts).unwrap());
    assert_eq!(img.filesystem.files.len(), 100_000);
    eprintln!("100k entries kept: peak {peak} bytes");
    assert!(peak < 40 * MIB, "100k entries kept: peak {peak} bytes");
    drop((img, archive));

    // A layer with one 64 MB file: streamed, not buffered.
    let mut big = tar_file_header("big.bin", 64_000_000);
    big.resize(big.len() + 64_000_000, 7);
    big.resize(big.len() + 1024, 0);
    let archive = docker_save_legacy(
        &[big],
        &[("ADD x", false, None)],
        "l:1",
        Order::ManifestFirst,
    );
    let (img, peak) = peak_during(|| read_image_bytes(&archive, &opts).unwrap());
    assert_eq!(img.file("/big.bin").unwrap().size, 64_000_000);
    eprintln!("64 MB layer: peak {peak} bytes");
    assert!(peak < 2 * MIB, "64 MB layer: peak {peak} bytes");
}
