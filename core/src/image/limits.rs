//! Limits on what reading an image may cost, the options of a read, and the
//! counters that enforce them.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::Serialize;

use super::platform::Platform;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// Every bound that reading an image respects. Each has a default chosen so
/// that real images (including large ones) read fine while hostile inputs
/// stop early with bounded memory.
///
/// What happens when a limit is reached:
/// - `max_input_bytes`, `max_archive_entries`, the ratio and size of an
///   outer compression: the read stops with [`ImageError::Limit`](super::ImageError::Limit).
/// - layer limits (`max_layer_entries`, the ratio of a layer, and
///   `max_decompressed_bytes`): the layer is kept as far as it was read and
///   marked `truncated`, with a note; further layers are skipped once the
///   total is spent.
/// - `max_json_bytes` / `max_json_total_bytes`: the document is skipped with
///   a note (an error if it was the whole input, or if the image cannot be
///   resolved without it).
/// - `max_files`, `max_file_content_bytes`, `max_content_total_bytes`: file
///   entries or contents stop being kept; counts and sizes stay exact.
/// - `max_path_bytes`, `max_path_depth`, `max_header_ext_bytes`: the entry is
///   skipped with a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Bytes read from the input as given (before any decompression).
    /// Default 32 GiB.
    pub max_input_bytes: u64,
    /// Entries in the outer archive (tar headers, including extension
    /// headers). Default 100,000.
    pub max_archive_entries: u64,
    /// Entries in one layer's tar. Default 2,000,000.
    pub max_layer_entries: u64,
    /// Bytes produced by all decompressors together, plus the bytes of
    /// uncompressed layers (the total of layer tar streams read). Default 64 GiB.
    pub max_decompressed_bytes: u64,
    /// Largest allowed ratio decompressed/compressed for one compressed
    /// stream, checked once the stream has produced `ratio_grace_bytes`.
    /// Default 200 (real layers rarely exceed 20; a gzip of zeros is ~1000).
    pub max_ratio: u64,
    /// Bytes a compressed stream may produce before the ratio is checked.
    /// Default 64 MiB.
    pub ratio_grace_bytes: u64,
    /// Size of one JSON document (the whole input, or one file of an
    /// archive). Default 8 MiB.
    pub max_json_bytes: u64,
    /// JSON documents kept from one archive, in bytes. Default 64 MiB.
    pub max_json_total_bytes: u64,
    /// Length of one path inside a tar, in bytes. Default 4096.
    pub max_path_bytes: usize,
    /// Number of components of one path. Default 256.
    pub max_path_depth: usize,
    /// Size of one GNU long-name or PAX extension header. Default 64 KiB.
    pub max_header_ext_bytes: u64,
    /// File entries kept over all layers. Default 500,000.
    pub max_files: u64,
    /// Largest file whose content is kept (only for paths that matter, see
    /// [`wants_content`](super::paths::wants_content)). Default 64 KiB.
    pub max_file_content_bytes: u64,
    /// File content kept over all layers. Default 16 MiB.
    pub max_content_total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 32 * GIB,
            max_archive_entries: 100_000,
            max_layer_entries: 2_000_000,
            max_decompressed_bytes: 64 * GIB,
            max_ratio: 200,
            ratio_grace_bytes: 64 * MIB,
            max_json_bytes: 8 * MIB,
            max_json_total_bytes: 64 * MIB,
            max_path_bytes: 4096,
            max_path_depth: 256,
            max_header_ext_bytes: 64 * KIB,
            max_files: 500_000,
            max_file_content_bytes: 64 * KIB,
            max_content_total_bytes: 16 * MIB,
        }
    }
}

/// Options of [`read_image`](super::read_image).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    pub limits: Limits,
    /// Platform to pick from a multi-platform index. `None`: `linux/amd64`
    /// when present, else the only platform present, else an error listing
    /// them. `Some`: exactly that platform (variant defaults as Docker's:
    /// `arm64` means `arm64/v8`, `arm` means `arm/v7`).
    pub platform: Option<Platform>,
    /// In an archive holding several images (`docker save a b`), the repo
    /// tag to pick (`name:tag`, or `name` for `name:latest`). `None`: the first.
    pub image: Option<String>,
}

/// Which limit was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitHit {
    /// The field of [`Limits`], for example `max_ratio`.
    pub limit: &'static str,
    /// The limit's value.
    pub value: u64,
    /// What was being read.
    pub context: String,
}

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "limit {} = {} reached while reading {}",
            self.limit, self.value, self.context
        )
    }
}

impl std::error::Error for LimitHit {}

/// What a read consumed: the counters checked against [`Limits`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReadStats {
    /// Bytes read from the input.
    pub input_bytes: u64,
    /// Entries of the outer archive.
    pub archive_entries: u64,
    /// Entries of all layers read.
    pub layer_entries: u64,
    /// Bytes out of decompressors plus uncompressed layer bytes.
    pub decompressed_bytes: u64,
    /// Bytes of JSON documents kept.
    pub json_bytes: u64,
    /// File entries kept.
    pub files_kept: u64,
    /// Bytes of file content kept.
    pub content_bytes: u64,
}

/// Counters shared by the readers of one read (single thread: `Cell`s).
#[derive(Debug)]
pub(crate) struct Budget {
    pub limits: Limits,
    pub input_bytes: Cell<u64>,
    pub archive_entries: Cell<u64>,
    pub layer_entries: Cell<u64>,
    pub decompressed_bytes: Cell<u64>,
    pub json_bytes: Cell<u64>,
    pub files_kept: Cell<u64>,
    pub content_bytes: Cell<u64>,
    /// The first limit reached by a reader (readers can only return
    /// `io::Error`, which other crates may wrap; this keeps the cause).
    pub tripped: RefCell<Option<LimitHit>>,
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            input_bytes: Cell::new(0),
            archive_entries: Cell::new(0),
            layer_entries: Cell::new(0),
            decompressed_bytes: Cell::new(0),
            json_bytes: Cell::new(0),
            files_kept: Cell::new(0),
            content_bytes: Cell::new(0),
            tripped: RefCell::new(None),
        }
    }

    pub fn stats(&self) -> ReadStats {
        ReadStats {
            input_bytes: self.input_bytes.get(),
            archive_entries: self.archive_entries.get(),
            layer_entries: self.layer_entries.get(),
            decompressed_bytes: self.decompressed_bytes.get(),
            json_bytes: self.json_bytes.get(),
            files_kept: self.files_kept.get(),
            content_bytes: self.content_bytes.get(),
        }
    }

    /// Records a limit hit (the first one wins) and returns it as an `io::Error`.
    pub fn trip(&self, limit: &'static str, value: u64, context: &str) -> std::io::Error {
        let hit = LimitHit {
            limit,
            value,
            context: context.to_string(),
        };
        let mut slot = self.tripped.borrow_mut();
        if slot.is_none() {
            *slot = Some(hit.clone());
        }
        std::io::Error::other(hit)
    }

    /// The limit behind an error, if it was one.
    pub fn limit_of(&self, err: &std::io::Error) -> Option<LimitHit> {
        let mut cur: Option<&(dyn std::error::Error + 'static)> = err
            .get_ref()
            .map(|e| e as &(dyn std::error::Error + 'static));
        while let Some(e) = cur {
            if let Some(hit) = e.downcast_ref::<LimitHit>() {
                return Some(hit.clone());
            }
            cur = e.source();
        }
        None
    }
}

/// Adds `n` to a counter, saturating.
pub(crate) fn bump(c: &Cell<u64>, n: u64) -> u64 {
    let v = c.get().saturating_add(n);
    c.set(v);
    v
}
