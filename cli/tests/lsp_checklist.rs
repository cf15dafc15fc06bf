//! `shipshape lsp`: the `shipshape.checklist` command over stdio, as the VS
//! Code extension calls it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const URI: &str = "file:///tmp/shipshape-lsp-checklist/Dockerfile";

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Server {
    fn start() -> Server {
        // A fixed date: the end-of-life rule must not make the results depend on the clock.
        let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
            .env("SHIPSHAPE_TODAY", "2025-06-01")
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take().expect("stdin");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            rx,
            next_id: 0,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|_| self.stdin.flush())
            .expect("write");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The reply to a request (server requests on the way get `null`); at
    /// most 10 s, so a missing reply fails instead of hanging.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self
                .rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no reply to {method} within 10 s"));
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
            if m.get("id").is_some() && m.get("method").is_some() {
                let rid = m["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": rid, "result": null}));
            }
        }
    }

    fn checklist(&mut self, args: Value) -> Value {
        self.request(
            "workspace/executeCommand",
            json!({"command": "shipshape.checklist", "arguments": args}),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
