//! The language server driven in-process through its tower service, as an
//! editor would drive it.

mod common;

use common::*;
use serde_json::{json, Value};

const URI: &str = "file:///work/project/Dockerfile";

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn items(published: &Value) -> Vec<Value> {
    published["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn initialize_advertises_capabilities_and_negotiates_utf8() {
    let (_c, result) = Client::start(utf8_push_caps(), None).await;
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["diagnosticProvider"]["identifier"], "shipshape");
    assert_eq!(caps["hoverProvider"], true);
    let kinds = caps["codeActionProvider"]["codeActionKinds"].clone();
    assert_eq!(kinds, json!(["quickfix", "source.fixAll.shipshape"]));
    assert_eq!(result["serverInfo"]["name"], "shipshape");
}

#[tokio::test]
async fn utf16_is_the_default_encoding() {
    let (_c, result) = Client::start(utf16_push_caps(), None).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    let (_c, result) = Client::start(
        json!({"general": {"positionEncodings": ["utf-32", "utf-16"]}}),
        None,
    )
    .await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
}

#[tokio::test]
async fn did_open_publishes_diagnostics_with_code_links_and_source() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    c.open(URI, "FROM alpine:3.20\nCOPY onlyone\n").await;
    let p = c.diagnostics_for(URI).await;
    assert_eq!(p["version"], 1);
    let d = items(&p);
    assert_eq!(codes(&d), ["SS001"]);
    assert_eq!(d[0]["source"], "shipshape");
    assert_eq!(d[0]["severity"], 1);
    assert_eq!(d[0]["message"], "COPY requires at least two arguments");
    assert_eq!(d[0]["range"], range(1, 5, 1, 12));
    let href = d[0]["codeDescription"]["href"].as_str().unwrap_or("");
    assert!(href.ends_with("/SS001.md"), "{href}");
    assert_eq!(d[0]["data"]["name"], "syntax-error");
}

#[tokio::test]
async fn close_clears_diagnostics() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    c.open(URI, "FROOM x\n").await;
    assert_eq!(items(&c.diagnostics_for(URI).await).len(), 1);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    )
    .await;
    let p = c.diagnostics_for(URI).await;
    assert!(items(&p).is_empty(), "{p}");
    assert!(c.server_text(URI).is_none());
}

#[tokio::test]
async fn pull_clients_get_reports_and_no_pushes() {
    let (mut c, _) = Client::start(pull_caps(), only(&["SS001"])).await;
    c.open(URI, "FROM alpine\nFROOM x\n").await;
    let r = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r["kind"], "full");
    assert_eq!(
        codes(r["items"].as_array().map_or(&[][..], |v| v)),
        ["SS001"]
    );
    let id = r["resultId"].clone();
    // Same text: unchanged.
    let again = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}, "previousResultId": id}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again["kind"], "unchanged");
    // After an edit: a new full report.
    c.change(
        URI,
        2,
        json!([{"range": range(1, 0, 1, 5), "text": "FROM"}]),
    )
    .await;
    let after = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}, "previousResultId": id}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after["kind"], "full");
    assert_eq!(after["items"], json!([]));
    let sent = c.drain();
    assert!(
        sent.iter()
            .all(|m| m.method != "textDocument/publishDiagnostics"),
        "{sent:?}"
    );
}

#[tokio::test]
async fn incremental_edits_apply_in_order_and_stale_versions_are_rejected() {
    let (mut c, _) = Client::start(utf16_push_caps(), only(&["SS001"])).await;
    c.open(URI, "FROM alpine\n").await;
    assert!(items(&c.diagnostics_for(URI).await).is_empty());
    // Insert a broken line, then repair it in two more edits, without waiting.
    c.change(
        URI,
        2,
        json!([{"range": range(1, 0, 1, 0), "text": "COPY onlyone\n"}]),
    )
    .await;
    c.change(
        URI,
        3,
        json!([{"range": range(1, 12, 1, 12), "text": " /dst"}]),
    )
    .await;
    c.change(
        URI,
        4,
        json!([
            {"range": range(1, 0, 1, 4), "text": "ADD"},
            {"range": range(2, 0, 2, 0), "text": "RUN true\nFROOM y\n"}
        ]),
    )
    .await;
    let expected = "FROM alpine\nADD onlyone /dst\nRUN true\nFROOM y\n";
    assert_eq!(c.server_text(URI), Some((expected.to_string(), 4)));
    // Publishes come in version order and the last one is for version 4.
    let mut last = 0;
    let mut last_items = Vec::new();
    while last < 4 {
        let p = c.diagnostics_for(URI).await;
        let v = p["version"].as_i64().unwrap_or(0);
        assert!(v > last, "version {v} after {last}");
        last = v;
        last_items = items(&p);
    }
    assert_eq!(codes(&last_items), ["SS001"]);
    assert_eq!(last_items[0]["range"], range(3, 0, 3, 5));
    // A change for an older version is ignored; so is one for the same version.
    c.change(URI, 3, json!([{"text": "garbage"}])).await;
    c.change(URI, 4, json!([{"text": "garbage"}])).await;
    assert_eq!(c.server_text(URI), Some((expected.to_string(), 4)));
    let log = c.expect("window/logMessage").await;
    assert!(
        log["message"].as_str().unwrap_or("").contains("version 3"),
        "{log}"
    );
    // Out of order: 6 arrives before 5; 5 is then stale.
    c.change(URI, 6, json!([{"text": "FROM a\n"}])).await;
    c.change(URI, 5, json!([{"text": "FROOM b\n"}])).await;
    assert_eq!(c.server_text(URI), Some(("FROM a\n".to_string(), 6)));
    assert!(c.pull(URI).await.is_empty());
}

#[tokio::test]
async fn utf16_and_utf8_ranges_after_an_emoji() {
    let text = "FROM alpine\nCOPY --chown=🐳 onlyone\n";
    let (mut c16, _) = Client::start(utf16_push_caps(), only(&["SS001"])).await;
    c16.open(URI, text).await;
    let d = items(&c16.diagnostics_for(URI).await);
    assert_eq!(d[0]["range"], range(1, 16, 1, 23));
    let (mut c8, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    c8.open(URI, text).await;
    let d = items(&c8.diagnostics_for(URI).await);
    assert_eq!(d[0]["range"], range(1, 18, 1, 25));
    // An incremental edit placed after the emoji, in UTF-16 units.
    c16.change(
        URI,
        2,
        json!([{"range": range(1, 16, 1, 23), "text": "a b"}]),
    )
    .await;
    let (t, _) = c16.server_text(URI).unwrap_or_default();
    assert_eq!(t, "FROM alpine\nCOPY --chown=🐳 a b\n");
    assert!(items(&c16.diagnostics_for(URI).await).is_empty());
}

/// Requests actions at a position, applies one by title, re-opens the
/// result and returns the new text and its diagnostics.
async fn apply_action(c: &mut Client, text: &str, at: Value, title: &str) -> (String, Vec<Value>) {
    c.open(URI, text).await;
    let _ = c.diagnostics_for(URI).await;
    let actions = c.code_actions(URI, at, None).await;
    let a = action(&actions, title);
    assert_eq!(a["kind"], "quickfix");
    let enc = c.encoding;
    let new_text = apply_workspace_edit(text, &a["edit"], URI, enc);
    c.change(URI, 2, json!([{"text": new_text}])).await;
    let d = items(&c.diagnostics_for(URI).await);
    (new_text, d)
}

#[tokio::test]
async fn ignore_for_this_instruction_inserts_a_comment_with_the_indentation() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    let text = "FROM alpine AS b\n  COPY onlyone\nRUN x\n";
    let (new, d) = apply_action(
        &mut c,
        text,
        range(1, 8, 1, 8),
        "Ignore SS001 for this instruction",
    )
    .await;
    assert_eq!(
        new,
        "FROM alpine AS b\n  # shipshape ignore=SS001\n  COPY onlyone\nRUN x\n"
    );
    assert!(d.is_empty(), "{d:?}");
}

#[tokio::test]
async fn ignore_for_this_instruction_extends_a_comment_above() {
    let (mut c, _) = Client::start(utf16_push_caps(), only(&["SS001"])).await;
    let text = "FROM a\n# shipshape ignore=unused-suppression -- old\nCOPY onlyone\n";
    let (new, d) = apply_action(
        &mut c,
        text,
        range(2, 6, 2, 6),
        "Ignore SS001 for this instruction",
    )
    .await;
    assert_eq!(
        new,
        "FROM a\n# shipshape ignore=unused-suppression,SS001 -- old\nCOPY onlyone\n"
    );
    assert!(d.is_empty(), "{d:?}");
}

#[tokio::test]
async fn ignore_in_this_file_goes_after_the_parser_directives() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    let text = "# syntax=docker/dockerfile:1\n# escape=\\\nFROM a\nCOPY onlyone\nFROOM x\n";
    let (new, d) = apply_action(&mut c, text, range(3, 6, 3, 6), "Ignore SS001 in this file").await;
    assert_eq!(
        new,
        "# syntax=docker/dockerfile:1\n# escape=\\\n# shipshape ignore-file=SS001\nFROM a\nCOPY onlyone\nFROOM x\n"
    );
    assert!(d.is_empty(), "both findings are gone: {d:?}");
}

#[tokio::test]
async fn ignore_in_this_file_at_the_top_without_directives() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    let text = "FROM a\r\nFROOM x\r\n";
    let (new, d) = apply_action(&mut c, text, range(1, 0, 1, 0), "Ignore SS001 in this file").await;
    assert_eq!(
        new,
        "# shipshape ignore-file=SS001\r\nFROM a\r\nFROOM x\r\n"
    );
    assert!(d.is_empty(), "{d:?}");
}

#[tokio::test]
async fn actions_are_versioned_and_only_filters_apply() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    c.open(URI, "FROM a\nFROOM x\n").await;
    let actions = c.code_actions(URI, range(1, 0, 1, 2), None).await;
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Ignore SS001 for this instruction",
            "Ignore SS001 in this file"
        ]
    );
    for a in &actions {
        let doc = &a["edit"]["documentChanges"][0]["textDocument"];
        assert_eq!(
            doc["version"], 1,
            "edits name the version they were made for"
        );
        assert_eq!(a["diagnostics"][0]["code"], "SS001");
    }
    // Nothing under the cursor on line 0.
    assert!(c
        .code_actions(URI, range(0, 0, 0, 0), Some(json!(["quickfix"])))
        .await
        .is_empty());
    // Only source actions: there is nothing to fix here, so none.
    let src = c
        .code_actions(URI, range(1, 0, 1, 2), Some(json!(["source.fixAll"])))
        .await;
    assert!(src.is_empty(), "{src:?}");
    // Diagnostics named in the context count even away from the cursor.
    let published = items(&c.diagnostics_for(URI).await);
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": range(0, 0, 0, 0),
                   "context": {"diagnostics": published}}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn actions_use_the_current_text() {
    let (mut c, _) = Client::start(utf16_push_caps(), only(&["SS001"])).await;
    c.open(URI, "FROM a\nFROOM x\n").await;
    c.change(
        URI,
        2,
        json!([{"range": range(0, 0, 0, 0), "text": "# hi\n"}]),
    )
    .await;
    let actions = c.code_actions(URI, range(2, 0, 2, 1), None).await;
    let a = action(&actions, "Ignore SS001 for this instruction");
    // Without versioned-edit support the edit comes as `changes`.
    let text = c.server_text(URI).map(|t| t.0).unwrap_or_default();
    let new = apply_workspace_edit(&text, &a["edit"], URI, "utf-16");
    assert_eq!(new, "# hi\nFROM a\n# shipshape ignore=SS001\nFROOM x\n");
    // On the old line 1 there is nothing any more.
    assert!(c
        .code_actions(URI, range(1, 0, 1, 1), None)
        .await
        .is_empty());
}

#[tokio::test]
async fn hover_explains_the_rule_under_a_diagnostic_and_an_ignore_key() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    c.open(
        URI,
        "FROM a\n# shipshape ignore=syntax-error, DL1000\nRUN x\nFROOM y\n",
    )
    .await;
    let on_diag = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 3, "character": 2}}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let md = on_diag["contents"]["value"].as_str().unwrap_or("");
    assert_eq!(on_diag["contents"]["kind"], "markdown");
    assert!(md.starts_with("**SS001 syntax-error**"), "{md}");
    assert!(md.contains("/SS001.md)"), "{md}");
    assert_eq!(on_diag["range"], range(3, 0, 3, 5));
    // On the rule name inside the comment, and on the peer id.
    for (col, span) in [(22, range(1, 19, 1, 31)), (35, range(1, 33, 1, 39))] {
        let h = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": col}}),
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let md = h["contents"]["value"].as_str().unwrap_or("");
        assert!(md.starts_with("**SS001 syntax-error**"), "{md}");
        assert_eq!(h["range"], span);
    }
    // Elsewhere: no rule text; on a keyword, the instruction's reference text.
    let keyword = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let md = keyword["contents"]["value"].as_str().unwrap_or("");
    assert!(
        md.contains("Starts a build stage") && !md.contains("**SS"),
        "{md}"
    );
    assert_eq!(keyword["range"], range(0, 0, 0, 4));
}

#[tokio::test]
async fn settings_from_initialization_options_and_configuration_changes() {
    let (mut c, _) = Client::start(
        utf8_push_caps(),
        Some(json!({"severity": {"syntax-error": "warning"}})),
    )
    .await;
    let text = format!("{CLEAN_FROM}\n# shipshape ignore=DL3007\nFROOM x\n");
    c.open(URI, &text).await;
    let d = items(&c.diagnostics_for(URI).await);
    assert_eq!(codes(&d), ["SS001"]);
    assert_eq!(d[0]["severity"], 2);
    // Turn on SS002 (the ignore comment names a rule, DL3007's peer
    // latest-tag, that reports nothing on the line below it).
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"extendSelect": ["SS002"]}}}),
    )
    .await;
    let d = items(&c.diagnostics_for(URI).await);
    assert_eq!(codes(&d), ["SS002", "SS001"]);
    assert_eq!(d[0]["tags"], json!([1]), "unnecessary");
    assert_eq!(d[1]["severity"], 1, "the override was replaced");
    // Settings pulled with workspace/configuration when the push is empty.
    *c.config_reply.lock().unwrap_or_else(|e| e.into_inner()) = json!({"ignore": ["SS001"]});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    )
    .await;
    assert!(items(&c.diagnostics_for(URI).await).is_empty());
    // enable: false
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"enable": false}}}),
    )
    .await;
    assert!(items(&c.diagnostics_for(URI).await).is_empty());
    assert!(c
        .code_actions(URI, range(2, 0, 2, 1), None)
        .await
        .is_empty());
    // A rule name that does not exist is shown to the user.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"ignore": ["no-such-rule"]}}}),
    )
    .await;
    let m = c.expect("window/showMessage").await;
    assert!(
        m["message"].as_str().unwrap_or("").contains("no-such-rule"),
        "{m}"
    );
    assert_eq!(codes(&items(&c.diagnostics_for(URI).await)), ["SS001"]);
}

#[tokio::test]
async fn pull_clients_are_asked_to_refresh_after_a_settings_change() {
    let (mut c, _) = Client::start(pull_caps(), only(&["SS001"])).await;
    c.open(URI, "FROOM x\n").await;
    assert_eq!(c.pull(URI).await.len(), 1);
    // New settings replace the old ones: `select` is given again.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"select": ["SS001"], "ignore": ["SS001"]}}}),
    )
    .await;
    c.expect("workspace/diagnostic/refresh").await;
    assert!(c.pull(URI).await.is_empty());
}

#[tokio::test]
async fn config_files_are_watched() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    let reg = c.expect("client/registerCapability").await;
    let r = &reg["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = r["registerOptions"]["watchers"]
        .as_array()
        .map(|w| w.iter().filter_map(|w| w["globPattern"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        globs,
        [
            "**/shipshape.toml",
            "**/.shipshape.toml",
            "**/.hadolint.yaml",
            "**/.hadolint.yml"
        ]
    );
    c.open(URI, "FROOM x\n").await;
    let _ = c.diagnostics_for(URI).await;
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": "file:///work/project/shipshape.toml", "type": 2}]}),
    )
    .await;
    // Open documents are checked again.
    assert_eq!(items(&c.diagnostics_for(URI).await).len(), 1);
}

#[tokio::test]
async fn which_documents_are_checked() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    let bad = "FROOM x\n";
    for (uri, lang) in [
        ("file:///p/Dockerfile.dev", "plaintext"),
        ("file:///p/web.Dockerfile", "plaintext"),
        ("file:///p/Containerfile", "plaintext"),
        ("file:///p/build/anything.txt", "dockerfile"),
        ("untitled:Untitled-1", "dockerfile"),
    ] {
        c.open_as(uri, lang, 1, bad).await;
        assert_eq!(items(&c.diagnostics_for(uri).await).len(), 1, "{uri}");
    }
    c.open_as("file:///p/README.md", "markdown", 1, bad).await;
    assert!(c.pull("file:///p/README.md").await.is_empty());
    c.open("file:///p/Dockerfile", "FROM a\n").await;
    // The only publish after the README is the Dockerfile's.
    let p = c.expect("textDocument/publishDiagnostics").await;
    assert_eq!(p["uri"], "file:///p/Dockerfile");
}

#[tokio::test]
async fn bad_requests_get_errors_and_the_server_stays_up() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(&["SS001"])).await;
    let e = c
        .request("textDocument/hover", json!({"nonsense": true}))
        .await
        .expect_err("bad params");
    assert_eq!(e["code"], -32602);
    let e = c
        .request("shipshape/unknown", json!({}))
        .await
        .expect_err("unknown method");
    assert_eq!(e["code"], -32601);
    // Unknown documents and positions past the end are no error.
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///nope/Dockerfile"}, "position": {"line": 9, "character": 9}}),
        )
        .await;
    assert_eq!(h, Ok(Value::Null));
    c.open(URI, "FROOM x\n").await;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 99, "character": 99999}}),
        )
        .await;
    assert_eq!(h, Ok(Value::Null));
    assert_eq!(c.pull(URI).await.len(), 1);
}

#[tokio::test]
async fn arbitrary_edits_keep_the_server_text_in_step_with_the_client() {
    // A small deterministic generator: ranges anywhere (also past the end,
    // inside emoji, reversed), texts with multi-byte characters.
    let (mut c, _) = Client::start(utf16_push_caps(), None).await;
    let mut model = "FROM alpine\nRUN echo 🐳\n".to_string();
    c.open(URI, &model).await;
    let pieces = [
        "FROM a\n",
        "RUN é\\\n",
        "🐳",
        "",
        "COPY x\n",
        "\r\n",
        "# shipshape ignore=SS001\n",
        "<<EOF\n",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for version in 2..150 {
        let lines = model.matches('\n').count() as u64 + 2;
        let (l1, c1) = (next(lines), next(30));
        let (l2, c2) = if next(4) == 0 {
            (next(lines), next(30))
        } else {
            (l1, c1 + next(5))
        };
        let text = pieces[next(pieces.len() as u64) as usize];
        let r = range(l1 as u32, c1 as u32, l2 as u32, c2 as u32);
        // The model applies the edit the way the protocol defines it.
        let a = offset_of(&model, &r["start"], "utf-16");
        let b = offset_of(&model, &r["end"], "utf-16");
        let (a, b) = (a.min(b), a.max(b));
        model.replace_range(a..b, text);
        c.change(URI, version, json!([{"range": r, "text": text}]))
            .await;
        assert_eq!(
            c.server_text(URI),
            Some((model.clone(), version)),
            "version {version}"
        );
        if version % 10 == 0 {
            let _ = c.pull(URI).await;
            let _ = c.code_actions(URI, range(0, 0, 99, 0), None).await;
        }
    }
}

#[tokio::test]
async fn shutdown_then_exit() {
    let (mut c, _) = Client::start(utf8_push_caps(), None).await;
    assert_eq!(c.request("shutdown", Value::Null).await, Ok(Value::Null));
    // After shutdown, requests are refused.
    let e = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await
        .expect_err("refused after shutdown");
    assert_eq!(e["code"], -32600);
    c.notify("exit", Value::Null).await;
}

/// A fresh folder under the system temp dir.
fn temp_project(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("shipshape-lsp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("svc")).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn file_uri(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

#[tokio::test]
async fn the_project_config_file_applies_and_is_reread_when_it_changes() {
    let dir = temp_project("config");
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("shipshape.toml", "ignore = [\"syntax-error\"]\n");
    // A nearer hadolint config loses to a shipshape.toml further up, as in the CLI.
    std::fs::write(dir.join("svc/.hadolint.yaml"), "ignored: []\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let folders = json!([{"uri": file_uri(&dir), "name": "p"}]);
    let (mut c, _) = Client::start_with(utf8_push_caps(), None, Some(folders)).await;
    let uri = file_uri(&dir.join("svc/Dockerfile"));
    c.open(&uri, &format!("{CLEAN_FROM}\nFROOM x\n")).await;
    assert!(
        items(&c.diagnostics_for(&uri).await).is_empty(),
        "ignored by the config"
    );

    // The editor settings go on top of the file.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"extendSelect": ["SS001"], "severity": {"SS001": "hint"}}}}),
    )
    .await;
    assert!(
        items(&c.diagnostics_for(&uri).await).is_empty(),
        "ignore wins over extendSelect"
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {}}}),
    )
    .await;
    let _ = c.diagnostics_for(&uri).await;

    // The file changes: a watched-file event makes the server read it again.
    write("shipshape.toml", "[severity]\nSS001 = \"info\"\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("shipshape.toml")), "type": 2}]}),
    )
    .await;
    let d = items(&c.diagnostics_for(&uri).await);
    assert_eq!(codes(&d), ["SS001"]);
    assert_eq!(d[0]["severity"], 3);

    // A broken file is reported with its position, and not used.
    write("shipshape.toml", "select = 5\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("shipshape.toml")), "type": 2}]}),
    )
    .await;
    let m = c.expect("window/showMessage").await;
    let msg = m["message"].as_str().unwrap_or("");
    assert!(msg.contains("shipshape.toml:1:"), "{msg}");
    let d = items(&c.diagnostics_for(&uri).await);
    assert_eq!(d[0]["severity"], 1, "defaults again");

    // Without a shipshape.toml, the hadolint config applies (DL1000 is SS001's peer).
    std::fs::remove_file(dir.join("shipshape.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("svc/.hadolint.yaml"), "ignored:\n  - DL1000\n")
        .unwrap_or_else(|e| panic!("{e}"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("svc/.hadolint.yaml")), "type": 2}]}),
    )
    .await;
    assert!(items(&c.diagnostics_for(&uri).await).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A Dockerfile with a safe fix (SS804 maintainer-deprecated, line 1) and
/// an unsafe one (SS102 no-user, on the FROM keyword).
const FIXABLE: &str = "FROM alpine:3.20\nMAINTAINER x\n";
const FIX_RULES: &[&str] = &["SS102", "SS804"];

fn titles(actions: &[Value]) -> Vec<&str> {
    actions.iter().filter_map(|a| a["title"].as_str()).collect()
}

#[tokio::test]
async fn a_safe_rule_fix_is_the_preferred_quick_fix_and_clears_its_finding() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(FIX_RULES)).await;
    c.open(URI, FIXABLE).await;
    let d = items(&c.diagnostics_for(URI).await);
    assert_eq!(codes(&d), ["SS102", "SS804"]);
    let actions = c.code_actions(URI, range(1, 3, 1, 3), None).await;
    assert_eq!(
        titles(&actions),
        [
            "Replace with `LABEL org.opencontainers.image.authors`",
            "Ignore SS804 for this instruction",
            "Ignore SS804 in this file",
            "Fix all shipshape problems"
        ]
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true, "a safe fix is preferred");
    assert_eq!(fix["diagnostics"][0]["code"], "SS804");
    assert_eq!(fix["diagnostics"][0]["range"], range(1, 0, 1, 10));
    assert_eq!(
        fix["edit"]["documentChanges"][0]["textDocument"]["version"],
        1
    );
    for other in &actions[1..] {
        assert_eq!(other["isPreferred"], Value::Null, "{other}");
    }
    let new = apply_workspace_edit(FIXABLE, &fix["edit"], URI, c.encoding);
    assert_eq!(
        new,
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"x\"\n"
    );
    c.change(URI, 2, json!([{"text": new}])).await;
    let p = c.diagnostics_for(URI).await;
    assert_eq!(p["version"], 2);
    assert_eq!(codes(&items(&p)), ["SS102"], "the fixed finding is gone");
}

#[tokio::test]
async fn an_unsafe_rule_fix_is_offered_but_not_preferred() {
    let (mut c, _) = Client::start(utf16_push_caps(), only(FIX_RULES)).await;
    let (new, d) = apply_action(
        &mut c,
        FIXABLE,
        range(0, 1, 0, 1),
        "Run as an unprivileged user (unsafe)",
    )
    .await;
    assert_eq!(new, "FROM alpine:3.20\nMAINTAINER x\nUSER 65532:65532\n");
    assert_eq!(codes(&d), ["SS804"], "the fixed finding is gone");
    // The action as offered for the original text.
    c.change(URI, 3, json!([{"text": FIXABLE}])).await;
    let _ = c.diagnostics_for(URI).await;
    let actions = c.code_actions(URI, range(0, 1, 0, 1), None).await;
    assert_eq!(
        titles(&actions),
        [
            "Run as an unprivileged user (unsafe)",
            "Ignore SS102 for this instruction",
            "Ignore SS102 in this file",
            "Fix all shipshape problems"
        ]
    );
    assert_eq!(
        actions[0]["isPreferred"],
        Value::Null,
        "unsafe: not preferred"
    );
    assert_eq!(actions[0]["diagnostics"][0]["code"], "SS102");
    // Without versioned-edit support the edit comes as `changes`.
    assert!(
        actions[0]["edit"]["changes"][URI].is_array(),
        "{}",
        actions[0]
    );
}

#[tokio::test]
async fn fix_all_applies_safe_fixes_only_unless_unsafe_fixes_is_on() {
    let (mut c, _) = Client::start(utf8_push_caps(), only(FIX_RULES)).await;
    c.open(URI, FIXABLE).await;
    assert_eq!(
        codes(&items(&c.diagnostics_for(URI).await)),
        ["SS102", "SS804"]
    );
    // Asked for quick fixes only: no fix-all.
    let quick = c
        .code_actions(URI, range(0, 0, 2, 0), Some(json!(["quickfix"])))
        .await;
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"), "{quick:#?}");
    // `source` and `source.fixAll` both include it; nothing else comes.
    for only in [json!(["source"]), json!(["source.fixAll"])] {
        let all = c.code_actions(URI, range(0, 0, 0, 0), Some(only)).await;
        assert_eq!(titles(&all), ["Fix all shipshape problems"]);
        assert_eq!(all[0]["kind"], "source.fixAll.shipshape");
        assert_eq!(all[0]["diagnostics"], Value::Null);
    }
    let all = c
        .code_actions(URI, range(0, 0, 0, 0), Some(json!(["source.fixAll"])))
        .await;
    let new = apply_workspace_edit(FIXABLE, &all[0]["edit"], URI, c.encoding);
    assert_eq!(
        new, "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"x\"\n",
        "the safe fix only"
    );
    c.change(URI, 2, json!([{"text": new}])).await;
    let p = c.diagnostics_for(URI).await;
    assert_eq!(p["version"], 2);
    assert_eq!(codes(&items(&p)), ["SS102"]);
    // Only an unsafe fix is left: fix-all has nothing to do.
    let none = c
        .code_actions(URI, range(0, 0, 0, 0), Some(json!(["source.fixAll"])))
        .await;
    assert!(none.is_empty(), "{none:#?}");

    // With unsafeFixes on, fix-all applies the unsafe fix too.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"select": FIX_RULES, "unsafeFixes": true}}}),
    )
    .await;
    assert_eq!(codes(&items(&c.diagnostics_for(URI).await)), ["SS102"]);
    c.change(URI, 3, json!([{"text": FIXABLE}])).await;
    let _ = c.diagnostics_for(URI).await;
    let all = c
        .code_actions(URI, range(0, 0, 0, 0), Some(json!(["source.fixAll"])))
        .await;
    let new = apply_workspace_edit(FIXABLE, &all[0]["edit"], URI, c.encoding);
    assert_eq!(
        new,
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"x\"\nUSER 65532:65532\n"
    );
    c.change(URI, 4, json!([{"text": new}])).await;
    let p = c.diagnostics_for(URI).await;
    assert_eq!(p["version"], 4);
    assert!(items(&p).is_empty(), "{p}");
}

#[tokio::test]
async fn today_and_the_documents_build_context_reach_the_rules() {
    let dir = temp_project("context");
    std::fs::write(dir.join("svc/.dockerignore"), "# ctx\n.git\nsecrets\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let (mut c, _) = Client::start(
        utf8_push_caps(),
        Some(json!({"select": ["SS210", "SS430", "SS431"]})),
    )
    .await;
    // Debian 9 ended in 2022: past with any current clock.
    let text = "FROM debian:stretch\nCOPY . /app\nCOPY secrets/k /k\n";
    let uri = file_uri(&dir.join("svc/Dockerfile"));
    c.open(&uri, text).await;
    let d = items(&c.diagnostics_for(&uri).await);
    assert_eq!(codes(&d), ["SS210", "SS430", "SS431"]);
    let msg = d[1]["message"].as_str().unwrap_or("");
    assert!(
        msg.ends_with("does not exclude `.env*`, `*.pem`, `id_*`"),
        "{msg}"
    );

    // A .dockerignore edited on disk is read again at the next check.
    std::fs::write(dir.join("svc/.dockerignore"), ".git\n.env*\n*.pem\nid_*\n")
        .unwrap_or_else(|e| panic!("{e}"));
    c.change(&uri, 2, json!([{"text": text}])).await;
    let d = items(&c.diagnostics_for(&uri).await);
    assert_eq!(codes(&d), ["SS210"]);

    // A document that is not a file has no known context.
    c.open("untitled:Untitled-1", text).await;
    let d = items(&c.diagnostics_for("untitled:Untitled-1").await);
    assert_eq!(codes(&d), ["SS210"]);
    let _ = std::fs::remove_dir_all(&dir);
}
