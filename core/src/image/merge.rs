//! Applies layers in order (with whiteouts and opaque directories) to get
//! the final file system, remembering what lower layers still hold.

use std::collections::BTreeMap;

use super::model::{
    Efficiency, FileKind, FileSystem, FsRef, Hidden, HiddenBy, Image, LayerStats, Note, NoteKind,
    OsRelease,
};
use super::paths::{child_prefix, resolve_link};

/// Builds `filesystem`, `layer_stats`, `efficiency` and `os_release`.
pub(crate) fn finish_filesystem(img: &mut Image) {
    let mut files: BTreeMap<String, FsRef> = BTreeMap::new();
    let mut hidden: Vec<Hidden> = Vec::new();
    let mut stats: Vec<LayerStats> = img
        .layers
        .iter()
        .map(|l| LayerStats {
            layer: l.index,
            size: l.files_size,
            ..LayerStats::default()
        })
        .collect();

    for (li, layer) in img.layers.iter().enumerate() {
        // 1. Whiteouts apply to lower layers only.
        let mut removed: Vec<(String, FsRef)> = Vec::new();
        for e in &layer.entries {
            match e.kind {
                FileKind::Whiteout => {
                    if let Some(r) = files.remove(&e.path) {
                        removed.push((e.path.clone(), r));
                    }
                    take_children(&mut files, &e.path, &mut removed);
                }
                FileKind::OpaqueWhiteout => take_children(&mut files, &e.path, &mut removed),
                _ => {}
            }
        }
        for (path, r) in removed {
            let (size, kind) = size_kind(img, r);
            if let Some(s) = stats.get_mut(li) {
                s.removed += 1;
                s.removed_bytes += size;
            }
            hidden.push(Hidden {
                path,
                layer: r.layer,
                entry: r.entry,
                size,
                kind,
                by_layer: li,
                how: HiddenBy::Deleted,
            });
        }
        // 2. Additions, in tar order (a later duplicate wins).
        for (ei, e) in layer.entries.iter().enumerate() {
            if matches!(e.kind, FileKind::Whiteout | FileKind::OpaqueWhiteout) {
                continue;
            }
            let new = FsRef {
                layer: li,
                entry: ei,
            };
            let mut gone: Vec<(String, FsRef)> = Vec::new();
            if e.kind != FileKind::Dir && e.path != "/" {
                // A non-directory replaces a whole directory tree.
                take_children(&mut files, &e.path, &mut gone);
            }
            for (path, r) in gone {
                let (size, kind) = size_kind(img, r);
                if let Some(s) = stats.get_mut(li) {
                    s.removed += 1;
                    s.removed_bytes += size;
                }
                hidden.push(Hidden {
                    path,
                    layer: r.layer,
                    entry: r.entry,
                    size,
                    kind,
                    by_layer: li,
                    how: HiddenBy::Deleted,
                });
            }
            match files.insert(e.path.clone(), new) {
                None => {
                    if let Some(s) = stats.get_mut(li) {
                        s.added += 1;
                    }
                }
                Some(old) => {
                    let (size, kind) = size_kind(img, old);
                    if !(kind == FileKind::Dir && e.kind == FileKind::Dir) {
                        if let Some(s) = stats.get_mut(li) {
                            if old.layer < li {
                                s.changed += 1;
                            }
                            s.removed_bytes += size;
                        }
                    }
                    hidden.push(Hidden {
                        path: e.path.clone(),
                        layer: old.layer,
                        entry: old.entry,
                        size,
                        kind,
                        by_layer: li,
                        how: HiddenBy::Replaced,
                    });
                }
            }
        }
    }

    let mut wasted_total = 0u64;
    for h in &hidden {
        if let Some(s) = stats.get_mut(h.layer) {
            s.wasted_bytes += h.size;
        }
        wasted_total += h.size;
    }
    let total: u64 = img.layers.iter().map(|l| l.files_size).sum();
    img.efficiency = Efficiency {
        total_bytes: total,
        wasted_bytes: wasted_total,
        score: if total == 0 {
            1.0
        } else {
            1.0 - (wasted_total as f64 / total as f64)
        },
    };
    img.layer_stats = stats;
    img.filesystem = FileSystem { files, hidden };
    if img.layers.iter().any(|l| l.truncated) {
        img.notes.push(Note {
            kind: NoteKind::Truncated,
            message: "some layers were not read in full; the final file system is incomplete"
                .to_string(),
            limit: None,
        });
    }
    img.os_release = find_os_release(img);
}

fn size_kind(img: &Image, r: FsRef) -> (u64, FileKind) {
    img.entry(r)
        .map_or((0, FileKind::Other), |e| (e.size, e.kind))
}

/// Removes every path under `dir` from `files` into `out`.
fn take_children(files: &mut BTreeMap<String, FsRef>, dir: &str, out: &mut Vec<(String, FsRef)>) {
    let prefix = child_prefix(dir);
    let keys: Vec<String> = files
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(k, _)| k.clone())
        .collect();
    for k in keys {
        if let Some(r) = files.remove(&k) {
            out.push((k, r));
        }
    }
}

/// Resolves `path` through symlinks (at most 16 hops) in the final file system.
fn find_os_release(img: &Image) -> Option<OsRelease> {
    for start in ["/etc/os-release", "/usr/lib/os-release"] {
        let mut cur = start.to_string();
        for _ in 0..16 {
            let Some(e) = img.file(&cur) else { break };
            match e.kind {
                FileKind::Symlink => match &e.link {
                    Some(t) => cur = resolve_link(&cur, t),
                    None => break,
                },
                FileKind::Hardlink => match &e.link {
                    Some(t) => cur = t.clone(),
                    None => break,
                },
                FileKind::File => {
                    let text = e.content.as_ref()?.text()?;
                    return Some(parse_os_release(text, &cur));
                }
                _ => break,
            }
        }
    }
    None
}

/// Parses os-release text (`KEY=value`, values optionally quoted).
pub fn parse_os_release(text: &str, path: &str) -> OsRelease {
    let mut r = OsRelease {
        path: path.to_string(),
        ..OsRelease::default()
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = unquote(v.trim());
        match k.trim() {
            "ID" => r.id = Some(v.clone()),
            "VERSION_ID" => r.version_id = Some(v.clone()),
            "PRETTY_NAME" => r.pretty_name = Some(v.clone()),
            "NAME" => r.name = Some(v.clone()),
            "VERSION_CODENAME" => r.version_codename = Some(v.clone()),
            "ID_LIKE" => r.id_like = Some(v.clone()),
            _ => {}
        }
        r.fields.push((k.trim().to_string(), v));
    }
    r
}

fn unquote(v: &str) -> String {
    let bytes = v.as_bytes();
    if bytes.len() >= 2 {
        let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
        if (first == b'"' || first == b'\'') && first == last {
            let inner = &v[1..v.len() - 1];
            if first == b'"' {
                let mut out = String::with_capacity(inner.len());
                let mut chars = inner.chars();
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        if let Some(n) = chars.next() {
                            out.push(n);
                        }
                    } else {
                        out.push(c);
                    }
                }
                return out;
            }
            return inner.to_string();
        }
    }
    v.to_string()
}
