//! `shipshape lsp`: the `shipshape.checklist` command over stdio, as the VS
//! Code extension calls it.

use serde_json::{json, Value};

#[path = "support/lsp.rs"]
mod lsp;
use lsp::Server;

const URI: &str = "file:///tmp/shipshape-lsp-checklist/Dockerfile";

impl Server {
    fn checklist(&mut self, args: Value) -> Value {
        self.request(
            "workspace/executeCommand",
            json!({"command": "shipshape.checklist", "arguments": args}),
        )
    }
}

fn item<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == id))
        .unwrap_or_else(|| panic!("no item {id} in {report}"))
}

#[test]
fn checklist_command_reports_on_the_current_text_and_settings() {
    let mut s = Server::start();
    let init = s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(
        init["result"]["capabilities"]["executeCommandProvider"]["commands"],
        json!(["shipshape.checklist"])
    );
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1,
               "text": "FROM ubuntu:latest\nUSER app\n"}}),
    );

    let r = s.checklist(json!([URI]));
    let report = &r["result"];
    assert_eq!(report["input"], "dockerfile", "{r}");
    let latest = item(report, "no-latest-tag");
    assert_eq!(latest["verdict"], "failed");
    assert_eq!(latest["findings"][0]["code"], "SS202");
    assert_eq!(latest["findings"][0]["line"], 1);
    assert_eq!(item(report, "no-root")["verdict"], "passed");
    let d07 = item(report, "D07");
    assert_eq!(d07["verdict"], "not-checkable");
    assert!(d07["manual"].as_str().unwrap_or("").starts_with("manual: "));

    // The report follows the unsaved text: the tag fixed, root again.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"text": "FROM ubuntu:24.04\nUSER root\n"}]}),
    );
    let report = s.checklist(json!([{"uri": URI}]))["result"].clone();
    let latest = item(&report, "no-latest-tag");
    assert!(
        latest["findings"]
            .as_array()
            .is_some_and(|f| f.iter().all(|f| f["code"] != "SS202")),
        "{latest}"
    );
    let root = item(&report, "no-root");
    assert_eq!(root["verdict"], "failed");
    assert_eq!(root["findings"][0]["line"], 2);

    // ...and the settings: with the root rules ignored, no-root loses them.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"ignore": ["SS101", "SS102", "SS103", "SS104", "SS107"]}}}),
    );
    let report = s.checklist(json!([URI]))["result"].clone();
    assert_eq!(
        item(&report, "no-root")["verdict"],
        "not-checkable",
        "{report}"
    );

    // Errors: a document that is not open, no argument.
    let r = s.checklist(json!(["file:///nowhere/Dockerfile"]));
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("not open"),
        "{r}"
    );
    let r = s.checklist(json!([]));
    assert_eq!(r["error"]["code"], -32602, "{r}");
}
