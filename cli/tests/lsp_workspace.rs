//! Workspace diagnostics (push on startup, pull, watched files) and
//! formatting, driving the real `shipshape lsp` over stdio.

use serde_json::{json, Value};

#[path = "support/lsp.rs"]
mod lsp;
use lsp::{range, Server};

/// A base image line no default rule reports (pinned by digest, known to
/// run as non-root), so the findings below are the ones a test is about.
const CLEAN_FROM: &str = "FROM gcr.io/distroless/static:nonroot@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const BROKEN: &str = "FROM a\nFOO bar\n";

fn uri_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

fn codes(p: &Value) -> Vec<String> {
    p["diagnostics"]
        .as_array()
        .or_else(|| p["items"].as_array())
        .map(|a| {
            a.iter()
                .filter_map(|d| d["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A workspace with two Dockerfiles; returns (dir, api path, web path).
fn workspace() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("api")).unwrap();
    std::fs::create_dir_all(root.join("node_modules/pkg")).unwrap();
    let api = root.join("api/Dockerfile");
    let web = root.join("web.Dockerfile");
    std::fs::write(&api, BROKEN).unwrap();
    std::fs::write(&web, format!("{CLEAN_FROM}\n")).unwrap();
    // Skipped directory: never reported.
    std::fs::write(root.join("node_modules/pkg/Dockerfile"), BROKEN).unwrap();
    (dir, api, web)
}

fn init(s: &mut Server, root: &std::path::Path, caps: Value, options: Value) -> Value {
    let r = s.request(
        "initialize",
        json!({"processId": null, "rootUri": uri_of(root),
               "workspaceFolders": [{"uri": uri_of(root), "name": "ws"}],
               "capabilities": caps, "initializationOptions": options}),
    );
    s.notify("initialized", json!({}));
    r
}

#[test]
fn push_on_startup_covers_files_that_are_not_open_and_rechecks_on_change() {
    let (dir, api, web) = workspace();
    let root = api.parent().and_then(|p| p.parent()).unwrap().to_path_buf();
    let mut s = Server::start();
    let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let r = init(&mut s, &root, caps, json!({}));
    assert_eq!(
        r["result"]["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        false
    );
    // Watchers are registered for Dockerfiles, with the config files'.
    let reg = s.wait_for("registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let globs = reg["params"]["registrations"].to_string();
    assert!(globs.contains("shipshape-dockerfiles"), "{globs}");
    assert!(globs.contains("**/Dockerfile"), "{globs}");
    assert!(globs.contains("**/shipshape.toml"), "{globs}");
    s.send(json!({"jsonrpc": "2.0", "id": reg["id"].clone(), "result": null}));

    // Both files are published without being opened; node_modules is skipped.
    let mut seen = std::collections::HashMap::new();
    while seen.len() < 2 {
        let p = s.diagnostics();
        let uri = p["uri"].as_str().unwrap_or("").to_string();
        assert!(!uri.contains("node_modules"), "{uri}");
        seen.insert(uri, codes(&p));
    }
    assert!(
        seen[&uri_of(&api)].contains(&"SS001".to_string()),
        "{seen:?}"
    );
    assert!(
        !seen[&uri_of(&web)].contains(&"SS001".to_string()),
        "{seen:?}"
    );

    // The unopened file changes on disk: re-checked on the watch event.
    std::fs::write(&api, format!("{CLEAN_FROM}\n")).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&api), "type": 2}]}),
    );
    let p = s.diagnostics();
    assert_eq!(p["uri"], uri_of(&api));
    assert!(!codes(&p).contains(&"SS001".to_string()), "{p}");

    // An open document's text wins over the disk, also after a config change.
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri_of(&web), "languageId": "dockerfile", "version": 1, "text": BROKEN}}),
    );
    let p = s.diagnostics();
    assert_eq!(p["uri"], uri_of(&web));
    assert!(codes(&p).contains(&"SS001".to_string()), "{p}");

    // A config file changes: every file is checked again with it.
    std::fs::write(root.join("shipshape.toml"), "ignore = [\"SS001\"]\n").unwrap();
    std::fs::write(&api, BROKEN).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&root.join("shipshape.toml")), "type": 1}]}),
    );
    let mut again = std::collections::HashMap::new();
    while again.len() < 2 {
        let p = s.diagnostics();
        again.insert(p["uri"].as_str().unwrap_or("").to_string(), p);
    }
    // Both (the disk file and the open one) follow the new config.
    for u in [uri_of(&api), uri_of(&web)] {
        let p = again
            .get(&u)
            .unwrap_or_else(|| panic!("{u} not re-published"));
        assert!(!codes(p).contains(&"SS001".to_string()), "{p}");
    }
    // Closing the open one shows its disk text again.
    std::fs::remove_file(root.join("shipshape.toml")).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&root.join("shipshape.toml")), "type": 3}]}),
    );
    let mut back = std::collections::HashMap::new();
    while back.len() < 2 {
        let p = s.diagnostics();
        back.insert(p["uri"].as_str().unwrap_or("").to_string(), codes(&p));
    }
    assert!(
        back[&uri_of(&api)].contains(&"SS001".to_string()),
        "{back:?}"
    );
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri_of(&web)}}),
    );
    let p = s.diagnostics();
    assert_eq!(p["uri"], uri_of(&web));
    assert!(!codes(&p).contains(&"SS001".to_string()), "{p}");
    drop(dir);
}

#[test]
fn workspace_pull_reports_every_dockerfile_and_prefers_open_text() {
    let (dir, api, web) = workspace();
    let root = api.parent().and_then(|p| p.parent()).unwrap().to_path_buf();
    let mut s = Server::start();
    let caps = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}});
    let r = init(&mut s, &root, caps, json!({}));
    assert_eq!(
        r["result"]["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        true
    );
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri_of(&web), "languageId": "dockerfile", "version": 7, "text": BROKEN}}),
    );
    let report = s.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = report["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(items.len(), 2, "{report}");
    let by_uri = |u: &str| {
        items
            .iter()
            .find(|i| i["uri"] == u)
            .cloned()
            .unwrap_or_else(|| panic!("no report for {u}: {items:?}"))
    };
    let a = by_uri(&uri_of(&api));
    assert_eq!(a["kind"], "full");
    assert!(codes(&a).contains(&"SS001".to_string()), "{a}");
    assert_eq!(a["version"], Value::Null);
    let w = by_uri(&uri_of(&web));
    assert_eq!(w["version"], 7);
    assert!(codes(&w).contains(&"SS001".to_string()), "{w}");

    // Same result ids: unchanged reports.
    let previous: Vec<Value> = items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let again = s.request(
        "workspace/diagnostic",
        json!({"previousResultIds": previous}),
    );
    let kinds: Vec<Value> = again["result"]["items"]
        .as_array()
        .map(|a| a.iter().map(|i| i["kind"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds,
        vec![json!("unchanged"), json!("unchanged")],
        "{again}"
    );
    drop(dir);
}

#[test]
fn workspace_diagnostics_can_be_turned_off() {
    let (dir, api, web) = workspace();
    let root = api.parent().and_then(|p| p.parent()).unwrap().to_path_buf();
    let mut s = Server::start();
    let caps = json!({"textDocument": {"diagnostic": {}}});
    let r = init(
        &mut s,
        &root,
        caps,
        json!({"workspaceDiagnostics": {"enable": false}}),
    );
    assert_eq!(
        r["result"]["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        false
    );
    let report = s.request("workspace/diagnostic", json!({"previousResultIds": []}));
    assert_eq!(report["result"]["items"], json!([]), "{report}");
    let _ = web;
    drop(dir);
}

#[test]
fn formatting_and_range_formatting_over_stdio() {
    let mut s = Server::start();
    s.request("initialize", json!({"capabilities": {}}));
    s.notify("initialized", json!({}));
    let uri = "file:///tmp/shipshape-format-test/Dockerfile";
    let text = "from alpine  \r\nrun   echo hi \\\r\n  && echo there\r\ncopy   a   b\r\n";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}),
    );
    let whole = s.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = whole["result"].as_array().cloned().unwrap_or_default();
    assert!(!edits.is_empty(), "{whole}");
    let formatted = apply(text, &edits);
    assert_eq!(
        formatted,
        "FROM alpine\r\nRUN echo hi \\\r\n    && echo there\r\nCOPY a b\r\n"
    );
    // Range formatting on the last line only.
    let ranged = s.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": range(3, 0, 3, 4),
               "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = ranged["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        apply(text, &edits),
        "from alpine  \r\nrun   echo hi \\\r\n  && echo there\r\nCOPY a b\r\n"
    );
}

/// Applies LSP text edits (ASCII text, so UTF-16 columns are bytes).
fn apply(text: &str, edits: &[Value]) -> String {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let off = |p: &Value| {
        let l = p["line"].as_u64().unwrap_or(0) as usize;
        line_starts[l] + p["character"].as_u64().unwrap_or(0) as usize
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                off(&e["range"]["start"]),
                off(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    spans.sort();
    let mut out = text.to_string();
    for (s, e, t) in spans.into_iter().rev() {
        out.replace_range(s..e, &t);
    }
    out
}
