//! Robustness under a long random editing session: 10,000 seeded random
//! edits (inserts, deletes, replacements, undo-like reversals, batches,
//! multi-byte and surrogate-pair characters, CRLF and lone CR, quick-fix
//! edits taken from the server's own code actions) interleaved with
//! requests at random (often invalid) positions. The server must answer
//! every request without an error, keep the same text as the client, and
//! end with the diagnostics a fresh open of the final text gets.

mod common;

use common::*;
use serde_json::{json, Value};

const URI: &str = "file:///work/project/Dockerfile";
const FRESH: &str = "file:///work/fresh/Dockerfile";
/// Edits in the session; `ROBUST_EDITS` overrides (for a quick local run).
fn edits() -> usize {
    std::env::var("ROBUST_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const SNIPPETS: &[&str] = &[
    "FROM debian:latest\n",
    "FROM alpine AS build\n",
    "RUN apt-get update && apt-get install -y curl\n",
    "RUN apt-get install curl \\\n  wget\n",
    "USER root\n",
    "MAINTAINER me\n",
    "ADD https://x/y.tar.gz /tmp/\n",
    "COPY --from=build /a /b\n",
    "CMD [\"a\", \"b\"]\n",
    "RUN <<EOF\necho hi\nEOF\n",
    "# shipshape ignore=SS101\n",
    "# escape=`\n",
    "WORKDIR app\n",
    "ENV A=1 B=$A\n",
    "é",
    "日本",
    "🚀",
    "👩‍👩‍👧",
    "\u{feff}",
    "\r\n",
    "\r",
    "\n",
    "\\\n",
    " ",
    "\t",
    "$(",
    ")",
    "\"",
    "'",
    "[",
    "RUN sudo curl -k https://x | sh",
    "HEALTHCHECK NONE\n",
    "ONBUILD RUN x\n",
];

/// The client's copy of the document, with positions computed the way the
/// LSP specification defines them (lines end at `\n`, `\r\n` or `\r`;
/// columns in UTF-16 code units).
struct Mirror {
    text: String,
}

impl Mirror {
    /// A random offset on a character boundary, not between `\r` and `\n`
    /// (that offset has no position of its own).
    fn offset(&self, rng: &mut Rng) -> usize {
        let mut at = rng.below(self.text.len() + 1);
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let b = self.text.as_bytes();
        if at > 0 && b[at - 1] == b'\r' && b.get(at) == Some(&b'\n') {
            at -= 1;
        }
        at
    }

    /// Whether `at` is a position a client can name (a character boundary,
    /// not between `\r` and `\n`).
    fn valid(&self, at: usize) -> bool {
        let b = self.text.as_bytes();
        at <= b.len()
            && self.text.is_char_boundary(at)
            && !(at > 0 && b[at - 1] == b'\r' && b.get(at) == Some(&b'\n'))
    }

    fn position(&self, offset: usize) -> Value {
        let (mut line, mut start) = (0, 0);
        let b = self.text.as_bytes();
        let mut i = 0;
        while i < offset {
            match b[i] {
                b'\n' => {
                    line += 1;
                    start = i + 1;
                }
                b'\r' if b.get(i + 1) != Some(&b'\n') => {
                    line += 1;
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let col: usize = self.text[start..offset].encode_utf16().count();
        json!({"line": line, "character": col})
    }

    fn range(&self, a: usize, b: usize) -> Value {
        json!({"start": self.position(a), "end": self.position(b)})
    }

    /// A change event for `a..b` replaced by `new`, applied to the copy;
    /// returns the event and its reversal.
    fn edit(&mut self, a: usize, b: usize, new: &str) -> (Value, (usize, usize, String)) {
        let event = json!({"range": self.range(a, b), "text": new});
        let old = self.text[a..b].to_string();
        self.text.replace_range(a..b, new);
        (event, (a, a + new.len(), old))
    }
}

/// A position anywhere, often invalid: past the end of a line or of the
/// document, or inside a surrogate pair.
fn random_position(rng: &mut Rng, m: &Mirror) -> Value {
    match rng.below(4) {
        0 => json!({"line": rng.below(400), "character": rng.below(300)}),
        1 => json!({"line": u32::MAX, "character": u32::MAX}),
        _ => {
            let mut p = m.position(m.offset(rng));
            if rng.below(3) == 0 {
                p["character"] = json!(p["character"].as_u64().unwrap_or(0) + 1);
            }
            p
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn ten_thousand_random_edits_and_requests() {
    let (mut c, init) = Client::start(utf16_push_caps(), None).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let mut rng = Rng(0x5eed_0fed_1715_eed0);
    let mut m = Mirror {
        text: "FROM debian:latest\r\nRUN apt-get install curl 🚀\nUSER root\n".to_string(),
    };
    c.open(URI, &m.text).await;
    let mut version = 1;
    let mut undo: Vec<(usize, usize, String)> = Vec::new();
    let mut requests = 0usize;
    let mut answered = 0usize;
    let mut actions_applied = 0usize;
    let mut published = 0usize;
    let mut max_len = 0usize;
    let mut last: Option<Value> = None;

    let total = edits();
    for step in 0..total {
        if step % 1000 == 0 {
            eprintln!("edit {step}: {} bytes", m.text.len());
        }
        // One didChange with one to three changes.
        let mut events = Vec::new();
        for _ in 0..1 + rng.below(3) * usize::from(rng.below(4) == 0) {
            let kind = if m.text.len() > 1200 {
                4 // shrink
            } else {
                rng.below(10)
            };
            let (event, reverse) = match kind {
                0..=3 => {
                    let at = m.offset(&mut rng);
                    let s = rng.pick(SNIPPETS);
                    m.edit(at, at, s)
                }
                4..=5 => {
                    let a = m.offset(&mut rng);
                    let most = if m.text.len() > 1200 { 400 } else { 40 };
                    let mut b = (a + rng.below(most)).min(m.text.len());
                    while !m.valid(b) {
                        b += 1;
                    }
                    m.edit(a, b, "")
                }
                6..=7 => {
                    let a = m.offset(&mut rng);
                    let b = m.offset(&mut rng);
                    let (a, b) = (a.min(b), a.max(b));
                    let b = if b - a > 60 { a } else { b };
                    let s = rng.pick(SNIPPETS);
                    m.edit(a, b, s)
                }
                _ => match undo.pop() {
                    Some((a, b, old)) if a <= b && m.valid(a) && m.valid(b) => m.edit(a, b, &old),
                    _ => {
                        let at = m.offset(&mut rng);
                        m.edit(at, at, "🚀")
                    }
                },
            };
            events.push(event);
            undo.push(reverse);
            if undo.len() > 50 {
                undo.remove(0);
            }
        }
        version += 1;
        c.change(URI, version, Value::Array(events)).await;
        max_len = max_len.max(m.text.len());
        let (server_text, server_version) = c.server_text(URI).expect("the document is open");
        assert_eq!(server_version, version);
        assert_eq!(
            server_text, m.text,
            "the server's text differs after edit {step}"
        );

        // A random request (or two).
        for _ in 0..rng.below(3) {
            requests += 1;
            let method = match rng.below(4) {
                0 | 1 => "textDocument/hover",
                2 => "textDocument/codeAction",
                _ => "textDocument/diagnostic",
            };
            let params = match method {
                "textDocument/hover" => {
                    json!({"textDocument": {"uri": URI}, "position": random_position(&mut rng, &m)})
                }
                "textDocument/codeAction" => {
                    let only = match rng.below(3) {
                        0 => json!(["quickfix"]),
                        1 => json!(["source.fixAll"]),
                        _ => Value::Null,
                    };
                    let mut context = json!({"diagnostics": []});
                    if !only.is_null() {
                        context["only"] = only;
                    }
                    json!({"textDocument": {"uri": URI},
                           "range": {"start": random_position(&mut rng, &m), "end": random_position(&mut rng, &m)},
                           "context": context})
                }
                _ => json!({"textDocument": {"uri": URI}}),
            };
            let r = c.request(method, params).await.unwrap_or_else(|e| {
                panic!("{method} at edit {step} failed: {e}\ntext: {:?}", m.text)
            });
            answered += 1;
            // Now and then take a quick fix the server offers, as an editor would.
            if method == "textDocument/codeAction" && rng.below(4) == 0 {
                let fix = r
                    .as_array()
                    .and_then(|a| a.iter().find(|x| x["edit"].is_object()));
                if let Some(fix) = fix {
                    m.text = apply_workspace_edit(&m.text, &fix["edit"], URI, "utf-16");
                    version += 1;
                    c.change(URI, version, json!([{"text": m.text}])).await;
                    undo.clear();
                    actions_applied += 1;
                }
            }
        }
        for s in c.drain() {
            if s.method == "textDocument/publishDiagnostics" && s.params["uri"] == URI {
                published += 1;
                last = Some(s.params);
            }
        }
    }

    // The last diagnostics published for the edited document…
    let c_text = m.text.clone();
    // Messages still in flight arrive now (waiting at most 10 s each).
    let mut last = last.unwrap_or_default();
    while last["version"] != version {
        last = c.diagnostics_for(URI).await;
        published += 1;
    }
    // …equal those of a fresh open of the final text.
    c.open(FRESH, &c_text).await;
    let fresh = c.diagnostics_for(FRESH).await;
    assert_eq!(
        last["diagnostics"], fresh["diagnostics"],
        "diagnostics after {total} edits differ from a fresh check of {c_text:?}"
    );
    // And the server still answers.
    let r = c.request("shutdown", Value::Null).await;
    assert!(r.is_ok(), "{r:?}");
    eprintln!(
        "{total} edits, {requests} requests ({answered} answered), {actions_applied} fixes taken, \
         {published} diagnostics published, longest text {max_len} bytes, final {} bytes",
        c_text.len()
    );
    assert_eq!(answered, requests);
    assert!(actions_applied > 0, "the session never took a fix");
}
