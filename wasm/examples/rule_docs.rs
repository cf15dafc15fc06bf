//! Prints every rule's `why` text as JSON (code → Markdown), for the web
//! page: web/scripts/build-wasm.sh writes it next to the Dockerfile bundle,
//! which is built without the texts, and the page passes it to
//! `setRuleDocs`. Run natively (the core's `docs` feature on).

fn main() {
    let texts: serde_json::Map<String, serde_json::Value> = shipshape_core::rules::all()
        .map(|m| (m.code.to_string(), m.why.trim().into()))
        .collect();
    println!("{}", serde_json::Value::Object(texts));
}
