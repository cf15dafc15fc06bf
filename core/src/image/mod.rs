//! Reading container images offline: bytes in, facts out.
//!
//! [`read_image`] auto-detects its input:
//! - `docker inspect IMAGE` or `docker inspect CONTAINER` output (a JSON
//!   array or a single object);
//! - an OCI or Docker image config JSON;
//! - a `docker save` archive, legacy layout (`manifest.json`,
//!   `<id>/layer.tar`) or OCI layout (Docker 25+: `oci-layout`,
//!   `index.json`, `blobs/sha256/…` and `manifest.json`), and OCI archives
//!   from `podman save` or `skopeo copy oci-archive:`; the whole archive may
//!   be gzip- or zstd-compressed, layers may be plain tar, gzip or zstd
//!   (found by magic bytes).
//!
//! Archives are read in one streaming pass and never buffered: every layer
//! met is summarised into a compact file list, small JSON documents are
//! kept, and manifest → config → layers is resolved at the end. Every cost
//! is bounded by [`Limits`]; hostile inputs end in an [`ImageError`] or in a
//! partial [`Image`] whose notes say what was skipped or truncated.
//!
//! Tar paths are names only: `..` and absolute paths are normalised (and
//! flagged as `unsafe_path`), links are recorded, never followed.

mod archive;
mod config;
mod history;
mod io;
mod layer;
mod limits;
mod merge;
mod model;
pub mod paths;
mod platform;
pub mod report;
pub mod sketch;
mod tarwalk;

use std::fmt;
use std::io::{BufReader, Cursor, Read};
use std::rc::Rc;

use serde_json::Value;

pub use history::instruction;
pub use io::Compression;
pub use limits::{LimitHit, Limits, ReadOptions, ReadStats};
pub use merge::parse_os_release;
pub use model::{
    BaseGuess, ContainerInfo, Content, Efficiency, FileEntry, FileKind, FileSystem, FsRef,
    Healthcheck, Hidden, HiddenBy, HistoryEntry, Image, ImageConfig, Layer, LayerStats, Note,
    NoteKind, OsRelease, SourceKind,
};
pub use platform::Platform;

use config::{apply_container, apply_image_config, apply_inspect, classify, JsonKind};
use io::{describe, read_up_to, sniff, Counted, Guard, InputReader, Sniff};
use limits::Budget;

const EXPECTED: &str =
    "expected a docker save/OCI archive (tar), a docker inspect JSON or an image config JSON";

/// Why an input could not be read as an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// The input is none of the supported forms; the message says what it looks like.
    Unrecognized(String),
    /// A JSON document is not valid JSON.
    Json { what: String, message: String },
    /// A limit was reached before anything usable was read.
    Limit(LimitHit),
    /// The archive is corrupt, truncated, or lacks a part the image needs.
    Archive(String),
    /// No image in the index matches the platform.
    Platform {
        requested: String,
        available: Vec<Platform>,
    },
    /// Reading the input failed.
    Io(String),
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::Unrecognized(m) => write!(f, "not an image: {m}"),
            ImageError::Json { what, message } => write!(f, "{what} is not valid JSON: {message}"),
            ImageError::Limit(hit) => write!(
                f,
                "{hit}; raise the limit if the input is trusted, or check that it is an image"
            ),
            ImageError::Archive(m) => write!(f, "{m}"),
            ImageError::Platform {
                requested,
                available,
            } => {
                let list: Vec<String> = available.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "no image for platform {requested}; available: {}",
                    if list.is_empty() {
                        "none".to_string()
                    } else {
                        list.join(", ")
                    }
                )
            }
            ImageError::Io(m) => write!(f, "reading the input failed: {m}"),
        }
    }
}

impl std::error::Error for ImageError {}

/// Reads an image from `input` (any of the forms listed in the module docs).
pub fn read_image(input: impl Read, opts: &ReadOptions) -> Result<Image, ImageError> {
    let budget = Rc::new(Budget::new(opts.limits.clone()));
    let reader = InputReader {
        inner: BufReader::with_capacity(64 * 1024, input),
        budget: budget.clone(),
    };
    let mut img = read_any(Box::new(reader), &budget, opts, 0)?;
    img.stats = budget.stats();
    Ok(img)
}

/// [`read_image`] over bytes in memory.
pub fn read_image_bytes(input: &[u8], opts: &ReadOptions) -> Result<Image, ImageError> {
    read_image(input, opts)
}

/// [`read_image`] over text (JSON inputs).
pub fn read_image_str(input: &str, opts: &ReadOptions) -> Result<Image, ImageError> {
    read_image(input.as_bytes(), opts)
}

fn io_error(budget: &Budget, e: &std::io::Error, what: &str) -> ImageError {
    match budget.limit_of(e) {
        Some(hit) => ImageError::Limit(hit),
        None => match e.kind() {
            std::io::ErrorKind::InvalidData
            | std::io::ErrorKind::InvalidInput
            | std::io::ErrorKind::UnexpectedEof => ImageError::Archive(format!("{what}: {e}")),
            _ => ImageError::Io(format!("{what}: {e}")),
        },
    }
}

fn read_any<'a>(
    mut reader: Box<dyn Read + 'a>,
    budget: &Rc<Budget>,
    opts: &ReadOptions,
    depth: usize,
) -> Result<Image, ImageError> {
    let what = if depth == 0 {
        "the input"
    } else {
        "the decompressed input (corrupt compressed stream)"
    };
    let head = read_up_to(&mut reader, 1024).map_err(|e| io_error(budget, &e, what))?;
    let kind = sniff(&head);
    let chained: Box<dyn Read + 'a> = Box::new(Cursor::new(head.clone()).chain(reader));
    match kind {
        Sniff::Gzip | Sniff::Zstd if depth == 0 => {
            let compression = if kind == Sniff::Gzip {
                Compression::Gzip
            } else {
                Compression::Zstd
            };
            let compressed = Rc::new(std::cell::Cell::new(0u64));
            let counted = Counted {
                inner: chained,
                count: compressed.clone(),
            };
            let decoder: Box<dyn Read + 'a> = match compression {
                Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(counted)),
                _ => Box::new(io::ZstdFrames::new(counted)),
            };
            let guard = Guard {
                inner: decoder,
                budget: budget.clone(),
                compressed: Some(compressed),
                out: Rc::new(std::cell::Cell::new(0)),
                context: "the compressed input".to_string(),
            };
            read_any(Box::new(guard), budget, opts, depth + 1)
        }
        Sniff::Tar => archive::read_archive(chained, budget, opts),
        Sniff::Json => read_json(chained, budget, opts),
        Sniff::Empty if depth == 0 => Err(ImageError::Unrecognized(format!(
            "{EXPECTED}; found an empty input"
        ))),
        Sniff::Empty => Err(ImageError::Unrecognized(format!(
            "{EXPECTED}; found a compressed stream that decompresses to nothing"
        ))),
        Sniff::Bzip2 | Sniff::Xz => Err(ImageError::Unrecognized(format!(
            "{EXPECTED}; found a bzip2 or xz file (only gzip and zstd compression are supported)"
        ))),
        Sniff::Gzip | Sniff::Zstd => Err(ImageError::Unrecognized(format!(
            "{EXPECTED}; found a stream compressed twice"
        ))),
        Sniff::Other => Err(ImageError::Unrecognized(format!(
            "{EXPECTED}; found {}{}",
            if depth > 0 {
                "a compressed file holding "
            } else {
                ""
            },
            describe(&head)
        ))),
    }
}

fn read_json(
    mut reader: Box<dyn Read + '_>,
    budget: &Rc<Budget>,
    _opts: &ReadOptions,
) -> Result<Image, ImageError> {
    let max = budget.limits.max_json_bytes;
    let cap = usize::try_from(max.saturating_add(1)).unwrap_or(usize::MAX);
    let bytes = read_up_to(&mut reader, cap).map_err(|e| io_error(budget, &e, "the input"))?;
    if bytes.len() as u64 > max {
        return Err(ImageError::Limit(LimitHit {
            limit: "max_json_bytes",
            value: max,
            context: "the input JSON".to_string(),
        }));
    }
    limits::bump(&budget.json_bytes, bytes.len() as u64);
    let text = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(&bytes);
    let value: Value = serde_json::from_slice(text).map_err(|e| ImageError::Json {
        what: "the input".to_string(),
        message: e.to_string(),
    })?;
    drop(bytes);
    let mut img = Image::default();
    let (doc, count) = match &value {
        Value::Array(a) => match a.first() {
            None => {
                return Err(ImageError::Unrecognized(format!(
                    "{EXPECTED}; found an empty JSON array (docker inspect of nothing?)"
                )))
            }
            Some(first) => (first, a.len()),
        },
        other => (other, 1),
    };
    let kind = classify(doc);
    match (kind, doc.as_object()) {
        (JsonKind::Inspect, Some(o)) => apply_inspect(&mut img, o),
        (JsonKind::Container, Some(o)) => apply_container(&mut img, o),
        (JsonKind::Config, Some(_)) => {
            img.source = Some(SourceKind::Config);
            apply_image_config(&mut img, doc);
        }
        (JsonKind::Index, _) | (JsonKind::Manifest, _) => {
            return Err(ImageError::Unrecognized(format!(
                "{EXPECTED}; found an OCI image index or manifest JSON, which only points to \
                 blobs (give the archive, or the image config it names)"
            )))
        }
        _ => {
            let looks_like_save_manifest = doc
                .as_object()
                .is_some_and(|o| o.contains_key("Config") && o.contains_key("Layers"));
            let found = if looks_like_save_manifest {
                "the manifest.json of a docker save archive (give the whole archive)".to_string()
            } else {
                match doc {
                    Value::Object(o) => {
                        let keys: Vec<&str> = o.keys().take(6).map(String::as_str).collect();
                        format!("a JSON object with keys {}", keys.join(", "))
                    }
                    Value::Array(_) => "a JSON array of arrays".to_string(),
                    _ => "a JSON value that is not an object".to_string(),
                }
            };
            return Err(ImageError::Unrecognized(format!(
                "{EXPECTED}; found {found}"
            )));
        }
    }
    if count > 1 {
        img.notes.push(Note {
            kind: NoteKind::Warning,
            message: format!("the input holds {count} objects; read the first"),
            limit: None,
        });
    }
    Ok(img)
}
