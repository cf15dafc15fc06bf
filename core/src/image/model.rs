//! The facts read from an image.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

use super::io::Compression;
use super::limits::{LimitHit, ReadStats};
use super::platform::Platform;

/// What the input was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// `docker inspect IMAGE` output.
    Inspect,
    /// `docker inspect CONTAINER` output (image facts come from its `Config`).
    Container,
    /// An OCI or Docker image config JSON.
    Config,
    /// A `docker save` archive in the legacy layout (`manifest.json`, `<id>/layer.tar`).
    DockerArchive,
    /// An OCI image layout archive (`oci-layout`, `index.json`, `blobs/`), as
    /// written by Docker 25+, `podman save --format oci-archive` and `skopeo`.
    OciArchive,
}

impl SourceKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            SourceKind::Inspect => "inspect",
            SourceKind::Container => "container",
            SourceKind::Config => "config",
            SourceKind::DockerArchive => "docker-archive",
            SourceKind::OciArchive => "oci-archive",
        }
    }
    /// Whether file system facts (layers, files) can be present.
    pub const fn has_layers(self) -> bool {
        matches!(self, SourceKind::DockerArchive | SourceKind::OciArchive)
    }
}

/// A note about something skipped, truncated or odd while reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    pub kind: NoteKind,
    pub message: String,
    /// The limit that caused it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<LimitHit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// Something was not read at all (an entry, a document, a layer).
    Skipped,
    /// Something was read only in part.
    Truncated,
    /// The input is unusual but was read (for example an unsafe path).
    Warning,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let k = match self.kind {
            NoteKind::Skipped => "skipped",
            NoteKind::Truncated => "truncated",
            NoteKind::Warning => "warning",
        };
        write!(f, "{k}: {}", self.message)
    }
}

/// `Config.Healthcheck`. Durations are nanoseconds, as in the JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Healthcheck {
    /// `["NONE"]` disables; `["CMD", …]` / `["CMD-SHELL", "…"]` otherwise.
    pub test: Vec<String>,
    pub interval: Option<i64>,
    pub timeout: Option<i64>,
    pub start_period: Option<i64>,
    pub start_interval: Option<i64>,
    pub retries: Option<i64>,
}

impl Healthcheck {
    /// `HEALTHCHECK NONE` (or an empty test, which inherits nothing useful).
    pub fn is_disabled(&self) -> bool {
        self.test.first().is_some_and(|t| t == "NONE")
    }
}

/// The runtime configuration of the image (`config` / `Config`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImageConfig {
    /// `None`: not set (runs as root). `Some("")` is the same as not set.
    pub user: Option<String>,
    /// In order; an entry without `=` has an empty value.
    pub env: Vec<(String, String)>,
    /// Keys of `ExposedPorts`, for example `80/tcp`.
    pub exposed_ports: Vec<String>,
    pub volumes: Vec<String>,
    pub labels: Vec<(String, String)>,
    pub healthcheck: Option<Healthcheck>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub working_dir: Option<String>,
    pub stop_signal: Option<String>,
    pub shell: Option<Vec<String>>,
    pub on_build: Vec<String>,
}

impl ImageConfig {
    /// The value of an environment variable (the last one wins, as in Docker).
    pub fn env_var(&self, key: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Facts of a container from `docker inspect CONTAINER` that are not image facts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ContainerInfo {
    pub id: Option<String>,
    pub name: Option<String>,
    /// `Image`: the image ID the container runs.
    pub image_id: Option<String>,
    /// `Config.Image`: the image reference it was started from.
    pub image_ref: Option<String>,
    pub privileged: Option<bool>,
    pub readonly_rootfs: Option<bool>,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    pub network_mode: Option<String>,
    pub pid_mode: Option<String>,
    pub security_opt: Vec<String>,
}

/// One entry of the image history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub index: usize,
    pub created: Option<String>,
    /// The instruction text, for example `/bin/sh -c #(nop)  CMD ["bash"]`
    /// (classic builder) or `RUN /bin/sh -c apt-get update # buildkit`.
    pub created_by: String,
    pub comment: Option<String>,
    pub author: Option<String>,
    pub empty_layer: bool,
    /// The layer this entry made (index into [`Image::layers`] or the
    /// rootfs layer list), `None` for empty layers.
    pub layer: Option<usize>,
    /// Best guess that this entry comes from the base image, see [`BaseGuess`].
    pub in_base_image: bool,
}

/// How the base image / user split of the history was guessed.
///
/// Heuristic, in order:
/// 1. `last-base-cmd`: the last `CMD`/`ENTRYPOINT` entry that is followed by
///    an entry making a non-empty layer. Base images end with a `CMD` (or
///    `ENTRYPOINT`); the user's own `CMD` normally comes after their last
///    layer-making instruction, so it is not taken.
/// 2. `last-cmd-not-last`: failing that, the last `CMD`/`ENTRYPOINT` that is not
///    the last entry (user images that only add metadata on a base).
/// 3. `none`: no boundary; all entries are counted as the user's.
///
/// Everything up to and including the boundary is `in_base_image`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BaseGuess {
    /// Index of the last history entry of the base image.
    pub last_base_entry: Option<usize>,
    /// Which rule found it (`last-base-cmd`, `last-cmd-not-last`, `none`).
    pub rule: &'static str,
    /// Number of layers that belong to the base image.
    pub base_layers: usize,
}

impl Default for BaseGuess {
    fn default() -> BaseGuess {
        BaseGuess {
            last_base_entry: None,
            rule: "none",
            base_layers: 0,
        }
    }
}

/// Kind of a file system entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    File,
    Dir,
    Symlink,
    Hardlink,
    /// Character or block device, FIFO, or another tar type.
    Other,
    /// `.wh.NAME`: deletes `path` (the entry's path is the deleted path).
    Whiteout,
    /// `.wh..wh..opq`: hides everything lower layers put under `path` (the directory).
    OpaqueWhiteout,
}

/// Bytes kept from a file. Serialised as text (lossy UTF-8).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Content(pub Vec<u8>);

impl Content {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// The content as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }
}

impl fmt::Debug for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Content({} bytes)", self.0.len())
    }
}

impl Serialize for Content {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

/// One entry of a layer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    /// Normalised absolute path (`/etc/passwd`; the root is `/`). `..` is
    /// resolved lexically and never climbs above `/`.
    pub path: String,
    pub kind: FileKind,
    /// Permission and type bits as in the tar header (`0o4755` has setuid).
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub size: u64,
    /// Symlink target (as written) or hardlink target (normalised path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Content of small files whose path matters (see `paths::wants_content`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Content>,
    /// The content was wanted but not kept in full (limits).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub content_truncated: bool,
    /// The raw tar path was absolute or contained `..` (a path that escapes
    /// when extracted naively).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unsafe_path: bool,
}

impl FileEntry {
    pub fn is_setuid(&self) -> bool {
        self.kind == FileKind::File && self.mode & 0o4000 != 0
    }
    pub fn is_setgid(&self) -> bool {
        self.kind == FileKind::File && self.mode & 0o2000 != 0
    }
    pub fn is_world_writable(&self) -> bool {
        matches!(self.kind, FileKind::File | FileKind::Dir) && self.mode & 0o002 != 0
    }
}

/// One layer, in the order the image applies them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Layer {
    pub index: usize,
    /// Digest of the blob as stored (OCI manifests); `None` for legacy archives.
    pub digest: Option<String>,
    /// Digest of the uncompressed tar, from the config's `rootfs.diff_ids`.
    pub diff_id: Option<String>,
    pub media_type: Option<String>,
    /// Path of the layer inside the archive.
    pub archive_path: Option<String>,
    pub compression: Option<Compression>,
    /// Bytes in the archive (or the size the manifest gives).
    pub compressed_size: u64,
    /// Bytes of the layer's tar stream, as far as it was read.
    pub uncompressed_size: u64,
    /// Sum of the sizes of regular files in the layer.
    pub files_size: u64,
    /// Entries seen (including those not kept).
    pub entry_count: u64,
    /// History entry that made this layer.
    pub history: Option<usize>,
    pub entries: Vec<FileEntry>,
    /// Not all of the layer was read or kept (see `notes`).
    pub truncated: bool,
    /// The layer was referenced but is not in the archive.
    pub missing: bool,
    pub notes: Vec<Note>,
}

/// Where a path of the final file system comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FsRef {
    pub layer: usize,
    pub entry: usize,
}

/// Why an entry of a layer is not in the final file system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HiddenBy {
    /// A whiteout, an opaque directory, or a replaced parent removed it.
    Deleted,
    /// A later entry with the same path replaced it.
    Replaced,
}

/// An entry a lower layer still holds but the final file system does not show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hidden {
    pub path: String,
    pub layer: usize,
    pub entry: usize,
    pub size: u64,
    pub kind: FileKind,
    pub by_layer: usize,
    pub how: HiddenBy,
}

/// The merged file system after applying all layers and whiteouts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FileSystem {
    pub files: BTreeMap<String, FsRef>,
    /// Entries of lower layers deleted or replaced by later ones.
    pub hidden: Vec<Hidden>,
}

/// Size figures of one layer, like Dive's layer view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LayerStats {
    pub layer: usize,
    /// Sum of regular file sizes in the layer.
    pub size: u64,
    /// Paths not present before this layer.
    pub added: u64,
    /// Paths (not directories) present before and replaced by this layer.
    pub changed: u64,
    /// Paths of lower layers this layer deleted (whiteouts, opaque dirs).
    pub removed: u64,
    /// Bytes of lower-layer files this layer deleted or replaced.
    pub removed_bytes: u64,
    /// Bytes of this layer's files that later layers delete or replace.
    pub wasted_bytes: u64,
}

/// Efficiency of the image, like Dive's score.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Efficiency {
    /// Sum of regular file sizes over all layers.
    pub total_bytes: u64,
    /// Bytes of files that a later layer deletes or replaces.
    pub wasted_bytes: u64,
    /// `1 - wasted / total` (1.0 for an empty image).
    pub score: f64,
}

/// `/etc/os-release` (or `/usr/lib/os-release`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OsRelease {
    pub id: Option<String>,
    pub version_id: Option<String>,
    pub pretty_name: Option<String>,
    pub name: Option<String>,
    pub version_codename: Option<String>,
    pub id_like: Option<String>,
    /// Where it was read from.
    pub path: String,
    /// All fields, in order.
    pub fields: Vec<(String, String)>,
}

/// Everything read from one image.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Image {
    pub source: Option<SourceKind>,
    /// The platform of the image read (picked from an index, or from the config).
    pub platform: Option<Platform>,
    /// Platforms an index offered (with their manifests present in the archive).
    pub platforms_available: Vec<Platform>,
    /// Image ID (`Id`, or the config digest of an archive).
    pub id: Option<String>,
    pub repo_tags: Vec<String>,
    pub repo_digests: Vec<String>,
    pub created: Option<String>,
    pub author: Option<String>,
    pub config: ImageConfig,
    pub history: Vec<HistoryEntry>,
    pub base: BaseGuess,
    /// `rootfs.diff_ids` / `RootFS.Layers`.
    pub diff_ids: Vec<String>,
    /// Layers with their files (archives only).
    pub layers: Vec<Layer>,
    pub filesystem: FileSystem,
    pub layer_stats: Vec<LayerStats>,
    pub efficiency: Efficiency,
    pub os_release: Option<OsRelease>,
    pub container: Option<ContainerInfo>,
    pub notes: Vec<Note>,
    pub stats: ReadStats,
}

impl Image {
    /// The entry at `path` in the final file system.
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        let r = self.filesystem.files.get(path)?;
        self.entry(*r)
    }

    pub fn entry(&self, r: FsRef) -> Option<&FileEntry> {
        self.layers.get(r.layer)?.entries.get(r.entry)
    }

    /// The content of the regular file reached from `path` in the final file
    /// system, following symlinks and hardlinks (at most 16 hops; loops give `None`).
    pub fn file_content(&self, path: &str) -> Option<&Content> {
        let mut cur = super::paths::normalise_str(path);
        for _ in 0..16 {
            let e = self.file(&cur)?;
            match e.kind {
                FileKind::File => return e.content.as_ref(),
                FileKind::Symlink => {
                    let target = e.link.as_deref()?;
                    cur = super::paths::resolve_link(&cur, target);
                }
                FileKind::Hardlink => cur = e.link.clone()?,
                _ => return None,
            }
        }
        None
    }

    /// Entries of lower layers that a later layer deleted (not replaced):
    /// the place to look for "secret removed but still in the image".
    pub fn deleted_but_present(&self) -> impl Iterator<Item = (&Hidden, &FileEntry)> {
        self.filesystem
            .hidden
            .iter()
            .filter(|h| h.how == HiddenBy::Deleted)
            .filter_map(|h| {
                let e = self.entry(FsRef {
                    layer: h.layer,
                    entry: h.entry,
                })?;
                Some((h, e))
            })
    }

    /// Whether any part of the read was cut short by a limit or an error.
    pub fn is_partial(&self) -> bool {
        self.layers.iter().any(|l| l.truncated || l.missing)
            || self
                .notes
                .iter()
                .any(|n| matches!(n.kind, NoteKind::Skipped | NoteKind::Truncated))
    }
}
