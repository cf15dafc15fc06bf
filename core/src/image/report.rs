//! The layer report: per layer its size, the instruction that made it, the
//! files it adds, changes and removes, and the bytes wasted by files a later
//! layer deletes or replaces; the image's efficiency; its distribution.
//! A pure renderer: [`layer_report`] builds the data (serialisable, for
//! `--format json`), [`render_text`] the table for people.

use std::fmt::Write;

use serde::Serialize;

use super::model::{HiddenBy, Image};

/// The distribution, from `/etc/os-release`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OsSummary {
    pub id: Option<String>,
    pub version_id: Option<String>,
    pub pretty_name: Option<String>,
    pub version_codename: Option<String>,
}

impl OsSummary {
    /// `Debian GNU/Linux 12 (bookworm)`, else `debian 12`.
    pub fn display(&self) -> String {
        if let Some(p) = &self.pretty_name {
            return p.clone();
        }
        [self.id.as_deref(), self.version_id.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One layer's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerRow {
    pub index: usize,
    /// `rootfs.diff_ids` entry (or the blob digest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Sum of the regular files' sizes.
    pub size: u64,
    /// Bytes in the archive.
    pub stored_size: u64,
    /// The instruction that made the layer, as history records it (shortened).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instruction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<usize>,
    pub in_base_image: bool,
    pub added: u64,
    pub changed: u64,
    pub removed: u64,
    /// Bytes of lower layers this layer deletes or replaces.
    pub removed_bytes: u64,
    /// Bytes of this layer's files that later layers delete or replace.
    pub wasted_bytes: u64,
    /// The layer was not read in full, or is missing from the archive.
    pub incomplete: bool,
}

/// A file whose bytes are wasted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WastedFile {
    pub path: String,
    pub size: u64,
    pub layer: usize,
    pub by_layer: usize,
    /// `deleted` or `replaced`.
    pub how: HiddenBy,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<OsSummary>,
    /// Whether layer contents were read (a `docker save`/OCI archive).
    pub has_layer_contents: bool,
    pub layers: Vec<LayerRow>,
    pub total_bytes: u64,
    pub wasted_bytes: u64,
    /// `1 - wasted / total`, as Dive computes it (1 for an empty image).
    pub efficiency: f64,
    /// The largest wasted files, at most [`TOP_WASTED`].
    pub top_wasted: Vec<WastedFile>,
    /// What the reader skipped or cut short.
    pub notes: Vec<String>,
}

/// How many wasted files the report lists.
pub const TOP_WASTED: usize = 10;

/// The distribution of an image, if `/etc/os-release` was found.
pub fn os_summary(img: &Image) -> Option<OsSummary> {
    img.os_release.as_ref().map(|o| OsSummary {
        id: o.id.clone(),
        version_id: o.version_id.clone(),
        pretty_name: o.pretty_name.clone(),
        version_codename: o.version_codename.clone(),
    })
}

/// Builds the report of an image.
pub fn layer_report(img: &Image) -> LayerReport {
    let layers = img
        .layers
        .iter()
        .map(|l| {
            let stats = img.layer_stats.get(l.index);
            let entry = l.history.and_then(|h| img.history.get(h));
            LayerRow {
                index: l.index,
                digest: l.diff_id.clone().or_else(|| l.digest.clone()),
                size: l.files_size,
                stored_size: l.compressed_size,
                instruction: entry.map(|e| shown_instruction(&e.created_by)),
                history: l.history,
                in_base_image: entry.is_some_and(|e| e.in_base_image),
                added: stats.map_or(0, |s| s.added),
                changed: stats.map_or(0, |s| s.changed),
                removed: stats.map_or(0, |s| s.removed),
                removed_bytes: stats.map_or(0, |s| s.removed_bytes),
                wasted_bytes: stats.map_or(0, |s| s.wasted_bytes),
                incomplete: l.truncated || l.missing,
            }
        })
        .collect();
    let mut wasted: Vec<WastedFile> = img
        .filesystem
        .hidden
        .iter()
        .filter(|h| h.size > 0)
        .map(|h| WastedFile {
            path: h.path.clone(),
            size: h.size,
            layer: h.layer,
            by_layer: h.by_layer,
            how: h.how,
        })
        .collect();
    crate::sort::sort_by(&mut wasted, |a, b| {
        b.size
            .cmp(&a.size)
            .then(a.layer.cmp(&b.layer))
            .then(a.path.cmp(&b.path))
    });
    wasted.truncate(TOP_WASTED);
    let mut notes: Vec<String> = img.notes.iter().map(ToString::to_string).collect();
    for l in &img.layers {
        notes.extend(l.notes.iter().map(|n| format!("layer {}: {n}", l.index)));
    }
    LayerReport {
        id: img.id.clone(),
        tags: img.repo_tags.clone(),
        platform: img.platform.as_ref().map(ToString::to_string),
        os: os_summary(img),
        has_layer_contents: !img.layers.is_empty(),
        layers,
        total_bytes: img.efficiency.total_bytes,
        wasted_bytes: img.efficiency.wasted_bytes,
        efficiency: img.efficiency.score,
        top_wasted: wasted,
        notes,
    }
}

/// A history entry as a reader would write it: no `/bin/sh -c #(nop)`
/// prefix, no `# buildkit` suffix, `RUN` before classic builder commands,
/// whitespace collapsed, at most 80 characters.
pub fn shown_instruction(created_by: &str) -> String {
    let t = created_by.trim();
    let t = t.strip_suffix("# buildkit").unwrap_or(t).trim();
    let t = t
        .strip_prefix("/bin/sh -c #(nop)")
        .map(|r| r.trim().to_string())
        .or_else(|| {
            (t.starts_with("/bin/sh -c ") || t.starts_with('|')).then(|| format!("RUN {t}"))
        })
        .unwrap_or_else(|| t.to_string());
    let collapsed: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    const MAX: usize = 80;
    if collapsed.chars().count() > MAX {
        let cut: String = collapsed.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        collapsed
    }
}

/// Bytes in decimal units, as Docker shows them: `10 B`, `1.0 kB`, `2.2 MB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1000.0;
    let mut unit = UNITS[0];
    for u in UNITS.iter().skip(1) {
        if v < 1000.0 {
            break;
        }
        v /= 1000.0;
        unit = u;
    }
    format!("{v:.1} {unit}")
}

fn short(d: &str) -> String {
    match d.split_once(':') {
        Some((_, hex)) => hex.get(..12).unwrap_or(hex).to_string(),
        None => d.get(..12).unwrap_or(d).to_string(),
    }
}

/// The report as a table for people.
pub fn render_text(r: &LayerReport) -> String {
    let mut s = String::new();
    let name = r
        .tags
        .first()
        .cloned()
        .or_else(|| r.id.as_deref().map(short))
        .unwrap_or_else(|| "image".to_string());
    let mut facts = Vec::new();
    if let Some(p) = &r.platform {
        facts.push(p.clone());
    }
    if let Some(os) = &r.os {
        facts.push(os.display());
    }
    if facts.is_empty() {
        let _ = writeln!(s, "Image {name}");
    } else {
        let _ = writeln!(s, "Image {name}: {}", facts.join(", "));
    }
    if !r.has_layer_contents {
        let _ = writeln!(
            s,
            "No layer contents: the input has no file system (give a `docker save` archive for sizes)."
        );
        return s;
    }
    let _ = writeln!(
        s,
        "{:>3}  {:>9}  {:>6}  {:>7}  {:>7}  {:>9}  {:<12}  Instruction",
        "#", "Size", "Added", "Changed", "Removed", "Wasted", "Digest"
    );
    for l in &r.layers {
        let mut instr = l.instruction.clone().unwrap_or_default();
        if l.in_base_image {
            instr.push_str("  (base image)");
        }
        if l.incomplete {
            instr.push_str("  (incomplete)");
        }
        let _ = writeln!(
            s,
            "{:>3}  {:>9}  {:>6}  {:>7}  {:>7}  {:>9}  {:<12}  {instr}",
            l.index,
            human_bytes(l.size),
            l.added,
            l.changed,
            l.removed,
            human_bytes(l.wasted_bytes),
            l.digest.as_deref().map(short).unwrap_or_default(),
        );
    }
    let _ = writeln!(
        s,
        "Total {}, wasted {}, efficiency {:.1}%",
        human_bytes(r.total_bytes),
        human_bytes(r.wasted_bytes),
        r.efficiency * 100.0
    );
    if !r.top_wasted.is_empty() {
        let _ = writeln!(s, "Largest wasted files:");
        for w in &r.top_wasted {
            let how = match w.how {
                HiddenBy::Deleted => "deleted",
                HiddenBy::Replaced => "replaced",
            };
            let _ = writeln!(
                s,
                "  {:>9}  {}  (layer {}, {how} in layer {})",
                human_bytes(w.size),
                w.path,
                w.layer,
                w.by_layer
            );
        }
    }
    for n in &r.notes {
        let _ = writeln!(s, "note: {n}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::sketch;

    #[test]
    fn rows_totals_and_wasted_files() {
        let img = sketch::parse(
            "FROM debian:12\n+ /etc/os-release = PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\\nID=debian\n\
             + /bin/ls size=100K\nRUN curl -o /tmp/x https://e/x\n+ /tmp/x size=300K\n\
             RUN rm /tmp/x\n- /tmp/x\n+ /bin/ls size=120K\n",
        )
        .unwrap();
        let r = layer_report(&img);
        assert_eq!(r.layers.len(), 3);
        assert!(r.layers[0].in_base_image && !r.layers[1].in_base_image);
        assert_eq!(
            r.layers[1].instruction.as_deref(),
            Some("RUN /bin/sh -c curl -o /tmp/x https://e/x")
        );
        assert_eq!(r.layers[1].wasted_bytes, 300 * 1024);
        assert_eq!(r.layers[2].removed, 1);
        assert_eq!(r.layers[2].changed, 1);
        assert_eq!(r.wasted_bytes, 400 * 1024);
        assert_eq!(r.top_wasted[0].path, "/tmp/x");
        assert_eq!(r.top_wasted[0].how, HiddenBy::Deleted);
        assert_eq!(r.top_wasted[1].how, HiddenBy::Replaced);
        assert_eq!(
            r.os.as_ref().map(OsSummary::display).as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
        let text = render_text(&r);
        assert!(
            text.starts_with("Image image: Debian GNU/Linux 12 (bookworm)\n"),
            "{text}"
        );
        assert!(text.contains("(base image)"));
        assert!(
            text.contains("  307.2 kB  /tmp/x  (layer 1, deleted in layer 2)"),
            "{text}"
        );
        assert!(text.contains("efficiency "));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["layers"][1]["wastedBytes"], 300 * 1024);
        assert_eq!(json["os"]["id"], "debian");
    }

    #[test]
    fn sizes_and_instructions() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1000), "1.0 kB");
        assert_eq!(human_bytes(2_200_000), "2.2 MB");
        assert_eq!(human_bytes(3_000_000_000), "3.0 GB");
        assert_eq!(
            shown_instruction("/bin/sh -c #(nop)  CMD [\"bash\"]"),
            "CMD [\"bash\"]"
        );
        assert_eq!(
            shown_instruction("|1 A=b /bin/sh -c make"),
            "RUN |1 A=b /bin/sh -c make"
        );
    }
}
