//! Summarises one layer stream into a compact list of file entries.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

use super::io::{decompressor, read_up_to, Compression, Guard};
use super::limits::{bump, Budget};
use super::model::{Content, FileEntry, FileKind, Note, NoteKind};
use super::paths::{join, normalise, parent, wants_content};
use super::tarwalk::walk;

/// Notes kept per layer before they are only counted.
const MAX_NOTES: usize = 20;

/// What one pass over a layer found.
#[derive(Clone, Debug, Default)]
pub(crate) struct LayerScan {
    pub compression: Option<Compression>,
    /// Bytes of the blob in the archive.
    pub stored_size: u64,
    pub uncompressed_size: u64,
    pub files_size: u64,
    pub entry_count: u64,
    pub entries: Vec<FileEntry>,
    pub truncated: bool,
    pub notes: Vec<Note>,
    /// Notes not kept because of `MAX_NOTES`.
    pub dropped_notes: u64,
}

impl LayerScan {
    fn note(&mut self, kind: NoteKind, message: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(Note {
                kind,
                message,
                limit: None,
            });
        } else {
            self.dropped_notes += 1;
        }
    }
}

/// Reads a layer (tar, tar+gzip or tar+zstd) from `reader`.
pub(crate) fn scan_layer(
    reader: &mut dyn Read,
    compression: Compression,
    stored_size: u64,
    budget: &Rc<Budget>,
    context: &str,
) -> LayerScan {
    let mut scan = LayerScan {
        compression: Some(compression),
        stored_size,
        ..LayerScan::default()
    };
    let limits = budget.limits.clone();
    if budget.decompressed_bytes.get() >= limits.max_decompressed_bytes {
        scan.truncated = true;
        scan.notes.push(Note {
            kind: NoteKind::Skipped,
            message: format!("{context} not read: max_decompressed_bytes already spent"),
            limit: None,
        });
        return scan;
    }
    let compressed = Rc::new(Cell::new(0u64));
    let out = Rc::new(Cell::new(0u64));
    let guard = Guard {
        inner: decompressor(compression, reader, compressed.clone()),
        budget: budget.clone(),
        compressed: (compression != Compression::None).then_some(compressed),
        out: out.clone(),
        context: context.to_string(),
    };
    let mut archive = tar::Archive::new(guard);
    let mut files_full_noted = false;
    let mut content_full_noted = false;
    let result = walk(
        &mut archive,
        budget,
        "max_layer_entries",
        limits.max_layer_entries,
        context,
        |meta, data| {
            scan.entry_count += 1;
            if let Some(p) = &meta.problem {
                scan.note(NoteKind::Skipped, format!("{context}: entry skipped: {p}"));
            }
            let Some(raw) = meta.path.as_deref() else {
                return Ok(());
            };
            if raw.len() > limits.max_path_bytes {
                scan.note(
                    NoteKind::Skipped,
                    format!(
                        "{context}: entry with a path of {} bytes skipped (max_path_bytes = {})",
                        raw.len(),
                        limits.max_path_bytes
                    ),
                );
                return Ok(());
            }
            let norm = normalise(raw);
            if norm.depth > limits.max_path_depth {
                scan.note(
                    NoteKind::Skipped,
                    format!(
                        "{context}: entry with a path {} components deep skipped (max_path_depth = {})",
                        norm.depth, limits.max_path_depth
                    ),
                );
                return Ok(());
            }
            if norm.escaped && norm.path != "/" {
                scan.note(
                    NoteKind::Warning,
                    format!(
                        "{context}: unsafe tar path {:?} read as {}",
                        String::from_utf8_lossy(raw),
                        norm.path
                    ),
                );
            }
            let name = norm.path.rsplit('/').next().unwrap_or("");
            let (path, kind) = if name == ".wh..wh..opq" {
                (parent(&norm.path).to_string(), FileKind::OpaqueWhiteout)
            } else if name.starts_with(".wh..wh.") {
                // aufs metadata (.wh..wh.plnk, .wh..wh.aufs): not content.
                return Ok(());
            } else if let Some(target) = name.strip_prefix(".wh.") {
                if target.is_empty() {
                    return Ok(());
                }
                (join(parent(&norm.path), target), FileKind::Whiteout)
            } else {
                let kind = match meta.entry_type {
                    tar::EntryType::Regular
                    | tar::EntryType::Continuous
                    | tar::EntryType::GNUSparse => FileKind::File,
                    tar::EntryType::Directory => FileKind::Dir,
                    tar::EntryType::Symlink => FileKind::Symlink,
                    tar::EntryType::Link => FileKind::Hardlink,
                    _ => FileKind::Other,
                };
                (norm.path, kind)
            };
            if kind == FileKind::File {
                scan.files_size = scan.files_size.saturating_add(meta.size);
            }
            if budget.files_kept.get() >= limits.max_files {
                scan.truncated = true;
                if !files_full_noted {
                    files_full_noted = true;
                    scan.notes.push(Note {
                        kind: NoteKind::Truncated,
                        message: format!(
                            "{context}: file entries no longer kept (max_files = {} reached); \
                             sizes and counts stay exact",
                            limits.max_files
                        ),
                        limit: None,
                    });
                }
                return Ok(());
            }
            let link = meta.link.as_deref().map(|l| match kind {
                FileKind::Hardlink => normalise(l).path,
                _ => String::from_utf8_lossy(l).into_owned(),
            });
            let mut entry = FileEntry {
                path,
                kind,
                mode: meta.mode,
                uid: meta.uid,
                gid: meta.gid,
                size: if kind == FileKind::File { meta.size } else { 0 },
                link,
                content: None,
                content_truncated: false,
                unsafe_path: norm.escaped,
            };
            if kind == FileKind::File && wants_content(&entry.path) {
                let fits = meta.size <= limits.max_file_content_bytes
                    && budget.content_bytes.get().saturating_add(meta.size)
                        <= limits.max_content_total_bytes;
                if fits {
                    let want = usize::try_from(meta.size).unwrap_or(usize::MAX);
                    let bytes = read_up_to(data, want)?;
                    bump(&budget.content_bytes, bytes.len() as u64);
                    entry.content_truncated = (bytes.len() as u64) < meta.size;
                    entry.content = Some(Content(bytes));
                } else {
                    entry.content_truncated = true;
                    if meta.size <= limits.max_file_content_bytes && !content_full_noted {
                        content_full_noted = true;
                        scan.notes.push(Note {
                            kind: NoteKind::Truncated,
                            message: format!(
                                "{context}: file contents no longer kept \
                                 (max_content_total_bytes = {} reached)",
                                limits.max_content_total_bytes
                            ),
                            limit: None,
                        });
                    }
                }
            }
            bump(&budget.files_kept, 1);
            scan.entries.push(entry);
            Ok(())
        },
    );
    if let Err(e) = result {
        scan.truncated = true;
        let limit = budget.limit_of(&e);
        let message = match &limit {
            Some(hit) => format!("{context} read in part: {hit}"),
            None => format!("{context} is corrupt or truncated: {e}"),
        };
        scan.notes.push(Note {
            kind: NoteKind::Truncated,
            message,
            limit,
        });
    }
    scan.uncompressed_size = out.get();
    if scan.dropped_notes > 0 {
        scan.notes.push(Note {
            kind: NoteKind::Warning,
            message: format!("{context}: {} more notes not shown", scan.dropped_notes),
            limit: None,
        });
    }
    scan
}
