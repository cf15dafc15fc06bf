//! Image facts from JSON: `docker inspect` (image or container), and OCI /
//! Docker image configs. Values of unexpected types are ignored (with a
//! note), never fatal.

use serde_json::{Map, Value};

use super::history::guess_base;
use super::model::{
    ContainerInfo, Healthcheck, HistoryEntry, Image, ImageConfig, Note, NoteKind, SourceKind,
};
use super::platform::Platform;

/// What a JSON document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonKind {
    Inspect,
    Container,
    Config,
    Index,
    Manifest,
    DockerManifestList,
    Unknown,
}

pub(crate) fn classify(v: &Value) -> JsonKind {
    let Some(o) = v.as_object() else {
        return JsonKind::Unknown;
    };
    let has = |k: &str| o.contains_key(k);
    // The manifest.json of a docker save archive: {"Config": "<file>", "Layers": [...]}.
    if o.get("Config").is_some_and(Value::is_string) {
        return JsonKind::Unknown;
    }
    if has("Config") && (has("HostConfig") || has("State") || (has("Image") && has("Name"))) {
        return JsonKind::Container;
    }
    if has("Config") && (has("Id") || has("RepoTags") || has("RootFS") || has("Architecture")) {
        return JsonKind::Inspect;
    }
    if has("manifests") {
        return JsonKind::Index;
    }
    if has("layers") && has("config") {
        return JsonKind::Manifest;
    }
    if has("rootfs") || has("history") || (has("config") && (has("architecture") || has("os"))) {
        return JsonKind::Config;
    }
    if v.as_array().is_some() {
        return JsonKind::DockerManifestList;
    }
    JsonKind::Unknown
}

/// `o[key]`, or a key differing only in case.
pub(crate) fn get<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    o.get(key)
        .or_else(|| {
            o.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

pub(crate) fn get_str(o: &Map<String, Value>, key: &str) -> Option<String> {
    match get(o, key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn get_i64(o: &Map<String, Value>, key: &str) -> Option<i64> {
    let v = get(o, key)?;
    v.as_i64()
        .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

fn get_bool(o: &Map<String, Value>, key: &str) -> Option<bool> {
    get(o, key)?.as_bool()
}

/// A list of strings; a single string counts as a list of one.
pub(crate) fn get_strings(o: &Map<String, Value>, key: &str) -> Option<Vec<String>> {
    match get(o, key)? {
        Value::Array(a) => Some(
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        ),
        Value::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

fn keys(o: &Map<String, Value>, key: &str) -> Vec<String> {
    match get(o, key) {
        Some(Value::Object(m)) => m.keys().cloned().collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Parses the runtime config object (`config` of an image config, `Config`
/// of `docker inspect`).
pub(crate) fn runtime_config(v: &Value, notes: &mut Vec<Note>) -> ImageConfig {
    let Some(o) = v.as_object() else {
        notes.push(Note {
            kind: NoteKind::Warning,
            message: "the image's Config is not a JSON object; ignored".to_string(),
            limit: None,
        });
        return ImageConfig::default();
    };
    let env = get_strings(o, "Env")
        .unwrap_or_default()
        .into_iter()
        .map(|e| match e.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (e, String::new()),
        })
        .collect();
    let labels = match get(o, "Labels") {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), v)
            })
            .collect(),
        _ => Vec::new(),
    };
    let healthcheck = match get(o, "Healthcheck") {
        Some(Value::Object(h)) => Some(Healthcheck {
            test: get_strings(h, "Test").unwrap_or_default(),
            interval: get_i64(h, "Interval"),
            timeout: get_i64(h, "Timeout"),
            start_period: get_i64(h, "StartPeriod"),
            start_interval: get_i64(h, "StartInterval"),
            retries: get_i64(h, "Retries"),
        }),
        _ => None,
    };
    ImageConfig {
        user: get_str(o, "User"),
        env,
        exposed_ports: keys(o, "ExposedPorts"),
        volumes: keys(o, "Volumes"),
        labels,
        healthcheck,
        cmd: get_strings(o, "Cmd"),
        entrypoint: get_strings(o, "Entrypoint"),
        working_dir: get_str(o, "WorkingDir").filter(|s| !s.is_empty()),
        stop_signal: get_str(o, "StopSignal"),
        shell: get_strings(o, "Shell"),
        on_build: get_strings(o, "OnBuild").unwrap_or_default(),
    }
}

/// Applies an OCI / Docker image config document.
pub(crate) fn apply_image_config(img: &mut Image, v: &Value) {
    let Some(o) = v.as_object() else {
        return;
    };
    if let Some(c) = get(o, "config") {
        img.config = runtime_config(c, &mut img.notes);
    }
    img.created = get_str(o, "created").or(img.created.take());
    img.author = get_str(o, "author").or(img.author.take());
    let os = get_str(o, "os");
    let arch = get_str(o, "architecture");
    if img.platform.is_none() {
        if let (Some(os), Some(arch)) = (&os, &arch) {
            img.platform = Some(Platform::new(os, arch, get_str(o, "variant").as_deref()));
        }
    }
    if let Some(Value::Object(rootfs)) = get(o, "rootfs") {
        img.diff_ids = get_strings(rootfs, "diff_ids").unwrap_or_default();
    }
    if let Some(Value::Array(h)) = get(o, "history") {
        img.history = h
            .iter()
            .enumerate()
            .map(|(index, e)| {
                let e = e.as_object();
                let s = |k: &str| e.and_then(|e| get_str(e, k));
                HistoryEntry {
                    index,
                    created: s("created"),
                    created_by: s("created_by").unwrap_or_default(),
                    comment: s("comment"),
                    author: s("author"),
                    empty_layer: e.and_then(|e| get_bool(e, "empty_layer")).unwrap_or(false),
                    layer: None,
                    in_base_image: false,
                }
            })
            .collect();
        link_history(img);
    }
}

/// Assigns layer indices to the history entries that made layers, and guesses the base.
pub(crate) fn link_history(img: &mut Image) {
    let mut next = 0usize;
    for h in &mut img.history {
        if !h.empty_layer {
            h.layer = Some(next);
            next += 1;
        }
    }
    let layers = img.diff_ids.len().max(img.layers.len());
    if layers > 0 && next != layers {
        img.notes.push(Note {
            kind: NoteKind::Warning,
            message: format!(
                "history lists {next} layer-making entries but the image has {layers} layers; \
                 history-to-layer links may be off"
            ),
            limit: None,
        });
    }
    img.base = guess_base(&mut img.history);
}

/// Applies one object of `docker inspect IMAGE` output.
pub(crate) fn apply_inspect(img: &mut Image, o: &Map<String, Value>) {
    img.source = Some(SourceKind::Inspect);
    img.id = get_str(o, "Id");
    img.repo_tags = get_strings(o, "RepoTags").unwrap_or_default();
    img.repo_digests = get_strings(o, "RepoDigests").unwrap_or_default();
    img.created = get_str(o, "Created");
    img.author = get_str(o, "Author").filter(|s| !s.is_empty());
    if let Some(c) = get(o, "Config") {
        img.config = runtime_config(c, &mut img.notes);
    }
    if let (Some(os), Some(arch)) = (get_str(o, "Os"), get_str(o, "Architecture")) {
        img.platform = Some(Platform::new(&os, &arch, get_str(o, "Variant").as_deref()));
    }
    if let Some(Value::Object(rootfs)) = get(o, "RootFS") {
        img.diff_ids = get_strings(rootfs, "Layers").unwrap_or_default();
    }
}

/// Applies one object of `docker inspect CONTAINER` output.
pub(crate) fn apply_container(img: &mut Image, o: &Map<String, Value>) {
    img.source = Some(SourceKind::Container);
    if let Some(c) = get(o, "Config") {
        img.config = runtime_config(c, &mut img.notes);
    }
    let cfg = get(o, "Config").and_then(Value::as_object);
    let host = get(o, "HostConfig").and_then(Value::as_object);
    let image_id = get_str(o, "Image");
    img.id = image_id.clone();
    let image_ref = cfg.and_then(|c| get_str(c, "Image"));
    if let Some(r) = &image_ref {
        if !r.starts_with("sha256:") {
            if r.contains('@') {
                img.repo_digests.push(r.clone());
            } else {
                img.repo_tags.push(r.clone());
            }
        }
    }
    let hs = |k: &str| host.and_then(|h| get_str(h, k)).filter(|s| !s.is_empty());
    img.container = Some(ContainerInfo {
        id: get_str(o, "Id"),
        name: get_str(o, "Name").map(|n| n.trim_start_matches('/').to_string()),
        image_id,
        image_ref,
        privileged: host.and_then(|h| get_bool(h, "Privileged")),
        readonly_rootfs: host.and_then(|h| get_bool(h, "ReadonlyRootfs")),
        cap_add: host
            .and_then(|h| get_strings(h, "CapAdd"))
            .unwrap_or_default(),
        cap_drop: host
            .and_then(|h| get_strings(h, "CapDrop"))
            .unwrap_or_default(),
        network_mode: hs("NetworkMode"),
        pid_mode: hs("PidMode"),
        security_opt: host
            .and_then(|h| get_strings(h, "SecurityOpt"))
            .unwrap_or_default(),
    });
}
