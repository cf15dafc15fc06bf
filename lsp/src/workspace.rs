//! Workspace-wide diagnostics and formatting requests (a child module of
//! `server`, so it can reach the backend's state).
//!
//! Every Dockerfile under the workspace folders is checked, not only the
//! open ones: answered through `workspace/diagnostic` when the client pulls,
//! else pushed once after `initialized` and again whenever a watched
//! Dockerfile or config file changes. An open document's in-memory text
//! always wins over the file on disk. Discovery is the CLI's (Dockerfile,
//! `Dockerfile.*`, `*.Dockerfile`, `Containerfile*`), skipping `.git`,
//! `node_modules` and `target`, at most [`MAX_FILES`] files of at most
//! [`MAX_BYTES`] bytes each.

use std::path::{Path, PathBuf};

use serde_json::Value;
use shipshape_core::format::{format_parsed, FormatOptions};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{Backend, Snapshot};
use crate::analysis;
use crate::config;
use crate::convert::{self, Text};
use crate::document::Document;

/// At most this many Dockerfiles are checked per workspace.
pub const MAX_FILES: usize = 10_000;
/// Larger files are skipped.
pub const MAX_BYTES: u64 = 1 << 20;
/// Directories never searched.
const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target"];

/// Glob patterns of the files whose changes re-check the workspace.
pub const DOCKERFILE_GLOBS: &[&str] = &[
    "**/Dockerfile",
    "**/Dockerfile.*",
    "**/*.Dockerfile",
    "**/*.dockerfile",
    "**/Containerfile*",
];

/// Whether `workspaceDiagnostics.enable` (in the initialization options,
/// directly or under `shipshape`; nested or as a dotted key) is not false.
pub fn workspace_enabled(options: Option<&Value>) -> bool {
    let Some(v) = options else { return true };
    let section = match v.get("shipshape") {
        Some(inner @ Value::Object(_)) => inner,
        _ => v,
    };
    let nested = section
        .get("workspaceDiagnostics")
        .and_then(|w| w.get("enable"))
        .and_then(Value::as_bool);
    let dotted = section
        .get("workspaceDiagnostics.enable")
        .and_then(Value::as_bool);
    nested.or(dotted).unwrap_or(true)
}

/// Dockerfiles under `roots`, sorted, at most `cap` of them.
pub fn discover(roots: &[PathBuf], cap: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = roots.iter().rev().cloned().collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        let mut subdirs = Vec::new();
        for e in entries {
            let Ok(kind) = e.file_type() else { continue };
            let name = e.file_name();
            let name = name.to_string_lossy();
            if kind.is_dir() {
                if !SKIP_DIRS.contains(&name.as_ref()) {
                    subdirs.push(e.path());
                }
            } else if kind.is_file() && analysis::is_dockerfile(Some(&name), None) {
                if out.len() >= cap {
                    return out;
                }
                out.push(e.path());
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    out
}

/// Whether a path names a project config file.
pub fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| config::CONFIG_FILES.contains(&n))
}

/// A file's text if it is small enough and UTF-8.
fn read_small(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    String::from_utf8(std::fs::read(path).ok()?).ok()
}

/// A result id for a file on disk: changes with the settings generation,
/// the modification time and the size.
fn disk_result_id(generation: u64, path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Some(format!("disk:{generation}:{modified}:{}", meta.len()))
}

impl Backend {
    /// The workspace's Dockerfiles (when workspace diagnostics are on).
    fn workspace_files(&self) -> Vec<PathBuf> {
        let roots = {
            let st = self.state();
            if !st.workspace_diagnostics {
                return Vec::new();
            }
            st.roots.clone()
        };
        discover(&roots, MAX_FILES)
    }

    /// A snapshot of a file on disk, or of its open document.
    fn disk_snapshot(&self, uri: &Uri, path: &Path) -> Option<(Snapshot, bool)> {
        if let Some(s) = self.state().snapshot(uri) {
            return Some((s, true));
        }
        let text = read_small(path)?;
        let mut st = self.state();
        let resolved = st.resolved_for(uri);
        Some((
            Snapshot {
                uri: uri.clone(),
                doc: Document {
                    text,
                    version: 0,
                    language_id: "dockerfile".to_string(),
                    checked: true,
                },
                resolved,
                encoding: st.encoding,
                generation: st.generation,
            },
            false,
        ))
    }

    /// Publishes the diagnostics of a Dockerfile that is not open (from
    /// disk); an open one is left to its own handlers.
    pub(super) async fn publish_from_disk(&self, path: &Path) {
        let Some(uri) = Uri::from_file_path(path) else {
            return;
        };
        if self.state().docs.get(uri.as_str()).is_some() {
            return;
        }
        let diags = match self.disk_snapshot(&uri, path) {
            Some((snap, _)) => match snap.lsp_diagnostics() {
                Ok(d) => d,
                Err(e) => {
                    self.client.log_message(MessageType::ERROR, e.message).await;
                    return;
                }
            },
            // Deleted, too large or not text: nothing to show.
            None => Vec::new(),
        };
        let _serial = self.publish_lock.lock().await;
        if self.state().docs.get(uri.as_str()).is_some() {
            return;
        }
        self.client.publish_diagnostics(uri, diags, None).await;
    }

    /// Pushes diagnostics for every workspace Dockerfile that is not open
    /// (clients that do not pull).
    pub(super) async fn push_workspace(&self) {
        if self.state().caps.pulls {
            return;
        }
        for path in self.workspace_files() {
            self.publish_from_disk(&path).await;
        }
    }

    /// The watchers for Dockerfiles (config files are watched by the
    /// server already), registered with them in one request when workspace
    /// diagnostics are on.
    pub(super) fn dockerfile_registration(&self) -> Option<Registration> {
        if !self.state().workspace_diagnostics {
            return None;
        }
        let watchers = DOCKERFILE_GLOBS
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).to_string()),
                kind: None,
            })
            .collect();
        Some(Registration {
            id: "shipshape-dockerfiles".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        })
    }

    /// Handles watched-file changes: a config file re-checks everything
    /// (open documents and the workspace), a Dockerfile re-checks itself.
    pub(super) async fn watched_files_changed(&self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| convert::file_path(&c.uri))
            .collect();
        let config_changed = paths.is_empty() || paths.iter().any(|p| is_config_file(p));
        if config_changed {
            self.state().settings_changed();
            self.recheck_all().await;
        }
        let (pulls, refresh, on) = {
            let st = self.state();
            (
                st.caps.pulls,
                st.caps.diagnostic_refresh,
                st.workspace_diagnostics,
            )
        };
        if !on {
            return;
        }
        if pulls {
            if refresh && !config_changed {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            return;
        }
        if config_changed {
            self.push_workspace().await;
            return;
        }
        for p in paths {
            let name = p.file_name().and_then(|n| n.to_str()).map(str::to_string);
            if analysis::is_dockerfile(name.as_deref(), None) {
                self.publish_from_disk(&p).await;
            }
        }
    }

    /// After a document closes: its file's diagnostics from disk when it is
    /// a workspace Dockerfile, else none.
    pub(super) async fn closed(&self, uri: Uri) {
        let (pulls, on, roots) = {
            let st = self.state();
            (st.caps.pulls, st.workspace_diagnostics, st.roots.clone())
        };
        if pulls {
            return;
        }
        let path = convert::file_path(&uri);
        let in_workspace = path.as_ref().is_some_and(|p| {
            on && roots.iter().any(|r| p.starts_with(r))
                && analysis::is_dockerfile(convert::file_name(&uri).as_deref(), None)
                && p.is_file()
        });
        match path {
            Some(p) if in_workspace => self.publish_from_disk(&p).await,
            _ => {
                let _serial = self.publish_lock.lock().await;
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
    }

    /// `workspace/diagnostic`: a report for every workspace Dockerfile
    /// (unchanged ones as such, by result id).
    pub(super) async fn workspace_report(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: std::collections::HashMap<String, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri.as_str().to_string(), p.value))
            .collect();
        let mut items = Vec::new();
        for path in self.workspace_files() {
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            let open = self.state().snapshot(&uri);
            let (id, version) = match &open {
                Some(s) => (Some(s.result_id()), Some(i64::from(s.doc.version))),
                None => (disk_result_id(self.state().generation, &path), None),
            };
            let Some(id) = id else { continue };
            if previous.get(uri.as_str()) == Some(&id) {
                items.push(WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id: id,
                        },
                    },
                ));
                continue;
            }
            let snap = match open {
                Some(s) => s,
                None => match self.disk_snapshot(&uri, &path) {
                    Some((s, _)) => s,
                    None => continue,
                },
            };
            let diags = snap.lsp_diagnostics()?;
            items.push(WorkspaceDocumentDiagnosticReport::Full(
                WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(id),
                        items: diags,
                    },
                },
            ));
        }
        self.flush_messages().await;
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }

    /// `textDocument/formatting` and `textDocument/rangeFormatting`.
    pub(super) fn format_document(
        &self,
        uri: &Uri,
        range: Option<Range>,
        options: &FormattingOptions,
    ) -> Result<Option<Vec<TextEdit>>> {
        let snap = self.state().snapshot(uri);
        let Some(snap) = snap.filter(|s| s.doc.checked) else {
            return Ok(None);
        };
        let opts = FormatOptions {
            indent: if options.insert_spaces {
                (options.tab_size as usize).min(16)
            } else {
                FormatOptions::default().indent
            },
        };
        let text = Text::new(&snap.doc.text, snap.encoding);
        let src = snap.doc.text.as_str();
        let span = range.map(|r| text.span(r));
        let edits = analysis::guard(|| {
            let file = shipshape_core::parse(src);
            format_parsed(src, &file, span, &opts)
        })
        .map_err(|p| convert::internal_error(format!("shipshape failed: {}", p.0)))?;
        Ok(Some(
            edits.iter().map(|e| convert::text_edit(&text, e)).collect(),
        ))
    }
}
