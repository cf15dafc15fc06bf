//! An in-process LSP client for the server's tower service: requests go to
//! the service, and what the server sends (notifications and requests) is
//! collected from its socket. Requests from the server are answered
//! (`workspace/configuration` with the settings set in `config_reply`).

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use shipshape_lsp::{build_service, Backend};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;

/// A message the server sent.
#[derive(Clone, Debug)]
pub struct Sent {
    pub method: String,
    pub params: Value,
}

pub struct Client {
    pub service: LspService<Backend>,
    rx: mpsc::UnboundedReceiver<Sent>,
    next_id: i64,
    pub config_reply: Arc<Mutex<Value>>,
    pub encoding: &'static str,
}

/// Capabilities of a push-diagnostics client that offers UTF-8 positions.
pub fn utf8_push_caps() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "workspace": {"workspaceEdit": {"documentChanges": true}, "configuration": true,
                      "didChangeWatchedFiles": {"dynamicRegistration": true}}
    })
}

/// Capabilities of a UTF-16-only push client without versioned edits.
pub fn utf16_push_caps() -> Value {
    json!({})
}

/// Capabilities like VS Code's: pull diagnostics with refresh, UTF-16.
pub fn pull_caps() -> Value {
    json!({
        "textDocument": {"diagnostic": {"dynamicRegistration": false, "relatedDocumentSupport": false}},
        "workspace": {"diagnostics": {"refreshSupport": true}, "workspaceEdit": {"documentChanges": true},
                      "configuration": true}
    })
}

impl Client {
    pub async fn start(capabilities: Value, init_options: Option<Value>) -> (Client, Value) {
        Client::start_with(capabilities, init_options, None).await
    }

    pub async fn start_with(
        capabilities: Value,
        init_options: Option<Value>,
        workspace_folders: Option<Value>,
    ) -> (Client, Value) {
        let (service, socket) = build_service();
        let (tx, rx) = mpsc::unbounded_channel();
        let config_reply = Arc::new(Mutex::new(Value::Null));
        let reply = config_reply.clone();
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(req) = requests.next().await {
                let (method, id, params) = req.into_parts();
                if let Some(id) = id {
                    let result = if method == "workspace/configuration" {
                        let v = reply.lock().map(|v| v.clone()).unwrap_or(Value::Null);
                        json!([v])
                    } else {
                        Value::Null
                    };
                    let _ = responses.send(Response::from_ok(id, result)).await;
                }
                let _ = tx.send(Sent {
                    method: method.to_string(),
                    params: params.unwrap_or(Value::Null),
                });
            }
        });
        let mut client = Client {
            service,
            rx,
            next_id: 0,
            config_reply,
            encoding: "utf-16",
        };
        let mut params = json!({"capabilities": capabilities});
        if let Some(o) = init_options {
            params["initializationOptions"] = o;
        }
        if let Some(f) = workspace_folders {
            params["workspaceFolders"] = f;
        }
        let result = client
            .request("initialize", params)
            .await
            .unwrap_or_else(|e| panic!("initialize failed: {e:?}"));
        if result["capabilities"]["positionEncoding"] == "utf-8" {
            client.encoding = "utf-8";
        }
        client.notify("initialized", json!({})).await;
        (client, result)
    }

    async fn call(&mut self, req: Request) -> Option<Response> {
        let svc = self
            .service
            .ready()
            .await
            .unwrap_or_else(|e| panic!("service not ready: {e}"));
        svc.call(req)
            .await
            .unwrap_or_else(|e| panic!("service failed: {e}"))
    }

    /// Sends a request; the result, or the error response's error.
    pub async fn request(&mut self, method: &'static str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let req = Request::build(method)
            .id(self.next_id)
            .params(params)
            .finish();
        let resp = self
            .call(req)
            .await
            .unwrap_or_else(|| panic!("no response to {method}"));
        let (_, body) = resp.into_parts();
        body.map_err(|e| serde_json::to_value(e).unwrap_or(Value::Null))
    }

    pub async fn notify(&mut self, method: &'static str, params: Value) {
        let req = Request::build(method).params(params).finish();
        let resp = self.call(req).await;
        assert!(resp.is_none(), "a notification got a response: {resp:?}");
    }

    /// The next message with this method (others are skipped); waits at
    /// most 10 s so a missing message fails the test instead of hanging it.
    pub async fn expect(&mut self, method: &str) -> Value {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(10), self.rx.recv()).await;
            match next {
                Ok(Some(m)) if m.method == method => return m.params,
                Ok(Some(_)) => continue,
                Ok(None) => panic!("the server closed its socket while we waited for {method}"),
                Err(_) => panic!("no {method} within 10 s"),
            }
        }
    }

    /// Everything the server sent so far (without waiting).
    pub fn drain(&mut self) -> Vec<Sent> {
        let mut out = Vec::new();
        while let Ok(m) = self.rx.try_recv() {
            out.push(m);
        }
        out
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.open_as(uri, "dockerfile", 1, text).await;
    }

    pub async fn open_as(&mut self, uri: &str, language: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// The next `publishDiagnostics` for `uri`.
    pub async fn diagnostics_for(&mut self, uri: &str) -> Value {
        loop {
            let p = self.expect("textDocument/publishDiagnostics").await;
            if p["uri"] == uri {
                return p;
            }
        }
    }

    /// Pulls diagnostics (`textDocument/diagnostic`); the items.
    pub async fn pull(&mut self, uri: &str) -> Vec<Value> {
        let r = self
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri}}),
            )
            .await
            .unwrap_or_else(|e| panic!("pull failed: {e}"));
        assert_eq!(r["kind"], "full", "{r}");
        r["items"].as_array().cloned().unwrap_or_default()
    }

    pub async fn code_actions(
        &mut self,
        uri: &str,
        range: Value,
        only: Option<Value>,
    ) -> Vec<Value> {
        let mut context = json!({"diagnostics": []});
        if let Some(o) = only {
            context["only"] = o;
        }
        let r = self
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
            )
            .await
            .unwrap_or_else(|e| panic!("codeAction failed: {e}"));
        r.as_array().cloned().unwrap_or_default()
    }

    pub fn server_text(&self, uri: &str) -> Option<(String, i32)> {
        self.service.inner().document(uri)
    }
}

pub fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// The byte offset of an LSP position, counting columns in `encoding`
/// (written independently of the server's conversion, to check it). Lines
/// end at `\n`, `\r\n` or a lone `\r`; a column past the end of its line
/// means the end of the line; one inside a character means its start.
pub fn offset_of(text: &str, pos: &Value, encoding: &str) -> usize {
    let line = pos["line"].as_u64().unwrap_or(0) as usize;
    let col = pos["character"].as_u64().unwrap_or(0) as usize;
    // (start, end without terminator) of every line
    let mut lines = Vec::new();
    let b = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, text.len()));
    let Some(&(start, end)) = lines.get(line) else {
        return text.len();
    };
    let mut units = 0;
    for (i, ch) in text[start..end].char_indices() {
        let len = if encoding == "utf-8" {
            ch.len_utf8()
        } else {
            ch.len_utf16()
        };
        if col < units + len {
            return start + i;
        }
        units += len;
    }
    end
}

/// Applies a workspace edit for `uri` to `text` (both `changes` and
/// `documentChanges` forms).
pub fn apply_workspace_edit(text: &str, edit: &Value, uri: &str, encoding: &str) -> String {
    let mut edits: Vec<Value> = Vec::new();
    if let Some(changes) = edit["changes"][uri].as_array() {
        edits.extend(changes.iter().cloned());
    }
    if let Some(docs) = edit["documentChanges"].as_array() {
        for d in docs {
            if d["textDocument"]["uri"] == uri {
                edits.extend(d["edits"].as_array().cloned().unwrap_or_default());
            }
        }
    }
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset_of(text, &e["range"]["start"], encoding),
                offset_of(text, &e["range"]["end"], encoding),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// The action with this title.
pub fn action<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:#?}"))
}

/// `initializationOptions` that turn on only these rules, so a test sees
/// the findings it is about however many rules are on by default.
pub fn only(rules: &[&str]) -> Option<Value> {
    Some(json!({ "select": rules }))
}

/// A base image line no default rule reports: pinned by digest, and known
/// to run as a non-root user. For tests whose settings change mid-way
/// (a settings change replaces `select`).
pub const CLEAN_FROM: &str = "FROM gcr.io/distroless/static:nonroot@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
