//! `shipshape lsp` editing features over stdio: completion, hover,
//! symbols, folding, semantic tokens, highlights, links, definition,
//! references and rename, as an editor would ask for them.

use serde_json::{json, Value};

#[path = "support/lsp.rs"]
mod lsp;
use lsp::{range, Server};

const URI: &str = "file:///tmp/shipshape-lsp-editing/Dockerfile";

impl Server {
    /// Starts a server with `capabilities`, opens `text` and waits for its
    /// first diagnostics; returns the initialize result's capabilities.
    fn open(&mut self, capabilities: Value, text: &str) -> Value {
        let init = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": text}}),
        );
        self.diagnostics();
        init["result"]["capabilities"].clone()
    }

    /// A request at a position of the open document; its result.
    fn at(&mut self, method: &str, line: u32, character: u32, extra: Value) -> Value {
        let mut params = json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}});
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        self.request(method, params)["result"].clone()
    }
}

const FILE: &str = "ARG VERSION=1.2\nFROM alpine:${VERSION} AS build\nARG VERSION\nRUN echo $VERSION\nFROM scratch\nCOPY --from=build /a /a\n";

#[test]
fn initialize_registers_the_editing_capabilities() {
    let mut s = Server::start();
    let caps = s.open(json!({}), FILE);
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"]
            .as_array()
            .map(|a| a.contains(&json!("$"))),
        Some(true),
        "{caps}"
    );
    for key in [
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "documentHighlightProvider",
        "foldingRangeProvider",
    ] {
        assert_eq!(caps[key], json!(true), "{key} in {caps}");
    }
    assert_eq!(caps["renameProvider"]["prepareProvider"], json!(true));
    assert_eq!(
        caps["documentLinkProvider"]["resolveProvider"],
        json!(false)
    );
    assert_eq!(caps["semanticTokensProvider"]["full"], json!(true));
    assert_eq!(
        caps["semanticTokensProvider"]["legend"]["tokenTypes"][0],
        "keyword"
    );
    // The existing features stay.
    assert_eq!(caps["hoverProvider"], json!(true));
    assert_eq!(caps["diagnosticProvider"]["identifier"], "shipshape");
}

#[test]
fn completion_snippets_only_for_clients_that_support_them() {
    let text = "FROM alpine AS build\nFROM alpine\nCO\n";
    let mut s = Server::start();
    s.open(
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}}),
        text,
    );
    let r = s.at("textDocument/completion", 2, 2, json!({}));
    let items = r.as_array().cloned().unwrap_or_default();
    let copy = items
        .iter()
        .find(|i| i["label"] == "COPY")
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(copy["insertTextFormat"], 2);
    assert_eq!(copy["textEdit"]["newText"], "COPY ${1:source} ${2:dest}");
    assert_eq!(copy["textEdit"]["range"], range(2, 0, 2, 2));
    assert!(items.iter().all(|i| i["label"] != "RUN"), "{r}");

    let mut plain = Server::start();
    plain.open(json!({}), text);
    let r = plain.at("textDocument/completion", 2, 2, json!({}));
    let copy = r
        .as_array()
        .and_then(|a| a.iter().find(|i| i["label"] == "COPY").cloned())
        .unwrap_or_default();
    assert_eq!(copy["insertTextFormat"], 1, "{r}");
    assert_eq!(copy["textEdit"]["newText"], "COPY ");
}

#[test]
fn completion_of_stages_flags_and_variables() {
    let text = "FROM golang AS build\nENV GOFLAGS=-mod=vendor\nFROM alpine\nCOPY --from=\nRUN echo $GO\nRUN --mount=type=\n";
    let mut s = Server::start();
    s.open(json!({}), text);
    let labels = |v: Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["label"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        labels(s.at("textDocument/completion", 3, 12, json!({}))),
        vec!["build"]
    );
    // GOFLAGS belongs to the other stage: nothing in scope here.
    assert_eq!(
        s.at("textDocument/completion", 4, 12, json!({})),
        Value::Null
    );
    assert_eq!(
        labels(s.at("textDocument/completion", 5, 17, json!({}))),
        vec!["bind", "cache", "tmpfs", "secret", "ssh"]
    );
}

#[test]
fn hover_on_keyword_variable_and_combined_with_a_finding() {
    let mut s = Server::start();
    s.open(json!({}), FILE);
    let h = s.at("textDocument/hover", 3, 11, json!({}));
    assert_eq!(h["contents"]["value"], "ARG `VERSION` = `1.2` (line 3)");
    assert_eq!(h["range"], range(3, 10, 3, 17));
    let h = s.at("textDocument/hover", 3, 1, json!({}));
    let md = h["contents"]["value"].as_str().unwrap_or("");
    assert!(md.contains("Runs a command"), "{md}");
    // `ADD` of a local file is reported (SS402) on the keyword: the rule
    // text comes first, the instruction text after it.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "FROM alpine\nADD a.txt /a\n"}]}),
    );
    s.diagnostics();
    let h = s.at("textDocument/hover", 1, 1, json!({}));
    let md = h["contents"]["value"].as_str().unwrap_or("");
    assert!(md.starts_with("**SS402"), "{md}");
    assert!(md.contains("---") && md.contains("fetches URLs"), "{md}");
    assert_eq!(h["range"], range(1, 0, 1, 3));
}

#[test]
fn definition_references_highlight_and_rename() {
    let mut s = Server::start();
    s.open(json!({}), FILE);
    // `$VERSION` in the stage: its ARG re-declaration, then the global ARG.
    let d = s.at("textDocument/definition", 3, 12, json!({}));
    assert_eq!(d[0]["range"], range(2, 4, 2, 11), "{d}");
    assert_eq!(d[1]["range"], range(0, 4, 0, 11), "{d}");
    assert_eq!(d[0]["uri"], URI);
    // `--from=build` goes to `AS build`.
    let d = s.at("textDocument/definition", 5, 13, json!({}));
    assert_eq!(d["range"], range(1, 26, 1, 31), "{d}");

    let r = s.at(
        "textDocument/references",
        0,
        5,
        json!({"context": {"includeDeclaration": true}}),
    );
    let lines: Vec<u64> = r
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|l| l["range"]["start"]["line"].as_u64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(lines, vec![0, 1, 2, 3]);
    let r = s.at(
        "textDocument/references",
        0,
        5,
        json!({"context": {"includeDeclaration": false}}),
    );
    assert_eq!(r.as_array().map(Vec::len), Some(2), "{r}");

    let h = s.at("textDocument/documentHighlight", 5, 13, json!({}));
    let kinds: Vec<u64> = h
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["kind"].as_u64()).collect())
        .unwrap_or_default();
    assert_eq!(kinds, vec![3, 2]);

    let p = s.at("textDocument/prepareRename", 1, 28, json!({}));
    assert_eq!(
        p,
        json!({"range": range(1, 26, 1, 31), "placeholder": "build"})
    );
    assert_eq!(
        s.at("textDocument/prepareRename", 0, 1, json!({})),
        Value::Null
    );

    let e = s.at("textDocument/rename", 1, 28, json!({"newName": "compile"}));
    let edits = e["changes"][URI].as_array().cloned().unwrap_or_default();
    assert_eq!(edits.len(), 2, "{e}");
    assert!(edits.iter().all(|x| x["newText"] == "compile"));
    assert_eq!(edits[1]["range"], range(5, 12, 5, 17));
    // An invalid name is refused with an error the client shows.
    s.next_id += 1;
    let id = s.next_id;
    s.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/rename",
        "params": {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 5}, "newName": "1bad"}}));
    let err = s.wait_for("rename error", |m| m["id"] == id);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("not a valid variable name"),
        "{err}"
    );
}

#[test]
fn symbols_folding_links_and_semantic_tokens() {
    let text = "# one\n# two\nFROM alpine:3.20 AS build\nRUN a && \\\n    b\nFROM scratch\nCOPY --from=build /a /a\n";
    let mut s = Server::start();
    s.open(
        json!({"textDocument": {"foldingRange": {"lineFoldingOnly": true}}}),
        text,
    );
    let syms = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    )["result"]
        .clone();
    assert_eq!(syms[0]["name"], "build");
    assert_eq!(syms[0]["kind"], 2);
    assert_eq!(syms[0]["selectionRange"], range(2, 20, 2, 25));
    let kids: Vec<&str> = syms[0]["children"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(kids, vec!["FROM", "RUN"]);
    assert_eq!(syms[1]["name"], "stage 1");

    let folds = s.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": URI}}),
    )["result"]
        .clone();
    let spans: Vec<(u64, u64)> = folds
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| Some((f["startLine"].as_u64()?, f["endLine"].as_u64()?)))
                .collect()
        })
        .unwrap_or_default();
    // Comments, stage `build`, the continued RUN, the second stage.
    assert_eq!(spans, vec![(0, 1), (2, 4), (3, 4), (5, 6)]);
    assert_eq!(folds[0]["kind"], "comment");

    let links = s.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": URI}}),
    )["result"]
        .clone();
    assert_eq!(links.as_array().map(Vec::len), Some(1), "{links}");
    assert_eq!(links[0]["target"], "https://hub.docker.com/_/alpine");
    assert_eq!(links[0]["range"], range(2, 5, 2, 11));

    let toks = s.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": URI}}),
    )["result"]["data"]
        .clone();
    let data: Vec<u64> = toks
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    assert_eq!(data.len() % 5, 0);
    // Decode to (line, start, length, type).
    let mut decoded = Vec::new();
    let (mut line, mut col) = (0, 0);
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = t[1];
        } else {
            col += t[1];
        }
        decoded.push((line, col, t[2], t[3], t[4]));
    }
    assert_eq!(decoded[0], (0, 0, 5, 4, 0), "comment first: {decoded:?}");
    assert!(
        decoded.contains(&(2, 0, 4, 0, 0)),
        "FROM keyword: {decoded:?}"
    );
    assert!(
        decoded.contains(&(2, 20, 5, 5, 1)),
        "stage declaration: {decoded:?}"
    );
    assert!(
        decoded.contains(&(6, 12, 5, 5, 0)),
        "stage use: {decoded:?}"
    );
    assert!(
        decoded.contains(&(6, 5, 6, 1, 0)),
        "--from flag: {decoded:?}"
    );
}

#[test]
fn editing_requests_on_other_files_get_nothing() {
    let mut s = Server::start();
    s.request("initialize", json!({"capabilities": {}}));
    s.notify("initialized", json!({}));
    let uri = "file:///tmp/shipshape-lsp-editing/notes.txt";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": "FROM alpine\n"}}),
    );
    let r = s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}}),
    );
    assert_eq!(r["result"], Value::Null);
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["result"], Value::Null);
}
