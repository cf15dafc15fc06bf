//! `docker save` (legacy and OCI layouts) and OCI archives, read in one
//! streaming pass: every layer met is summarised, small JSON documents are
//! kept, and manifest → config → layer order is resolved at the end (a tar
//! does not guarantee that `manifest.json` comes before the layers).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::rc::Rc;

use serde_json::{Map, Value};

use super::config::{apply_image_config, get, get_str, get_strings, link_history};
use super::io::{read_up_to, sniff, Compression, Sniff};
use super::layer::{scan_layer, LayerScan};
use super::limits::{bump, Budget, ReadOptions};
use super::merge::finish_filesystem;
use super::model::{Image, Layer, Note, NoteKind, SourceKind};
use super::paths::{normalise, resolve_link};
use super::platform::{pick, Platform};
use super::tarwalk::walk;
use super::ImageError;

const EXPECTED: &str =
    "expected a docker save/OCI archive (tar), a docker inspect JSON or an image config JSON";

/// What the streaming pass kept.
#[derive(Default)]
struct Collected {
    docs: BTreeMap<String, Vec<u8>>,
    layers: BTreeMap<String, LayerScan>,
    /// Symlinks and hardlinks of the archive itself (legacy `layer.tar` links).
    links: BTreeMap<String, String>,
    /// The first few member names, for messages.
    names: Vec<String>,
    members: u64,
    notes: Vec<Note>,
}

fn note(notes: &mut Vec<Note>, kind: NoteKind, message: String) {
    notes.push(Note {
        kind,
        message,
        limit: None,
    });
}

/// Reads an archive whose tar stream is `reader`.
pub(crate) fn read_archive(
    reader: Box<dyn Read + '_>,
    budget: &Rc<Budget>,
    opts: &ReadOptions,
) -> Result<Image, ImageError> {
    let limits = budget.limits.clone();
    let mut c = Collected::default();
    let mut archive = tar::Archive::new(reader);
    let result = walk(
        &mut archive,
        budget,
        "max_archive_entries",
        limits.max_archive_entries,
        "the archive",
        |meta, data| {
            c.members += 1;
            let Some(raw) = meta.path else {
                note(
                    &mut c.notes,
                    NoteKind::Skipped,
                    format!(
                        "archive member skipped: {}",
                        meta.problem.unwrap_or_default()
                    ),
                );
                return Ok(());
            };
            if raw.len() > limits.max_path_bytes {
                note(
                    &mut c.notes,
                    NoteKind::Skipped,
                    format!("archive member with a {}-byte name skipped", raw.len()),
                );
                return Ok(());
            }
            let key = normalise(&raw).path.trim_start_matches('/').to_string();
            if c.names.len() < 8 {
                c.names.push(key.clone());
            }
            match meta.entry_type {
                tar::EntryType::Symlink | tar::EntryType::Link => {
                    if let Some(l) = meta.link {
                        let target = String::from_utf8_lossy(&l).into_owned();
                        let resolved = if meta.entry_type == tar::EntryType::Symlink {
                            resolve_link(&format!("/{key}"), &target)
                        } else {
                            normalise(target.as_bytes()).path
                        };
                        c.links
                            .insert(key, resolved.trim_start_matches('/').to_string());
                    }
                    return Ok(());
                }
                tar::EntryType::Regular | tar::EntryType::Continuous => {}
                _ => return Ok(()),
            }
            let head = read_up_to(data, 1024)?;
            let compression = match sniff(&head) {
                Sniff::Gzip => Some(Compression::Gzip),
                Sniff::Zstd => Some(Compression::Zstd),
                Sniff::Tar => Some(Compression::None),
                Sniff::Json => None,
                Sniff::Bzip2 | Sniff::Xz => {
                    note(
                        &mut c.notes,
                        NoteKind::Skipped,
                        format!("{key}: bzip2/xz compression is not supported; not read"),
                    );
                    return Ok(());
                }
                _ => return Ok(()),
            };
            if let Some(comp) = compression {
                let mut chained = Cursor::new(head).chain(data);
                let scan = scan_layer(
                    &mut chained,
                    comp,
                    meta.size,
                    budget,
                    &format!("layer {key}"),
                );
                c.layers.insert(key, scan);
                return Ok(());
            }
            if meta.size > limits.max_json_bytes {
                note(
                    &mut c.notes,
                    NoteKind::Skipped,
                    format!(
                        "{key}: JSON document of {} bytes skipped (max_json_bytes = {})",
                        meta.size, limits.max_json_bytes
                    ),
                );
                return Ok(());
            }
            if budget.json_bytes.get().saturating_add(meta.size) > limits.max_json_total_bytes {
                note(
                    &mut c.notes,
                    NoteKind::Skipped,
                    format!(
                        "{key}: JSON document skipped (max_json_total_bytes = {} reached)",
                        limits.max_json_total_bytes
                    ),
                );
                return Ok(());
            }
            let mut bytes = head;
            let rest = usize::try_from(meta.size)
                .unwrap_or(usize::MAX)
                .saturating_sub(bytes.len());
            bytes.extend(read_up_to(data, rest)?);
            bump(&budget.json_bytes, bytes.len() as u64);
            c.docs.insert(key, bytes);
            Ok(())
        },
    );
    let mut read_error = None;
    if let Err(e) = result {
        if let Some(hit) = budget.limit_of(&e) {
            return Err(ImageError::Limit(hit));
        }
        read_error = Some(e.to_string());
    }
    match resolve(&mut c, opts) {
        Ok(mut img) => {
            if let Some(e) = read_error {
                img.notes.push(Note {
                    kind: NoteKind::Truncated,
                    message: format!(
                        "the archive is corrupt or ends early ({e}); the facts read before that are kept"
                    ),
                    limit: None,
                });
            }
            img.notes.append(&mut c.notes);
            Ok(img)
        }
        Err(err) => match read_error {
            Some(e) => Err(ImageError::Archive(format!(
                "the archive is corrupt or truncated ({e}), and the image could not be resolved: {err}"
            ))),
            None => Err(err),
        },
    }
}

/// `blobs/<alg>/<hex>` for a digest, if the digest is well formed.
fn blob_key(digest: &str) -> Option<String> {
    let (alg, hex) = digest.split_once(':')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    (ok(alg) && ok(hex)).then(|| format!("blobs/{alg}/{hex}"))
}

fn parse_doc(c: &Collected, key: &str) -> Result<Option<Value>, ImageError> {
    let Some(bytes) = c.docs.get(key) else {
        return Ok(None);
    };
    serde_json::from_slice(bytes)
        .map(Some)
        .map_err(|e| ImageError::Json {
            what: key.to_string(),
            message: e.to_string(),
        })
}

/// Follows archive symlinks (legacy `docker save` links shared `layer.tar`s).
fn follow(c: &Collected, key: &str) -> String {
    let mut cur = key.to_string();
    for _ in 0..8 {
        match c.links.get(&cur) {
            Some(next) => cur = next.clone(),
            None => break,
        }
    }
    cur
}

/// A layer reference resolved from a manifest.
struct LayerRef {
    key: String,
    digest: Option<String>,
    media_type: Option<String>,
    size: Option<u64>,
}

fn resolve(c: &mut Collected, opts: &ReadOptions) -> Result<Image, ImageError> {
    let mut img = Image::default();
    let (config_key, layer_refs) = if c.docs.contains_key("index.json") {
        resolve_oci(c, opts, &mut img)?
    } else if c.docs.contains_key("manifest.json") {
        resolve_legacy(c, opts, &mut img)?
    } else if c.members == 0 {
        return Err(ImageError::Unrecognized(format!(
            "{EXPECTED}; found an empty tar"
        )));
    } else {
        return Err(ImageError::Unrecognized(format!(
            "{EXPECTED}; found a tar without manifest.json or index.json (members: {}{})",
            c.names.join(", "),
            if c.members > c.names.len() as u64 {
                ", …"
            } else {
                ""
            }
        )));
    };
    let config = parse_doc(c, &config_key)?.ok_or_else(|| {
        ImageError::Archive(format!(
            "the image config {config_key} is not in the archive (or was skipped; see limits)"
        ))
    })?;
    apply_image_config(&mut img, &config);
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for (index, r) in layer_refs.into_iter().enumerate() {
        let key = follow(c, &r.key);
        let mut layer = Layer {
            index,
            digest: r.digest,
            diff_id: img.diff_ids.get(index).cloned(),
            media_type: r.media_type,
            archive_path: Some(r.key.clone()),
            ..Layer::default()
        };
        let scan = match c.layers.remove(&key) {
            Some(s) => Some(s),
            None => taken
                .get(&key)
                .and_then(|&i| img.layers.get(i))
                .map(|l| LayerScan {
                    compression: l.compression,
                    stored_size: l.compressed_size,
                    uncompressed_size: l.uncompressed_size,
                    files_size: l.files_size,
                    entry_count: l.entry_count,
                    entries: l.entries.clone(),
                    truncated: l.truncated,
                    notes: l.notes.clone(),
                    dropped_notes: 0,
                }),
        };
        match scan {
            Some(s) => {
                layer.compression = s.compression;
                layer.compressed_size = r.size.unwrap_or(s.stored_size);
                layer.uncompressed_size = s.uncompressed_size;
                layer.files_size = s.files_size;
                layer.entry_count = s.entry_count;
                layer.entries = s.entries;
                layer.truncated = s.truncated;
                layer.notes = s.notes;
            }
            None => {
                layer.missing = true;
                layer.compressed_size = r.size.unwrap_or(0);
                note(
                    &mut layer.notes,
                    NoteKind::Skipped,
                    format!(
                        "layer {} is not in the archive (or could not be read)",
                        r.key
                    ),
                );
            }
        }
        taken.entry(key).or_insert(index);
        img.layers.push(layer);
    }
    if !img.history.is_empty() {
        link_history(&mut img);
        for h in &img.history {
            if let Some(l) = h.layer.and_then(|i| img.layers.get_mut(i)) {
                l.history = Some(h.index);
            }
        }
    }
    finish_filesystem(&mut img);
    Ok(img)
}

fn resolve_legacy(
    c: &Collected,
    opts: &ReadOptions,
    img: &mut Image,
) -> Result<(String, Vec<LayerRef>), ImageError> {
    img.source = Some(SourceKind::DockerArchive);
    let manifest = parse_doc(c, "manifest.json")?.unwrap_or(Value::Null);
    let entries: Vec<&Map<String, Value>> = match &manifest {
        Value::Array(a) => a.iter().filter_map(Value::as_object).collect(),
        Value::Object(o) => vec![o],
        _ => Vec::new(),
    };
    if entries.is_empty() {
        return Err(ImageError::Archive(
            "manifest.json lists no image (expected [{\"Config\", \"RepoTags\", \"Layers\"}])"
                .to_string(),
        ));
    }
    let chosen = match &opts.image {
        Some(want) => {
            let with_latest = format!("{want}:latest");
            entries
                .iter()
                .find(|e| {
                    get_strings(e, "RepoTags")
                        .unwrap_or_default()
                        .iter()
                        .any(|t| t == want || *t == with_latest)
                })
                .copied()
                .ok_or_else(|| {
                    let tags: Vec<String> = entries
                        .iter()
                        .flat_map(|e| get_strings(e, "RepoTags").unwrap_or_default())
                        .collect();
                    ImageError::Archive(format!(
                        "no image tagged {want:?} in the archive; tags present: {}",
                        if tags.is_empty() {
                            "none".to_string()
                        } else {
                            tags.join(", ")
                        }
                    ))
                })?
        }
        None => entries[0],
    };
    if entries.len() > 1 && opts.image.is_none() {
        note(
            &mut img.notes,
            NoteKind::Warning,
            format!(
                "the archive holds {} images; read the first (choose another with ReadOptions::image)",
                entries.len()
            ),
        );
    }
    img.repo_tags = get_strings(chosen, "RepoTags").unwrap_or_default();
    let config_key = get_str(chosen, "Config")
        .map(|k| {
            normalise(k.as_bytes())
                .path
                .trim_start_matches('/')
                .to_string()
        })
        .ok_or_else(|| ImageError::Archive("manifest.json has no Config entry".to_string()))?;
    img.id = config_id(&config_key);
    let layers = get_strings(chosen, "Layers")
        .unwrap_or_default()
        .into_iter()
        .map(|l| LayerRef {
            key: normalise(l.as_bytes())
                .path
                .trim_start_matches('/')
                .to_string(),
            digest: None,
            media_type: None,
            size: None,
        })
        .collect();
    Ok((config_key, layers))
}

/// The image ID from a config path (`<hex>.json` or `blobs/sha256/<hex>`).
fn config_id(key: &str) -> Option<String> {
    if let Some(rest) = key.strip_prefix("blobs/") {
        let (alg, hex) = rest.split_once('/')?;
        return Some(format!("{alg}:{hex}"));
    }
    let stem = key.rsplit('/').next()?.strip_suffix(".json")?;
    (stem.len() == 64 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("sha256:{stem}"))
}

/// A manifest found through the index.
struct Candidate {
    digest: String,
    platform: Option<Platform>,
    annotations: Map<String, Value>,
}

fn is_index_type(mt: &str) -> bool {
    mt.contains("image.index") || mt.contains("manifest.list")
}

fn collect_candidates(
    c: &Collected,
    index: &Value,
    depth: usize,
    inherited: &Map<String, Value>,
    out: &mut Vec<Candidate>,
    missing: &mut usize,
) -> Result<(), ImageError> {
    let Some(list) = index.get("manifests").and_then(Value::as_array) else {
        return Ok(());
    };
    for d in list.iter().filter_map(Value::as_object) {
        let Some(digest) = get_str(d, "digest") else {
            continue;
        };
        let mt = get_str(d, "mediaType").unwrap_or_default();
        let mut annotations = inherited.clone();
        if let Some(Value::Object(a)) = get(d, "annotations") {
            for (k, v) in a {
                annotations.insert(k.clone(), v.clone());
            }
        }
        if annotations
            .get("vnd.docker.reference.type")
            .and_then(Value::as_str)
            == Some("attestation-manifest")
        {
            continue;
        }
        let platform = get(d, "platform").and_then(Value::as_object).and_then(|p| {
            Some(Platform::new(
                &get_str(p, "os")?,
                &get_str(p, "architecture")?,
                get_str(p, "variant").as_deref(),
            ))
        });
        if platform.as_ref().is_some_and(|p| p.os == "unknown") {
            continue;
        }
        let key = blob_key(&digest);
        let doc = match &key {
            Some(k) => parse_doc(c, k)?,
            None => None,
        };
        let Some(doc) = doc else {
            *missing += 1;
            continue;
        };
        if is_index_type(&mt) || doc.get("manifests").is_some() {
            if depth < 4 {
                collect_candidates(c, &doc, depth + 1, &annotations, out, missing)?;
            }
            continue;
        }
        out.push(Candidate {
            digest,
            platform,
            annotations,
        });
    }
    Ok(())
}

fn resolve_oci(
    c: &Collected,
    opts: &ReadOptions,
    img: &mut Image,
) -> Result<(String, Vec<LayerRef>), ImageError> {
    img.source = Some(SourceKind::OciArchive);
    let index = parse_doc(c, "index.json")?.unwrap_or(Value::Null);
    let mut cands = Vec::new();
    let mut missing = 0;
    collect_candidates(c, &index, 0, &Map::new(), &mut cands, &mut missing)?;
    if cands.is_empty() {
        // Docker 25+ also writes manifest.json; use it if the index led nowhere.
        if c.docs.contains_key("manifest.json") {
            let r = resolve_legacy(c, opts, img)?;
            img.source = Some(SourceKind::OciArchive);
            return Ok(r);
        }
        return Err(ImageError::Archive(format!(
            "index.json leads to no image manifest in the archive ({missing} listed manifests are missing)"
        )));
    }
    // Fill in platforms from the configs where the index does not give them.
    let mut manifests = Vec::new();
    for cand in &mut cands {
        let key = blob_key(&cand.digest).unwrap_or_default();
        let manifest = parse_doc(c, &key)?.unwrap_or(Value::Null);
        if cand.platform.is_none() {
            let cfg_key = manifest
                .get("config")
                .and_then(|d| d.get("digest"))
                .and_then(Value::as_str)
                .and_then(blob_key);
            if let Some(cfg) = cfg_key.and_then(|k| parse_doc(c, &k).ok().flatten()) {
                let s = |k: &str| cfg.get(k).and_then(Value::as_str).map(str::to_string);
                if let (Some(os), Some(arch)) = (s("os"), s("architecture")) {
                    cand.platform = Some(Platform::new(&os, &arch, s("variant").as_deref()));
                }
            }
        }
        manifests.push(manifest);
    }
    let platforms: Vec<Platform> = cands
        .iter()
        .map(|c| {
            c.platform
                .clone()
                .unwrap_or_else(|| Platform::new("unknown", "unknown", None))
        })
        .collect();
    let chosen = if cands.len() == 1 && opts.platform.is_none() {
        Some(0)
    } else {
        pick(opts.platform.as_ref(), &platforms)
    };
    let Some(chosen) = chosen else {
        return Err(ImageError::Platform {
            requested: opts
                .platform
                .as_ref()
                .map_or_else(|| "linux/amd64 (default)".to_string(), ToString::to_string),
            available: platforms,
        });
    };
    if missing > 0 {
        note(
            &mut img.notes,
            NoteKind::Warning,
            format!("{missing} manifests listed by the index are not in the archive"),
        );
    }
    img.platforms_available = platforms.clone();
    img.platform = platforms.get(chosen).cloned();
    let cand = &cands[chosen];
    let manifest = &manifests[chosen];
    let config_digest = manifest
        .get("config")
        .and_then(|d| d.get("digest"))
        .and_then(Value::as_str)
        .ok_or_else(|| ImageError::Archive(format!("manifest {} has no config", cand.digest)))?;
    let config_key = blob_key(config_digest)
        .ok_or_else(|| ImageError::Archive(format!("bad config digest {config_digest:?}")))?;
    img.id = Some(config_digest.to_string());
    let layers = manifest
        .get("layers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_object)
                .filter_map(|d| {
                    let digest = get_str(d, "digest")?;
                    Some(LayerRef {
                        key: blob_key(&digest)?,
                        digest: Some(digest),
                        media_type: get_str(d, "mediaType"),
                        size: get(d, "size").and_then(Value::as_u64),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    // Names: Docker's manifest.json RepoTags if present, else annotations.
    let mut tags = Vec::new();
    if let Ok(Some(Value::Array(m))) = parse_doc(c, "manifest.json") {
        for e in m.iter().filter_map(Value::as_object) {
            if get_str(e, "Config").is_some_and(|k| k.trim_start_matches("./") == config_key) {
                tags.extend(get_strings(e, "RepoTags").unwrap_or_default());
            }
        }
    }
    if tags.is_empty() {
        let a = |k: &str| cand.annotations.get(k).and_then(Value::as_str);
        if let Some(name) = a("io.containerd.image.name") {
            tags.push(name.to_string());
        } else if let Some(name) = a("org.opencontainers.image.ref.name") {
            tags.push(name.to_string());
        }
    }
    img.repo_tags = tags;
    Ok((config_key, layers))
}
