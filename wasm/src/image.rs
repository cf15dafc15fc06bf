//! Image facts for the page: a compact, camelCase summary of what
//! `shipshape_core::image` read (file lists are reduced to counts and the
//! few entries worth showing).
//! [`check`] also runs the image rules over it (`shipshape_core::engine::check_image`).

use std::io::Read;

use serde::{Deserialize, Serialize};
use shipshape_core::image::{
    read_image, FileKind, Image, ImageError, Note, NoteKind, Platform, ReadOptions, ReadStats,
};

use crate::api::{ApiError, Options};
use shipshape_core::checklist::{self, ChecklistReport};
use shipshape_core::engine::check_image;
use shipshape_core::rule::RuleMeta;
use shipshape_core::{rules, Severity};

/// `ImageOptions` in the TypeScript definitions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageOptions {
    /// `os/arch[/variant]` to pick from a multi-platform archive.
    pub platform: Option<String>,
    /// `name:tag` to pick from an archive holding several images.
    pub image: Option<String>,
}

impl ImageOptions {
    fn read_options(&self) -> Result<ReadOptions, ApiError> {
        let platform = match &self.platform {
            Some(p) if !p.trim().is_empty() => Some(Platform::parse(p).ok_or_else(|| {
                ApiError::msg(format!(
                    "platform `{p}`: expected os/arch[/variant], e.g. linux/arm64"
                ))
            })?),
            _ => None,
        };
        Ok(ReadOptions {
            platform,
            image: self.image.clone().filter(|s| !s.trim().is_empty()),
            ..ReadOptions::default()
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigFacts {
    pub user: Option<String>,
    pub env: Vec<[String; 2]>,
    pub exposed_ports: Vec<String>,
    pub volumes: Vec<String>,
    pub labels: Vec<[String; 2]>,
    /// The healthcheck test (`["NONE"]` disables it); `None`: not set.
    pub healthcheck: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub working_dir: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryFacts {
    pub created_by: String,
    pub empty_layer: bool,
    pub in_base_image: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerFacts {
    pub index: usize,
    pub digest: Option<String>,
    pub compressed_size: u64,
    pub files_size: u64,
    pub entry_count: u64,
    pub truncated: bool,
    pub missing: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteFacts {
    pub kind: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsFacts {
    pub input_bytes: u64,
    pub archive_entries: u64,
    pub layer_entries: u64,
    pub files_kept: u64,
}

/// `ImageFacts` in the TypeScript definitions.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageFacts {
    /// `inspect`, `container`, `config`, `docker-archive` or `oci-archive`.
    pub source: Option<&'static str>,
    pub platform: Option<String>,
    pub id: Option<String>,
    pub repo_tags: Vec<String>,
    pub created: Option<String>,
    pub os: Option<String>,
    pub config: ConfigFacts,
    pub history: Vec<HistoryFacts>,
    pub layers: Vec<LayerFacts>,
    /// Paths in the final file system.
    pub file_count: usize,
    /// setuid/setgid regular files in the final file system (at most 50).
    pub setuid_files: Vec<String>,
    pub efficiency_score: f64,
    pub wasted_bytes: u64,
    pub notes: Vec<NoteFacts>,
    pub stats: StatsFacts,
}

fn pairs(v: &[(String, String)]) -> Vec<[String; 2]> {
    v.iter().map(|(k, x)| [k.clone(), x.clone()]).collect()
}

fn note(n: &Note) -> NoteFacts {
    let kind = match n.kind {
        NoteKind::Skipped => "skipped",
        NoteKind::Truncated => "truncated",
        NoteKind::Warning => "warning",
    };
    NoteFacts {
        kind,
        message: n.message.clone(),
    }
}

fn stats(s: &ReadStats) -> StatsFacts {
    StatsFacts {
        input_bytes: s.input_bytes,
        archive_entries: s.archive_entries,
        layer_entries: s.layer_entries,
        files_kept: s.files_kept,
    }
}

pub fn facts(img: &Image) -> ImageFacts {
    let c = &img.config;
    let mut setuid_files: Vec<String> = img
        .filesystem
        .files
        .iter()
        .filter_map(|(path, r)| {
            let e = img.entry(*r)?;
            (e.kind == FileKind::File && (e.is_setuid() || e.is_setgid())).then(|| path.clone())
        })
        .take(50)
        .collect();
    shipshape_core::sort::sort_by(&mut setuid_files, |a, b| a.cmp(b));
    let mut notes: Vec<NoteFacts> = img.notes.iter().map(note).collect();
    for l in &img.layers {
        notes.extend(l.notes.iter().map(note));
    }
    ImageFacts {
        source: img.source.map(|s| s.as_str()),
        platform: img.platform.as_ref().map(ToString::to_string),
        id: img.id.clone(),
        repo_tags: img.repo_tags.clone(),
        created: img.created.clone(),
        os: img
            .os_release
            .as_ref()
            .and_then(|o| o.pretty_name.clone().or_else(|| o.id.clone())),
        config: ConfigFacts {
            user: c.user.clone(),
            env: pairs(&c.env),
            exposed_ports: c.exposed_ports.clone(),
            volumes: c.volumes.clone(),
            labels: pairs(&c.labels),
            healthcheck: c.healthcheck.as_ref().map(|h| h.test.clone()),
            cmd: c.cmd.clone(),
            entrypoint: c.entrypoint.clone(),
            working_dir: c.working_dir.clone(),
        },
        history: img
            .history
            .iter()
            .map(|h| HistoryFacts {
                created_by: h.created_by.clone(),
                empty_layer: h.empty_layer,
                in_base_image: h.in_base_image,
            })
            .collect(),
        layers: img
            .layers
            .iter()
            .map(|l| LayerFacts {
                index: l.index,
                digest: l.digest.clone().or_else(|| l.diff_id.clone()),
                compressed_size: l.compressed_size,
                files_size: l.files_size,
                entry_count: l.entry_count,
                truncated: l.truncated,
                missing: l.missing,
            })
            .collect(),
        file_count: img.filesystem.files.len(),
        setuid_files,
        efficiency_score: img.efficiency.score,
        wasted_bytes: img.efficiency.wasted_bytes,
        notes,
        stats: stats(&img.stats),
    }
}

fn image_error(e: &ImageError) -> ApiError {
    ApiError::msg(e.to_string())
}

/// Reads an image from any reader (bytes, text, or chunks pulled from JS).
pub fn read_facts(input: impl Read, options: &ImageOptions) -> Result<ImageFacts, ApiError> {
    let opts = options.read_options()?;
    let img = read_image(input, &opts).map_err(|e| image_error(&e))?;
    Ok(facts(&img))
}

/// `ImageDiagnostic` in the TypeScript definitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where in the image: `config.User`, `history[4]: RUN …`, a layer and path.
    pub location: Option<String>,
    pub url: String,
}

/// `ImageCheckResult` in the TypeScript definitions.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageCheckResult {
    pub facts: ImageFacts,
    pub diagnostics: Vec<ImageDiagnostic>,
    /// The container security checklist judged by the image checks.
    pub checklist: ChecklistReport,
    pub unknown_selectors: Vec<String>,
}

/// Reads an image and checks it with the image rules.
pub fn check(
    input: impl Read,
    image_options: &ImageOptions,
    options: &Options,
) -> Result<ImageCheckResult, ApiError> {
    let (settings, unknown_selectors) = options.settings()?;
    let opts = image_options.read_options()?;
    let img = read_image(input, &opts).map_err(|e| image_error(&e))?;
    let diags = check_image(&img, &settings);
    Ok(ImageCheckResult {
        facts: facts(&img),
        checklist: checklist::report(checklist::Input::Image, &settings, &diags),
        diagnostics: diags
            .iter()
            .map(|d| ImageDiagnostic {
                code: d.code,
                name: d.name,
                severity: d.severity,
                message: d.message.clone(),
                location: d.location.clone(),
                url: rules::find(d.code).map(RuleMeta::url).unwrap_or_default(),
            })
            .collect(),
        unknown_selectors,
    })
}

/// Reads an image and returns only its checklist report (`checklistImage`).
pub fn checklist_only(
    input: impl Read,
    image_options: &ImageOptions,
    options: &Options,
) -> Result<ChecklistReport, ApiError> {
    check(input, image_options, options).map(|r| r.checklist)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{"architecture":"amd64","os":"linux",
        "config":{"User":"app","Env":["PATH=/usr/bin","A=b"],"ExposedPorts":{"8080/tcp":{}},
                  "Cmd":["/app"],"Labels":{"x":"y"}},
        "history":[{"created_by":"/bin/sh -c #(nop) ADD file:abc in / "},
                   {"created_by":"/bin/sh -c #(nop)  CMD [\"sh\"]","empty_layer":true}],
        "rootfs":{"type":"layers","diff_ids":["sha256:aa"]}}"#;

    #[test]
    fn config_json_gives_its_facts() {
        let f = read_facts(CONFIG.as_bytes(), &ImageOptions::default()).unwrap();
        assert_eq!(f.source, Some("config"));
        assert_eq!(f.config.user.as_deref(), Some("app"));
        assert_eq!(f.config.exposed_ports, ["8080/tcp"]);
        assert_eq!(f.config.env[1], ["A".to_string(), "b".to_string()]);
        assert_eq!(f.history.len(), 2);
        assert_eq!(f.platform.as_deref(), Some("linux/amd64"));
    }

    #[test]
    fn image_rules_report_on_the_config() {
        let root = r#"{"architecture":"amd64","os":"linux","config":{"Env":["A=b"]}}"#;
        let r = check(
            root.as_bytes(),
            &ImageOptions::default(),
            &Options::default(),
        )
        .unwrap();
        assert_eq!(r.facts.source, Some("config"));
        assert!(!r.diagnostics.is_empty());
        assert!(r
            .diagnostics
            .iter()
            .all(|d| d.location.is_some() && !d.url.is_empty()));
        // Findings fail the checklist items their rules list.
        for d in &r.diagnostics {
            let meta = rules::find(d.code).unwrap();
            for c in meta.checklist {
                let item = r.checklist.item(c.id()).unwrap();
                assert_eq!(item.verdict, checklist::Verdict::Failed);
                assert!(
                    item.findings
                        .iter()
                        .any(|f| f.code == d.code && f.location == d.location),
                    "{} {}",
                    d.code,
                    c.id()
                );
            }
        }
        assert_eq!(
            checklist_only(
                root.as_bytes(),
                &ImageOptions::default(),
                &Options::default()
            )
            .unwrap(),
            r.checklist
        );
        let quiet = Options {
            ignore: r.diagnostics.iter().map(|d| d.code.to_string()).collect(),
            ..Options::default()
        };
        let r = check(root.as_bytes(), &ImageOptions::default(), &quiet).unwrap();
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn bad_inputs_are_errors_with_a_message() {
        let e = read_facts(&b"hello"[..], &ImageOptions::default()).unwrap_err();
        assert!(e.to_string().contains("not an image"), "{e}");
        let e = read_facts(&b"{\"a\":"[..], &ImageOptions::default()).unwrap_err();
        assert!(e.to_string().contains("not valid JSON"), "{e}");
        let o = ImageOptions {
            platform: Some("/".into()),
            ..ImageOptions::default()
        };
        assert!(read_facts(CONFIG.as_bytes(), &o).is_err());
    }
}
