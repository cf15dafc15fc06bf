//! `shipshape lsp`: the real binary driven over stdio, as an editor would.

use std::io::Write;

use serde_json::{json, Value};

#[path = "support/lsp.rs"]
mod lsp;
use lsp::{range, Server};

const URI: &str = "file:///tmp/shipshape-lsp-test/Dockerfile";

/// A base image line no default rule reports (pinned by digest, known to
/// run as non-root), so the findings below are the ones a test is about.
const CLEAN_FROM: &str = "FROM gcr.io/distroless/static:nonroot@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn a_whole_editing_session_over_stdio() {
    let mut s = Server::start();
    let init = s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    assert_eq!(caps["diagnosticProvider"]["identifier"], "shipshape");
    s.notify("initialized", json!({}));

    // didOpen: a finding after an emoji, in UTF-16 columns.
    let text = format!("{CLEAN_FROM}\nCOPY --chown=🐳 onlyone\n");
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": text}}),
    );
    let p = s.diagnostics();
    assert_eq!(p["version"], 1);
    assert_eq!(p["diagnostics"].as_array().map(Vec::len), Some(1), "{p}");
    let d = &p["diagnostics"][0];
    assert_eq!(d["code"], "SS001");
    assert_eq!(d["source"], "shipshape");
    assert_eq!(d["range"], range(1, 16, 1, 23));

    // Pull gives the same.
    let pulled = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(pulled["result"]["items"][0]["range"], range(1, 16, 1, 23));

    // Hover on the finding.
    let h = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 18}}),
    );
    let md = h["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(md.starts_with("**SS001 syntax-error**"), "{md}");

    // The ignore action, applied by the client as an edit.
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range(1, 17, 1, 17), "context": {"diagnostics": []}}),
    );
    let list = actions["result"].as_array().cloned().unwrap_or_default();
    let ignore = list
        .iter()
        .find(|a| a["title"] == "Ignore SS001 for this instruction")
        .unwrap_or_else(|| panic!("no ignore action in {list:?}"));
    let edit = &ignore["edit"]["changes"][URI][0];
    assert_eq!(edit["range"], range(1, 0, 1, 0));
    assert_eq!(edit["newText"], "# shipshape ignore=SS001\n");
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"range": edit["range"], "text": edit["newText"]}]}),
    );
    let p = s.diagnostics();
    assert_eq!(p["version"], 2);
    assert_eq!(p["diagnostics"], json!([]));

    // Settings: SS002 on reports nothing here (the suppression is used);
    // the comment removed again brings SS001 back at warning level.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"extendSelect": ["SS002"], "severity": {"SS001": "warning"}}}}),
    );
    assert_eq!(s.diagnostics()["diagnostics"], json!([]));
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3},
               "contentChanges": [{"range": range(1, 0, 2, 0), "text": ""}]}),
    );
    let p = s.diagnostics();
    assert_eq!(p["version"], 3);
    assert_eq!(p["diagnostics"].as_array().map(Vec::len), Some(1), "{p}");
    assert_eq!(p["diagnostics"][0]["code"], "SS001");
    assert_eq!(p["diagnostics"][0]["severity"], 2);

    // Close clears.
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(s.diagnostics()["diagnostics"], json!([]));

    let r = s.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    s.notify("exit", Value::Null);
    // stdin stays open, as some clients keep it: the server must exit anyway.
    assert_eq!(s.exit_code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let mut s = Server::start();
    s.request("initialize", json!({"capabilities": {}}));
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(), Some(1));
}

#[test]
fn end_of_input_ends_the_server() {
    let mut s = Server::start();
    s.request("initialize", json!({"capabilities": {}}));
    s.stdin = None; // closes the pipe
    assert_eq!(s.exit_code(), Some(1));
}

#[test]
fn garbage_input_gets_an_error_and_the_server_stays_up() {
    let mut s = Server::start();
    s.request("initialize", json!({"capabilities": {}}));
    s.notify("initialized", json!({}));
    let bad = s.request("textDocument/codeAction", json!({"textDocument": 5}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    // A body that is not JSON at all.
    {
        let stdin = s.stdin.as_mut().unwrap_or_else(|| unreachable!());
        let _ = stdin.write_all(b"Content-Length: 5\r\n\r\n{{{{{");
        let _ = stdin.flush();
    }
    let err = s.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(err["id"], Value::Null);
    // Valid JSON that is no JSON-RPC message (no `jsonrpc` member).
    s.send(json!({"id": 99, "method": "textDocument/hover"}));
    let err = s.wait_for("an invalid-request error", |m| m["id"] == 99);
    assert_eq!(err["error"]["code"], -32600);
    let ok = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(ok["result"]["kind"], "full", "{ok}");
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(), Some(0));
}

#[test]
fn rapid_changes_are_applied_in_order_and_published_in_order() {
    let mut s = Server::start();
    // Only the rule this test is about, through initializationOptions.
    s.request(
        "initialize",
        json!({"capabilities": {}, "initializationOptions": {"select": ["SS001"]}}),
    );
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": "FROM a\n"}}),
    );
    // 40 edits sent back to back, each depending on the one before:
    // type "FROOM x" one character at a time on a new line.
    let typed = "\nFROOM x y z 🐳 and some more text to type";
    let mut col = 0u32;
    let mut line = 1u32;
    for (i, ch) in typed.chars().enumerate() {
        let version = i as i64 + 2;
        let pos = json!({"line": line, "character": col});
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version},
                   "contentChanges": [{"range": {"start": pos, "end": pos}, "text": ch.to_string()}]}),
        );
        if ch == '\n' {
            line += 1;
            col = 0;
        } else {
            col += ch.len_utf16() as u32;
        }
    }
    let last = typed.chars().count() as i64 + 1;
    // Publishes arrive in increasing version order, ending with the last one.
    let mut seen = 0;
    while seen < last {
        let p = s.diagnostics();
        let v = p["version"].as_i64().unwrap_or(0);
        assert!(v > seen, "version {v} after {seen}");
        seen = v;
        if v == last {
            assert_eq!(p["diagnostics"].as_array().map(Vec::len), Some(1), "{p}");
            let d = &p["diagnostics"][0];
            assert_eq!(d["message"], "unknown instruction: FROOM");
            assert_eq!(d["range"], range(2, 0, 2, 5));
        }
    }
    let pulled = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(pulled["result"]["items"].as_array().map(Vec::len), Some(1));
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(), Some(0));
}

/// Applies the `changes` edits for `uri` (ASCII text: columns are bytes).
fn apply_changes(text: &str, edit: &Value, uri: &str) -> String {
    let offset = |pos: &Value| {
        let line = pos["line"].as_u64().unwrap_or(0) as usize;
        let col = pos["character"].as_u64().unwrap_or(0) as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        (start + col).min(text.len())
    };
    let mut edits: Vec<(usize, usize, &str)> = edit["changes"][uri]
        .as_array()
        .map(|v| v.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(!edits.is_empty(), "no edits for {uri} in {edit}");
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, t);
    }
    out
}

#[test]
fn rule_fixes_as_quick_fixes_and_fix_all_over_stdio() {
    let mut s = Server::start();
    // SS804 maintainer-deprecated has a safe fix, SS102 no-user an unsafe one.
    s.request(
        "initialize",
        json!({"capabilities": {}, "initializationOptions": {"select": ["SS102", "SS804"]}}),
    );
    s.notify("initialized", json!({}));
    let text = "FROM alpine:3.20\nMAINTAINER x\n";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": text}}),
    );
    let p = s.diagnostics();
    let codes: Vec<&str> = p["diagnostics"]
        .as_array()
        .map(|d| d.iter().filter_map(|d| d["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes, ["SS102", "SS804"]);
    let actions_at = |s: &mut Server, r: Value, only: Value| {
        let reply = s.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": r,
                   "context": {"diagnostics": [], "only": only}}),
        );
        reply["result"].as_array().cloned().unwrap_or_default()
    };

    // The safe fix is the preferred quick fix.
    let quick = actions_at(&mut s, range(1, 2, 1, 2), json!(["quickfix"]));
    let safe = &quick[0];
    assert_eq!(
        safe["title"],
        "Replace with `LABEL org.opencontainers.image.authors`"
    );
    assert_eq!(safe["kind"], "quickfix");
    assert_eq!(safe["isPreferred"], true);
    assert_eq!(safe["diagnostics"][0]["code"], "SS804");
    assert_eq!(
        apply_changes(text, &safe["edit"], URI),
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"x\"\n"
    );
    // The unsafe one is offered, marked, and not preferred.
    let quick = actions_at(&mut s, range(0, 2, 0, 2), json!(["quickfix"]));
    let unsafe_fix = &quick[0];
    assert_eq!(unsafe_fix["title"], "Run as an unprivileged user (unsafe)");
    assert_eq!(unsafe_fix["isPreferred"], Value::Null);
    assert_eq!(unsafe_fix["diagnostics"][0]["code"], "SS102");

    // Fix all (as an editor asks for it on save): safe fixes only.
    let all = actions_at(&mut s, range(0, 0, 0, 0), json!(["source.fixAll"]));
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.shipshape");
    let fixed = apply_changes(text, &all[0]["edit"], URI);
    assert_eq!(
        fixed,
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"x\"\n"
    );
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let p = s.diagnostics();
    assert_eq!(p["version"], 2);
    assert_eq!(p["diagnostics"].as_array().map(Vec::len), Some(1), "{p}");
    assert_eq!(p["diagnostics"][0]["code"], "SS102");
    // Nothing safe is left to fix.
    let all = actions_at(&mut s, range(0, 0, 0, 0), json!(["source.fixAll"]));
    assert!(all.is_empty(), "{all:?}");

    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(), Some(0));
}
