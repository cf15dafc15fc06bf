//! wasm-bindgen API over shipshape-core, for the web page (and any JS host).
//!
//! Every export validates its input and reports problems as a thrown JS
//! `Error` with a message (a malformed configuration throws an error named
//! `ConfigError` carrying `file`, `line` and `column`); nothing panics on
//! input. Ranges are 0-based lines and columns in the encoding asked for
//! (`positionEncoding`, UTF-16 by default, which is what JS strings and
//! CodeMirror use).
//!
//! The logic lives in [`api`], [`image`] and [`markdown`] (plain Rust, tested
//! natively); this file only converts values and declares the TypeScript types.

pub mod api;
pub mod image;
pub mod markdown;
pub mod rule_docs;

#[cfg(feature = "image")]
use std::io::Read;

#[cfg(feature = "image")]
use js_sys::{Function, Uint8Array};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[cfg(feature = "dockerfile")]
use api::TextEdit;
use api::{ApiError, Options};
#[cfg(feature = "image")]
use image::ImageOptions;

/// The version of shipshape this bundle was built from.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

// The TypeScript types: the ones both bundles use, then each bundle's own
// (a bundle's d.ts declares only what its exports need).
#[wasm_bindgen(typescript_custom_section)]
const TS_COMMON: &'static str = r#"
export type Severity = "error" | "warning" | "info" | "hint";
export type PositionEncoding = "utf-16" | "utf-8" | "chars";
export type ConfigKind = "toml" | "hadolint";
/** Options of checkDockerfile, applyFixes and render. All fields are optional. */
export interface CheckOptions {
  /** Text of a shipshape.toml (configKind "toml", the default) or a .hadolint.yaml. */
  config?: string | null;
  configKind?: ConfigKind | null;
  /** Replaces the default rule set: codes, names, peer ids, code prefixes or "ALL". */
  select?: string[] | null;
  extendSelect?: string[];
  ignore?: string[];
  /** Selector → severity. */
  severity?: Record<string, Severity>;
  /** How columns are counted (default "utf-16"). */
  positionEncoding?: PositionEncoding | null;
  /** File name used in rendered reports (default "Dockerfile"). */
  fileName?: string | null;
  /** Today's date, "YYYY-MM-DD"; without it the end-of-life rule says nothing. */
  today?: string | null;
  /** The build context's .dockerignore text; without it the context rules say nothing. */
  dockerignore?: string | null;
}

export type ChecklistVerdict = "passed" | "failed" | "not-checkable";
/** A finding that fails a checklist item. */
export interface ChecklistFinding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  /** 1-based (Dockerfile findings). */
  line?: number;
  /** 1-based, in Unicode characters (Dockerfile findings). */
  column?: number;
  /** Where in the image (image findings). */
  location?: string;
}
export interface ChecklistItem {
  /** "checklist": the seed checklist; "owasp": the OWASP Docker Top 10. */
  source: "checklist" | "owasp";
  /** `no-root`…, `D01`…`D10`. */
  id: string;
  title: string;
  description: string;
  verdict: ChecklistVerdict;
  /** Enabled rules that checked this item on this kind of input. */
  rules: string[];
  /** The findings that fail the item (empty unless failed). */
  findings: ChecklistFinding[];
  /** Why the item could not be checked (not-checkable only). */
  reason?: string;
  /** How to check by hand what the rules cannot ("manual: …"). */
  manual?: string;
}
/** The container security checklist of one checked input (shipshape_core::checklist). */
export interface ChecklistReport {
  input: "dockerfile" | "image";
  /** The 15 seed checklist items, then D01…D10. */
  items: ChecklistItem[];
  summary: { passed: number; failed: number; notCheckable: number; };
}

/** Thrown for a malformed configuration. */
export interface ConfigError extends Error {
  name: "ConfigError";
  file: "shipshape.toml" | ".hadolint.yaml";
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}
"#;

#[cfg(feature = "dockerfile")]
#[wasm_bindgen(typescript_custom_section)]
const TS_DOCKERFILE: &'static str = r#"
export type ReportFormat =
  | "markdown" | "json" | "sarif" | "checkstyle" | "gitlab"
  | "codeclimate" | "gnu" | "github" | "junit" | "statistics";

/** 0-based. */
export interface Position { line: number; character: number; }
export interface Range { start: Position; end: Position; }
export interface TextEdit { range: Range; newText: string; }
export interface Fix {
  title: string;
  /** "safe" keeps the Dockerfile's meaning; "unsafe" changes behaviour. */
  applicability: "safe" | "unsafe";
  edits: TextEdit[];
}
export interface Related { range: Range; message: string; }
export interface Diagnostic {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  range: Range;
  fix: Fix | null;
  related: Related[];
  /** The rule's documentation page. */
  url: string;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  checklist: ChecklistReport;
  /** Selectors (in options or config) that name no rule. */
  unknownSelectors: string[];
}

export interface AppliedFix { code: string; title: string; }
export interface FixAllResult {
  /** The fixed text (the input if the fixes would have broken the syntax). */
  text: string;
  applied: AppliedFix[];
  /** Findings left in `text`. */
  remaining: Diagnostic[];
  brokeSyntax: boolean;
}

export interface Equivalent { tool: string; id: string; relation: "same" | "similar"; }
export interface RuleInfo {
  code: string;
  name: string;
  summary: string;
  severity: Severity;
  category: string;
  target: "dockerfile" | "image" | "both";
  checklist: string[];
  owasp: string[];
  equivalents: Equivalent[];
  fix: "none" | "safe" | "unsafe" | "sometimes";
  defaultEnabled: boolean;
  url: string;
  /** An input that triggers the rule, and the same done right. */
  bad: string;
  good: string;
}

"#;

#[cfg(feature = "image")]
#[wasm_bindgen(typescript_custom_section)]
const TS_IMAGE: &'static str = r#"
export interface ImageOptions {
  /** os/arch[/variant] to pick from a multi-platform archive. */
  platform?: string | null;
  /** name:tag to pick from an archive holding several images. */
  image?: string | null;
}
export interface ImageConfigFacts {
  user: string | null;
  env: [string, string][];
  exposedPorts: string[];
  volumes: string[];
  labels: [string, string][];
  healthcheck: string[] | null;
  cmd: string[] | null;
  entrypoint: string[] | null;
  workingDir: string | null;
}
export interface ImageHistoryFacts { createdBy: string; emptyLayer: boolean; inBaseImage: boolean; }
export interface ImageLayerFacts {
  index: number; digest: string | null; compressedSize: number; filesSize: number;
  entryCount: number; truncated: boolean; missing: boolean;
}
export interface ImageNote { kind: "skipped" | "truncated" | "warning"; message: string; }
export interface ImageFacts {
  source: "inspect" | "container" | "config" | "docker-archive" | "oci-archive" | null;
  platform: string | null;
  id: string | null;
  repoTags: string[];
  created: string | null;
  os: string | null;
  config: ImageConfigFacts;
  history: ImageHistoryFacts[];
  layers: ImageLayerFacts[];
  fileCount: number;
  setuidFiles: string[];
  efficiencyScore: number;
  wastedBytes: number;
  notes: ImageNote[];
  stats: { inputBytes: number; archiveEntries: number; layerEntries: number; filesKept: number; };
}
export interface ImageDiagnostic {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  /** Where in the image: `config.User`, `history[4]: RUN …`, a layer and a path. */
  location: string | null;
  url: string;
}
export interface ImageCheckResult {
  facts: ImageFacts;
  diagnostics: ImageDiagnostic[];
  /** The checklist, judged by the image rules. */
  checklist: ChecklistReport;
  unknownSelectors: string[];
}
/** Returns `length` bytes (fewer only at the end) of the input from `offset`. */
export type ReadChunk = (offset: number, length: number) => Uint8Array;
export type ReadProgress = (bytesRead: number, total: number) => void;

"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "CheckOptions")]
    pub type CheckOptionsJs;
    #[wasm_bindgen(typescript_type = "ChecklistReport")]
    pub type ChecklistReportJs;
}

#[cfg(feature = "dockerfile")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "CheckResult")]
    pub type CheckResultJs;
    #[wasm_bindgen(typescript_type = "FixAllResult")]
    pub type FixAllResultJs;
    #[wasm_bindgen(typescript_type = "TextEdit[]")]
    pub type TextEditsJs;
    #[wasm_bindgen(typescript_type = "PositionEncoding")]
    pub type PositionEncodingJs;
    #[wasm_bindgen(typescript_type = "RuleInfo[]")]
    pub type RuleInfosJs;
    #[wasm_bindgen(typescript_type = "ReportFormat")]
    pub type ReportFormatJs;
    #[wasm_bindgen(typescript_type = "Record<string, string>")]
    pub type RuleDocsJs;
}

#[cfg(feature = "image")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "Uint8Array | string")]
    pub type ImageInputJs;
    #[wasm_bindgen(typescript_type = "ImageOptions")]
    pub type ImageOptionsJs;
    #[wasm_bindgen(typescript_type = "ImageFacts")]
    pub type ImageFactsJs;
    #[wasm_bindgen(typescript_type = "ImageCheckResult")]
    pub type ImageCheckResultJs;
    #[wasm_bindgen(typescript_type = "ReadChunk")]
    pub type ReadChunkJs;
    #[wasm_bindgen(typescript_type = "ReadProgress")]
    pub type ReadProgressJs;
}

fn throw(e: ApiError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    if let ApiError::Config { kind, error } = &e {
        err.set_name("ConfigError");
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), &v);
        };
        set("file", JsValue::from_str(kind.file_name()));
        set("line", JsValue::from_f64(error.line as f64));
        set("column", JsValue::from_f64(error.column as f64));
    }
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| throw(ApiError::msg(format!("internal: {e}"))))
}

fn invalid(what: &str, e: &serde_wasm_bindgen::Error) -> JsValue {
    let text = e.to_string();
    let text = text.strip_prefix("Error: ").unwrap_or(&text);
    throw(ApiError::msg(format!("invalid {what}: {text}")))
}

/// Reads an optional options object (`undefined` and `null` give the
/// defaults). Keys other than `allowed` are an error, so a misspelt option
/// is not silently ignored.
fn from_js<T: DeserializeOwned + Default>(
    value: Option<JsValue>,
    what: &str,
    allowed: &[&str],
) -> Result<T, JsValue> {
    let v = match value {
        Some(v) if !v.is_undefined() && !v.is_null() => v,
        _ => return Ok(T::default()),
    };
    if let Some(obj) = v.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(obj).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(throw(ApiError::msg(format!(
                    "invalid {what}: unknown field `{key}`, expected one of {}",
                    allowed.join(", ")
                ))));
            }
        }
    }
    serde_wasm_bindgen::from_value(v).map_err(|e| invalid(what, &e))
}

const OPTION_KEYS: &[&str] = &[
    "config",
    "configKind",
    "select",
    "extendSelect",
    "ignore",
    "severity",
    "positionEncoding",
    "fileName",
    "today",
    "dockerignore",
];
#[cfg(feature = "image")]
const IMAGE_OPTION_KEYS: &[&str] = &["platform", "image"];

fn options(value: Option<CheckOptionsJs>) -> Result<Options, JsValue> {
    from_js(value.map(Into::into), "options", OPTION_KEYS)
}

#[cfg(feature = "dockerfile")]
/// Checks a Dockerfile: diagnostics, the checklist, and unknown selectors.
#[wasm_bindgen(js_name = checkDockerfile)]
pub fn check_dockerfile(
    text: &str,
    options: Option<CheckOptionsJs>,
) -> Result<CheckResultJs, JsValue> {
    let opts = self::options(options)?;
    let result = api::check_dockerfile(text, &opts).map_err(throw)?;
    Ok(to_js(&result)?.unchecked_into())
}

#[cfg(feature = "dockerfile")]
/// The container security checklist of a Dockerfile: every seed item and
/// OWASP D01–D10, passed, failed (with the findings) or not checkable.
#[wasm_bindgen(js_name = checklistDockerfile)]
pub fn checklist_dockerfile(
    text: &str,
    options: Option<CheckOptionsJs>,
) -> Result<ChecklistReportJs, JsValue> {
    let opts = self::options(options)?;
    let report = api::checklist_dockerfile(text, &opts).map_err(throw)?;
    Ok(to_js(&report)?.unchecked_into())
}

#[cfg(feature = "dockerfile")]
/// Applies every safe fix (and unsafe ones when `unsafe_fixes` is true),
/// re-checking until nothing changes.
#[wasm_bindgen(js_name = applyFixes)]
pub fn apply_fixes(
    text: &str,
    options: Option<CheckOptionsJs>,
    unsafe_fixes: Option<bool>,
) -> Result<FixAllResultJs, JsValue> {
    let opts = self::options(options)?;
    let result = api::apply_fixes(text, &opts, unsafe_fixes.unwrap_or(false)).map_err(throw)?;
    Ok(to_js(&result)?.unchecked_into())
}

#[cfg(feature = "dockerfile")]
/// Applies one fix's edits (ranges in `encoding`, UTF-16 by default) and
/// returns the new text. Throws if edits overlap or a range is reversed.
#[wasm_bindgen(js_name = applyFix)]
pub fn apply_fix(
    text: &str,
    edits: TextEditsJs,
    encoding: Option<PositionEncodingJs>,
) -> Result<String, JsValue> {
    let edits: Vec<TextEdit> =
        serde_wasm_bindgen::from_value(edits.into()).map_err(|e| invalid("edits", &e))?;
    let enc: Option<api::PositionEncoding> = match encoding.map(JsValue::from) {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            Some(serde_wasm_bindgen::from_value(v).map_err(|e| invalid("encoding", &e))?)
        }
        _ => None,
    };
    let core_enc = Options {
        position_encoding: enc,
        ..Options::default()
    }
    .encoding();
    api::apply_fix(text, &edits, core_enc).map_err(throw)
}

#[cfg(feature = "dockerfile")]
/// Every rule's metadata, sorted by code.
#[wasm_bindgen]
pub fn rules() -> Result<RuleInfosJs, JsValue> {
    Ok(to_js(&api::rule_list())?.unchecked_into())
}

#[cfg(feature = "dockerfile")]
/// The Markdown documentation page of a rule (by code, name or peer id).
#[wasm_bindgen(js_name = ruleDoc)]
pub fn rule_doc(code: &str) -> Result<String, JsValue> {
    api::rule_doc(code).map_err(throw)
}

/// Gives the bundle the rules' `why` texts (code → Markdown), which the
/// page's bundle is built without (to stay small): `ruleDoc` and the SARIF
/// and Code Climate reports include them once given. The page passes
/// `rule-docs.json`, generated next to the bundle. Call it once, after init.
#[cfg(feature = "dockerfile")]
#[wasm_bindgen(js_name = setRuleDocs)]
pub fn set_rule_docs(texts: RuleDocsJs) -> Result<(), JsValue> {
    let texts: std::collections::BTreeMap<String, String> =
        serde_wasm_bindgen::from_value(texts.into()).map_err(|e| invalid("rule docs", &e))?;
    rule_docs::set(&texts).map_err(throw)
}

/// Checks `text` and renders the findings as a report (`markdown`, `json`,
/// `sarif`, …), named after `options.fileName`.
#[cfg(feature = "dockerfile")]
#[wasm_bindgen]
pub fn render(
    format: ReportFormatJs,
    text: &str,
    options: Option<CheckOptionsJs>,
) -> Result<String, JsValue> {
    let opts = self::options(options)?;
    let format = JsValue::from(format)
        .as_string()
        .ok_or_else(|| throw(ApiError::msg("format must be a string")))?;
    api::render(&format, text, &opts).map_err(throw)
}

/// The shipshape version of this bundle.
#[wasm_bindgen]
pub fn version() -> String {
    VERSION.to_string()
}

#[cfg(feature = "image")]
/// Bytes of an image input: a string (JSON) or a Uint8Array.
fn image_bytes(input: ImageInputJs) -> Result<Vec<u8>, JsValue> {
    let input = JsValue::from(input);
    if let Some(text) = input.as_string() {
        Ok(text.into_bytes())
    } else if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        Ok(bytes.to_vec())
    } else {
        Err(throw(ApiError::msg(
            "image input must be a Uint8Array or a string",
        )))
    }
}

#[cfg(feature = "image")]
/// A reader over a JS chunk callback, checked.
fn chunks(
    size: f64,
    read: ReadChunkJs,
    progress: Option<ReadProgressJs>,
) -> Result<Chunks, JsValue> {
    let read: Function = JsValue::from(read)
        .dyn_into()
        .map_err(|_| throw(ApiError::msg("read must be a function")))?;
    let progress: Option<Function> = progress.map(JsValue::from).and_then(|p| p.dyn_into().ok());
    if !(size.is_finite() && size >= 0.0) {
        return Err(throw(ApiError::msg("size must be a non-negative number")));
    }
    Ok(Chunks {
        read,
        progress,
        size,
        offset: 0.0,
        buf: Vec::new(),
        pos: 0,
    })
}

#[cfg(feature = "image")]
fn image_options(options: Option<ImageOptionsJs>) -> Result<ImageOptions, JsValue> {
    from_js(options.map(Into::into), "image options", IMAGE_OPTION_KEYS)
}

#[cfg(feature = "image")]
/// Reads an image (`docker inspect` JSON, an image config, or the bytes of a
/// `docker save` / OCI archive, possibly gzip- or zstd-compressed) and
/// returns its facts.
#[wasm_bindgen(js_name = readImage)]
pub fn read_image(
    input: ImageInputJs,
    options: Option<ImageOptionsJs>,
) -> Result<ImageFactsJs, JsValue> {
    let opts = image_options(options)?;
    let bytes = image_bytes(input)?;
    let facts = image::read_facts(bytes.as_slice(), &opts).map_err(throw)?;
    Ok(to_js(&facts)?.unchecked_into())
}

#[cfg(feature = "image")]
/// Like `readImage`, but pulls the input in chunks from `read` (for example
/// `FileReaderSync` over a `File` in a worker), so a large archive is never
/// held in memory whole; `progress` is called after each chunk.
#[wasm_bindgen(js_name = readImageChunks)]
pub fn read_image_chunks(
    size: f64,
    read: ReadChunkJs,
    progress: Option<ReadProgressJs>,
    options: Option<ImageOptionsJs>,
) -> Result<ImageFactsJs, JsValue> {
    let opts = image_options(options)?;
    let reader = chunks(size, read, progress)?;
    let facts = image::read_facts(reader, &opts).map_err(throw)?;
    Ok(to_js(&facts)?.unchecked_into())
}

#[cfg(feature = "image")]
/// Reads an image (as `readImage`) and checks it with the image rules:
/// facts, findings (located by `location`), the checklist.
#[wasm_bindgen(js_name = checkImage)]
pub fn check_image(
    input: ImageInputJs,
    options: Option<CheckOptionsJs>,
    image_options: Option<ImageOptionsJs>,
) -> Result<ImageCheckResultJs, JsValue> {
    let opts = self::options(options)?;
    let img_opts = self::image_options(image_options)?;
    let bytes = image_bytes(input)?;
    let result = image::check(bytes.as_slice(), &img_opts, &opts).map_err(throw)?;
    Ok(to_js(&result)?.unchecked_into())
}

#[cfg(feature = "image")]
/// The container security checklist of an image (read as `readImage`),
/// judged by the image checks.
#[wasm_bindgen(js_name = checklistImage)]
pub fn checklist_image(
    input: ImageInputJs,
    options: Option<CheckOptionsJs>,
    image_options: Option<ImageOptionsJs>,
) -> Result<ChecklistReportJs, JsValue> {
    let opts = self::options(options)?;
    let img_opts = self::image_options(image_options)?;
    let bytes = image_bytes(input)?;
    let report = image::checklist_only(bytes.as_slice(), &img_opts, &opts).map_err(throw)?;
    Ok(to_js(&report)?.unchecked_into())
}

#[cfg(feature = "image")]
/// `checkImage` over chunks pulled from `read` (see `readImageChunks`).
#[wasm_bindgen(js_name = checkImageChunks)]
pub fn check_image_chunks(
    size: f64,
    read: ReadChunkJs,
    progress: Option<ReadProgressJs>,
    options: Option<CheckOptionsJs>,
    image_options: Option<ImageOptionsJs>,
) -> Result<ImageCheckResultJs, JsValue> {
    let opts = self::options(options)?;
    let img_opts = self::image_options(image_options)?;
    let reader = chunks(size, read, progress)?;
    let result = image::check(reader, &img_opts, &opts).map_err(throw)?;
    Ok(to_js(&result)?.unchecked_into())
}

#[cfg(feature = "image")]
const CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

#[cfg(feature = "image")]
/// A `Read` over a JS chunk callback.
struct Chunks {
    read: Function,
    progress: Option<Function>,
    size: f64,
    offset: f64,
    buf: Vec<u8>,
    pos: usize,
}

#[cfg(feature = "image")]
impl Read for Chunks {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.buf.len() {
            if self.offset >= self.size {
                return Ok(0);
            }
            let len = CHUNK.min(self.size - self.offset);
            let got = self
                .read
                .call2(&JsValue::NULL, &self.offset.into(), &len.into())
                .map_err(|e| {
                    let msg = e
                        .dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message()))
                        .or_else(|| e.as_string())
                        .unwrap_or_else(|| "the read callback threw".to_string());
                    std::io::Error::other(msg)
                })?;
            let arr: Uint8Array = got
                .dyn_into()
                .map_err(|_| std::io::Error::other("the read callback must return a Uint8Array"))?;
            self.buf = arr.to_vec();
            self.pos = 0;
            if self.buf.is_empty() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the read callback returned no bytes before the end",
                ));
            }
            self.offset += self.buf.len() as f64;
            if let Some(p) = &self.progress {
                let _ = p.call2(&JsValue::NULL, &self.offset.into(), &self.size.into());
            }
        }
        let rest = self.buf.get(self.pos..).unwrap_or(&[]);
        let n = rest.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        Ok(n)
    }
}
