//! The language server: LSP requests and notifications on top of the
//! document store, the settings and the analysis helpers.
//!
//! Ordering: handlers may run concurrently (tower-lsp-server polls up to four
//! at once), but each notification updates the store before its first
//! `.await`, and messages are first polled in arrival order, so changes
//! apply in order. Diagnostics are published under one lock, from the
//! latest text only: a handler whose version was superseded publishes
//! nothing (the newer change's handler publishes).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;
use shipshape_core::diagnostic::Applicability;
use shipshape_core::syntax::line_index::Encoding;
use shipshape_core::Settings;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::analysis::{self, Analysis};
use crate::config::{self, EditorSettings};
use crate::convert::{self, Text};
use crate::document::{Document, Rejected, Store};
use crate::features::{self, EditCaps};

#[path = "workspace.rs"]
pub mod workspace;

/// Settings resolved for one project config file (or none).
#[derive(Debug)]
struct Resolved {
    settings: Settings,
    unsafe_fixes: bool,
    enable: bool,
}

/// What the client said it can do.
#[derive(Clone, Copy, Debug, Default)]
struct ClientCaps {
    /// The client pulls diagnostics (`textDocument/diagnostic`): do not push too,
    /// or it would show every finding twice.
    pulls: bool,
    versioned_edits: bool,
    diagnostic_refresh: bool,
    watch_dynamic: bool,
    configuration: bool,
}

#[derive(Debug)]
struct State {
    encoding: Encoding,
    docs: Store,
    editor: EditorSettings,
    roots: Vec<PathBuf>,
    caps: ClientCaps,
    edit_caps: EditCaps,
    /// Bumped when settings or config files change (part of pull result ids).
    generation: u64,
    config_of: HashMap<String, Option<PathBuf>>,
    resolved: HashMap<Option<PathBuf>, Arc<Resolved>>,
    /// Problems with the settings, to show once each.
    shown: HashSet<String>,
    pending_messages: Vec<String>,
    /// Check every Dockerfile in the workspace folders (`workspaceDiagnostics.enable`).
    workspace_diagnostics: bool,
}

impl State {
    fn new() -> Self {
        State {
            encoding: Encoding::Utf16,
            docs: Store::default(),
            editor: EditorSettings::default(),
            roots: Vec::new(),
            caps: ClientCaps::default(),
            edit_caps: EditCaps::default(),
            generation: 0,
            config_of: HashMap::new(),
            resolved: HashMap::new(),
            shown: HashSet::new(),
            pending_messages: Vec::new(),
            workspace_diagnostics: true,
        }
    }

    fn settings_changed(&mut self) {
        self.generation += 1;
        self.config_of.clear();
        self.resolved.clear();
    }

    fn resolved_for(&mut self, uri: &Uri) -> Arc<Resolved> {
        let key = uri.as_str().to_string();
        let config_path = match self.config_of.get(&key) {
            Some(c) => c.clone(),
            None => {
                let c = convert::file_path(uri)
                    .and_then(|p| config::find_project_config(&p, &self.roots));
                self.config_of.insert(key, c.clone());
                c
            }
        };
        if let Some(r) = self.resolved.get(&config_path) {
            return r.clone();
        }
        let eff = match &config_path {
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => config::project_settings(path, &text, &self.editor),
                Err(e) => {
                    let mut eff = self.editor.resolve_over(None, "");
                    eff.problems
                        .push(format!("cannot read {}: {e}", path.display()));
                    eff
                }
            },
            None => self.editor.resolve_over(None, ""),
        };
        for p in eff.problems {
            if self.shown.insert(p.clone()) {
                self.pending_messages.push(p);
            }
        }
        let r = Arc::new(Resolved {
            settings: eff.settings,
            unsafe_fixes: eff.unsafe_fixes,
            enable: self.editor.enable,
        });
        self.resolved.insert(config_path, r.clone());
        r
    }

    fn snapshot(&mut self, uri: &Uri) -> Option<Snapshot> {
        let doc = self.docs.get(uri.as_str())?.clone();
        let shared = self.resolved_for(uri);
        // Today's date and the document's build context (read from disk
        // each time: a .dockerignore may change without notice).
        let mut settings = shared.settings.clone();
        settings.today = crate::inputs::today();
        settings.build_context =
            convert::file_path(uri).and_then(|p| crate::inputs::build_context(&p));
        let resolved = Arc::new(Resolved {
            settings,
            unsafe_fixes: shared.unsafe_fixes,
            enable: shared.enable,
        });
        Some(Snapshot {
            uri: uri.clone(),
            doc,
            resolved,
            encoding: self.encoding,
            generation: self.generation,
        })
    }
}

/// A document as it was at one moment, with the settings for it.
struct Snapshot {
    uri: Uri,
    doc: Document,
    resolved: Arc<Resolved>,
    encoding: Encoding,
    generation: u64,
}

impl Snapshot {
    fn active(&self) -> bool {
        self.doc.checked && self.resolved.enable
    }

    fn text(&self) -> Text<'_> {
        Text::new(&self.doc.text, self.encoding)
    }

    fn analyze(&self) -> Result<Analysis> {
        analysis::analyze(&self.doc.text, &self.resolved.settings)
            .map_err(|p| convert::internal_error(format!("shipshape failed: {}", p.0)))
    }

    fn lsp_diagnostics(&self) -> Result<Vec<Diagnostic>> {
        if !self.active() {
            return Ok(Vec::new());
        }
        let a = self.analyze()?;
        let text = self.text();
        Ok(a.diagnostics
            .iter()
            .map(|d| convert::diagnostic(&text, &self.uri, d))
            .collect())
    }

    fn result_id(&self) -> String {
        format!("{}:{}", self.generation, self.doc.version)
    }
}

/// The shipshape language server.
pub struct Backend {
    client: Client,
    state: Mutex<State>,
    publish_lock: tokio::sync::Mutex<()>,
    shutdown: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            state: Mutex::new(State::new()),
            publish_lock: tokio::sync::Mutex::new(()),
            shutdown: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Set once `shutdown` was requested (the process then exits with 0 on `exit`).
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        self.shutdown.clone()
    }

    /// The server's text and version of an open document (for tests and
    /// embedders that want to check the store).
    pub fn document(&self, uri: &str) -> Option<(String, i32)> {
        self.state()
            .docs
            .get(uri)
            .map(|d| (d.text.clone(), d.version))
    }

    /// An open Dockerfile's text for the editing features (`None` for
    /// documents that are not Dockerfiles or not open).
    fn editing_doc(&self, uri: &Uri) -> Option<features::Doc> {
        let st = self.state();
        let doc = st.docs.get(uri.as_str()).filter(|d| d.checked)?;
        Some(features::Doc {
            text: doc.text.clone(),
            encoding: st.encoding,
            caps: st.edit_caps,
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn flush_messages(&self) {
        let messages = std::mem::take(&mut self.state().pending_messages);
        for m in messages {
            self.client
                .show_message(MessageType::WARNING, format!("shipshape settings: {m}"))
                .await;
        }
    }

    /// Publishes diagnostics for `uri` as of `version`, unless a newer
    /// version arrived (its own handler publishes then) or the client pulls.
    async fn publish(&self, uri: Uri, version: i32) {
        let _serial = self.publish_lock.lock().await;
        let (snap, pulls) = {
            let mut st = self.state();
            (st.snapshot(&uri), st.caps.pulls)
        };
        self.flush_messages().await;
        let Some(snap) = snap else { return };
        if pulls || snap.doc.version != version || !snap.doc.checked {
            return;
        }
        let diags = match snap.lsp_diagnostics() {
            Ok(d) => d,
            Err(e) => {
                self.client.log_message(MessageType::ERROR, e.message).await;
                return;
            }
        };
        let current = self.state().docs.get(uri.as_str()).map(|d| d.version);
        if current != Some(version) {
            return;
        }
        self.client
            .publish_diagnostics(uri, diags, Some(version))
            .await;
    }

    /// Re-checks every open document (after a settings or config change).
    async fn recheck_all(&self) {
        let (docs, caps) = {
            let st = self.state();
            let docs: Vec<(String, i32)> = st
                .docs
                .uris()
                .into_iter()
                .filter_map(|u| st.docs.get(&u).map(|d| (u, d.version)))
                .collect();
            (docs, st.caps)
        };
        if caps.pulls {
            if caps.diagnostic_refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            return;
        }
        for (uri, version) in docs {
            if let Ok(uri) = uri.parse::<Uri>() {
                self.publish(uri, version).await;
            }
        }
    }

    async fn apply_settings(&self, value: &Value) {
        let (editor, problems) = EditorSettings::from_json(value);
        {
            let mut st = self.state();
            st.editor = editor;
            st.settings_changed();
            for p in problems {
                if st.shown.insert(p.clone()) {
                    st.pending_messages.push(p);
                }
            }
        }
        self.flush_messages().await;
    }
}

fn client_caps(params: &InitializeParams) -> ClientCaps {
    let c = &params.capabilities;
    let td = c.text_document.as_ref();
    let ws = c.workspace.as_ref();
    ClientCaps {
        pulls: td.and_then(|t| t.diagnostic.as_ref()).is_some(),
        versioned_edits: ws
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        diagnostic_refresh: ws
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        watch_dynamic: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
    }
}

fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    match &params.workspace_folders {
        Some(folders) => folders
            .iter()
            .filter_map(|f| convert::file_path(&f.uri))
            .collect(),
        #[allow(deprecated)]
        None => params
            .root_uri
            .as_ref()
            .and_then(convert::file_path)
            .into_iter()
            .collect(),
    }
}

/// `workspace/executeCommand` `shipshape.checklist`: one argument, the URI of
/// an open document (a string, or an object with a `uri`); returns the
/// container security checklist report (`shipshape_core::checklist`) of the
/// document's current text with its settings.
pub const CHECKLIST_COMMAND: &str = "shipshape.checklist";

fn command_uri(args: &[Value]) -> Option<Uri> {
    let v = args.first()?;
    let s = v
        .as_str()
        .or_else(|| v.get("uri").and_then(Value::as_str))?;
    s.parse().ok()
}

fn overlaps(a: shipshape_core::Span, b: shipshape_core::Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = convert::negotiate_encoding(&params);
        {
            let mut st = self.state();
            st.encoding = encoding;
            st.caps = client_caps(&params);
            st.edit_caps = EditCaps::from_params(&params);
            st.roots = roots(&params);
            st.workspace_diagnostics =
                workspace::workspace_enabled(params.initialization_options.as_ref());
            if let Some(opts) = &params.initialization_options {
                let (editor, problems) = EditorSettings::from_json(opts);
                st.editor = editor;
                st.pending_messages.extend(problems);
            }
            st.settings_changed();
        }
        let workspace_pull = {
            let st = self.state();
            st.caps.pulls && st.workspace_diagnostics
        };
        let mut capabilities = ServerCapabilities {
            position_encoding: Some(convert::encoding_kind(encoding)),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                },
            )),
            diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("shipshape".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: workspace_pull,
                work_done_progress_options: Default::default(),
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, convert::fix_all_kind()]),
                resolve_provider: Some(false),
                work_done_progress_options: Default::default(),
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![CHECKLIST_COMMAND.to_string()],
                work_done_progress_options: Default::default(),
            }),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_range_formatting_provider: Some(OneOf::Left(true)),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..Default::default()
        };
        features::register(&mut capabilities);
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "shipshape".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.flush_messages().await;
        let caps = self.state().caps;
        if caps.watch_dynamic {
            let watchers = config::CONFIG_FILES
                .iter()
                .map(|name| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{name}")),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "shipshape-config-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            let mut registrations = vec![registration];
            registrations.extend(self.dockerfile_registration());
            if let Err(e) = self.client.register_capability(registrations).await {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("could not watch config files: {}", e.message),
                    )
                    .await;
            }
        }
        self.push_workspace().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let checked = analysis::is_dockerfile(
            convert::file_name(&td.uri).as_deref(),
            Some(td.language_id.as_str()),
        );
        self.state().docs.open(
            td.uri.as_str(),
            Document {
                text: td.text,
                version: td.version,
                language_id: td.language_id,
                checked,
            },
        );
        self.publish(td.uri, td.version).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let result = {
            let mut st = self.state();
            let encoding = st.encoding;
            let changes = params
                .content_changes
                .into_iter()
                .map(|c| (c.range, c.text))
                .collect();
            st.docs
                .change(uri.as_str(), version, changes, |src, r| {
                    convert::range_offsets(src, r, encoding)
                })
                .map(|_| ())
        };
        match result {
            Ok(()) => self.publish(uri, version).await,
            Err(Rejected::Stale { stored, got }) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!(
                            "ignored a change to {} for version {got}: version {stored} is newer",
                            uri.as_str()
                        ),
                    )
                    .await
            }
            Err(Rejected::NotOpen) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("ignored a change to {}: it is not open", uri.as_str()),
                    )
                    .await
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut st = self.state();
            st.docs.close(uri.as_str());
            st.config_of.remove(uri.as_str());
        }
        self.closed(uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = match &params.settings {
            Value::Null => None,
            Value::Object(m) if m.is_empty() => None,
            v => Some(v.clone()),
        };
        let value = match pushed {
            Some(v) => Some(v),
            None if self.state().caps.configuration => {
                let item = ConfigurationItem {
                    scope_uri: None,
                    section: Some("shipshape".to_string()),
                };
                self.client
                    .configuration(vec![item])
                    .await
                    .ok()
                    .and_then(|mut v| v.pop())
            }
            None => None,
        };
        if let Some(v) = value {
            self.apply_settings(&v).await;
        } else {
            self.state().settings_changed();
        }
        self.recheck_all().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.watched_files_changed(params).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut st = self.state();
            let removed: Vec<PathBuf> = params
                .event
                .removed
                .iter()
                .filter_map(|f| convert::file_path(&f.uri))
                .collect();
            st.roots.retain(|r| !removed.contains(r));
            st.roots.extend(
                params
                    .event
                    .added
                    .iter()
                    .filter_map(|f| convert::file_path(&f.uri)),
            );
            st.settings_changed();
        }
        self.recheck_all().await;
        self.push_workspace().await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let snap = self.state().snapshot(&params.text_document.uri);
        self.flush_messages().await;
        let Some(snap) = snap else {
            return Ok(convert::full_report("closed".to_string(), Vec::new()));
        };
        let id = snap.result_id();
        if params.previous_result_id.as_deref() == Some(id.as_str()) {
            return Ok(convert::unchanged_report(id));
        }
        Ok(convert::full_report(id, snap.lsp_diagnostics()?))
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        self.workspace_report(params).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format_document(&params.text_document.uri, None, &params.options)
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.format_document(
            &params.text_document.uri,
            Some(params.range),
            &params.options,
        )
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let (snap, versioned) = {
            let mut st = self.state();
            (
                st.snapshot(&params.text_document.uri),
                st.caps.versioned_edits,
            )
        };
        let Some(snap) = snap.filter(Snapshot::active) else {
            return Ok(None);
        };
        let analysis = snap.analyze()?;
        let text = snap.text();
        let src = snap.doc.text.as_str();
        let wanted = text.span(params.range);
        let only = params.context.only.as_deref();
        let edit = |edits: &[shipshape_core::Edit]| {
            convert::workspace_edit(&text, &snap.uri, snap.doc.version, edits, versioned)
        };
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();
        if convert::kind_wanted(only, &CodeActionKind::QUICKFIX) {
            let mut fixes = Vec::new();
            let mut ignores = Vec::new();
            let mut file_ignores = Vec::new();
            let mut file_codes: Vec<&str> = Vec::new();
            // The diagnostics under the requested range, and those the
            // client names in the context (matched by code and range on the
            // current text, so stale ones match nothing).
            let named: Vec<(&str, Range)> = params
                .context
                .diagnostics
                .iter()
                .filter_map(|d| convert::diagnostic_code(d).map(|c| (c, d.range)))
                .collect();
            let concerned = |d: &&shipshape_core::Diagnostic| {
                overlaps(d.span, wanted)
                    || named
                        .iter()
                        .any(|(c, r)| *c == d.code && *r == text.range(d.span))
            };
            for d in analysis.diagnostics.iter().filter(concerned) {
                let lsp_diag = convert::diagnostic(&text, &snap.uri, d);
                if let Some(fix) = &d.fix {
                    let safe = fix.applicability == Applicability::Safe;
                    let title = if safe {
                        fix.title.clone()
                    } else {
                        format!("{} (unsafe)", fix.title)
                    };
                    fixes.push(convert::code_action(
                        title,
                        CodeActionKind::QUICKFIX,
                        Some(vec![lsp_diag.clone()]),
                        edit(&fix.edits),
                        safe,
                    ));
                }
                if d.code == "SS002" {
                    continue;
                }
                if let Some(e) = analysis::ignore_instruction_edit(src, &analysis.file, d) {
                    ignores.push(convert::code_action(
                        format!("Ignore {} for this instruction", d.code),
                        CodeActionKind::QUICKFIX,
                        Some(vec![lsp_diag.clone()]),
                        edit(&[e]),
                        false,
                    ));
                }
                if !file_codes.contains(&d.code) {
                    file_codes.push(d.code);
                    let e = analysis::ignore_file_edit(src, &analysis.file, d.code);
                    file_ignores.push(convert::code_action(
                        format!("Ignore {} in this file", d.code),
                        CodeActionKind::QUICKFIX,
                        Some(vec![lsp_diag]),
                        edit(&[e]),
                        false,
                    ));
                }
            }
            actions.extend(fixes);
            actions.extend(ignores);
            actions.extend(file_ignores);
        }
        let fix_all = convert::fix_all_kind();
        if convert::kind_wanted(only, &fix_all) {
            let e =
                analysis::fix_all_edit(src, &snap.resolved.settings, snap.resolved.unsafe_fixes)
                    .map_err(|p| convert::internal_error(format!("shipshape failed: {}", p.0)))?;
            if let Some(e) = e {
                actions.push(convert::code_action(
                    "Fix all shipshape problems".to_string(),
                    fix_all,
                    None,
                    edit(&[e]),
                    false,
                ));
            }
        }
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        // Editing hover (instruction, flag, variable, stage) first, then
        // the rules reported under the cursor.
        let editing = match self.editing_doc(&p.text_document.uri) {
            Some(doc) => doc.hover(p.position)?,
            None => None,
        };
        let snap = self.state().snapshot(&p.text_document.uri);
        let mut parts: Vec<String> = editing.iter().map(|(m, _)| m.clone()).collect();
        let mut range = editing.map(|(_, r)| r);
        if let Some(snap) = snap.filter(Snapshot::active) {
            let analysis = snap.analyze()?;
            let text = snap.text();
            let offset = text.offset(p.position);
            let rules = analysis::rules_at(&snap.doc.text, &analysis, offset)
                .map_err(|p| convert::internal_error(format!("shipshape failed: {}", p.0)))?;
            if let Some((_, first_span)) = rules.first() {
                // The finding's range wins: it is what the rule text is about.
                range = Some(text.range(*first_span));
                let rule_parts: Vec<String> = rules
                    .iter()
                    .map(|(m, _)| shipshape_core::docs::rule_hover(m))
                    .collect();
                parts.splice(0..0, rule_parts);
            }
        }
        if parts.is_empty() {
            return Ok(None);
        }
        Ok(Some(convert::hover(parts.join("\n\n---\n\n"), range)))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        match self.editing_doc(&p.text_document.uri) {
            Some(doc) => doc.completion(p.position),
            None => Ok(None),
        }
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        match self.editing_doc(&p.text_document.uri) {
            Some(doc) => doc.definition(&p.text_document.uri, p.position),
            None => Ok(None),
        }
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        match self.editing_doc(&p.text_document.uri) {
            Some(doc) => doc.references(
                &p.text_document.uri,
                p.position,
                params.context.include_declaration,
            ),
            None => Ok(None),
        }
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let p = params.text_document_position_params;
        match self.editing_doc(&p.text_document.uri) {
            Some(doc) => doc.highlights(p.position),
            None => Ok(None),
        }
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        match self.editing_doc(&params.text_document.uri) {
            Some(doc) => doc.prepare_rename(params.position),
            None => Ok(None),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        match self.editing_doc(&p.text_document.uri) {
            Some(doc) => doc.rename(&p.text_document.uri, p.position, &params.new_name),
            None => Ok(None),
        }
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        match self.editing_doc(&params.text_document.uri) {
            Some(doc) => doc.symbols(),
            None => Ok(None),
        }
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        match self.editing_doc(&params.text_document.uri) {
            Some(doc) => doc.folds(),
            None => Ok(None),
        }
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        match self.editing_doc(&params.text_document.uri) {
            Some(doc) => doc.links(),
            None => Ok(None),
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        match self.editing_doc(&params.text_document.uri) {
            Some(doc) => doc.semantic_tokens(),
            None => Ok(None),
        }
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command != CHECKLIST_COMMAND {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let Some(uri) = command_uri(&params.arguments) else {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "shipshape.checklist takes the URI of an open document",
            ));
        };
        let snap = self.state().snapshot(&uri);
        self.flush_messages().await;
        let Some(snap) = snap else {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                "{} is not open",
                uri.as_str()
            )));
        };
        let analysis = snap.analyze()?;
        let report = shipshape_core::checklist::report(
            shipshape_core::checklist::Input::Dockerfile(&snap.doc.text),
            &snap.resolved.settings,
            &analysis.diagnostics,
        );
        serde_json::to_value(&report)
            .map(Some)
            .map_err(|e| convert::internal_error(format!("shipshape failed: {e}")))
    }
}
