// The wasm API, as JS callers see it: every export, its shapes, positions
// in each encoding, and errors thrown as exceptions (never a trap).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import wasm, { dtsPath, image, imageDtsPath, ruleDocs } from "./load-wasm.mjs";
import { dockerSaveArchive } from "./tar.mjs";

const BAD = "FROM alpine:3.20\nCOPY onlyone\n";
// Only the syntax-error rule: most tests here are about the API, not the rules.
const S1 = { select: ["SS001"] };
// The configuration the examples of configuration-driven rules (trusted
// registries, label schema) assume: a copy of EXAMPLE_CONFIG in
// core/src/rules/config_support.rs. Rules that read no configuration ignore it.
const EXAMPLE_CONFIG = `trusted-registries = ["ghcr.io", "*.corp.example"]
strict-labels = true

[label-schema]
"org.opencontainers.image.source" = "url"
"org.opencontainers.image.version" = "semver"
`;
const only = (code) => ({ select: [code], config: EXAMPLE_CONFIG, ...EXAMPLE_INPUTS });

function throwsError(fn, re) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof Error, `expected an Error, got ${thrown}`);
  assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `trapped: ${thrown.message}`);
  if (re) assert.match(thrown.message, re);
  return thrown;
}

test("version() is the workspace version", () => {
  const cargo = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");
  const want = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/.exec(cargo)[1];
  assert.equal(wasm.version(), want);
});

test("checkDockerfile: diagnostic shape", () => {
  const r = wasm.checkDockerfile(BAD, S1);
  assert.deepEqual(Object.keys(r).sort(), ["checklist", "diagnostics", "unknownSelectors"]);
  assert.equal(r.diagnostics.length, 1);
  const d = r.diagnostics[0];
  assert.deepEqual(Object.keys(d).sort(), ["code", "fix", "message", "name", "range", "related", "severity", "url"]);
  assert.equal(d.code, "SS001");
  assert.equal(d.name, "syntax-error");
  assert.equal(d.severity, "error");
  assert.equal(typeof d.message, "string");
  assert.ok(d.message.length > 0);
  assert.deepEqual(d.range.start, { line: 1, character: 5 }); // the missing argument, after "COPY "
  assert.equal(d.range.end.line, 1);
  assert.ok(d.range.end.character > 0);
  assert.equal(d.fix, null);
  assert.deepEqual(d.related, []);
  assert.match(d.url, /SS001\.md$/);
  assert.deepEqual(r.unknownSelectors, []);
});

test("checkDockerfile: ranges on a line with an emoji, in each encoding", () => {
  const src = "FROM alpine:3.20\n🐳 COPY x\n";
  const want = { "utf-16": 2, "utf-8": 4, chars: 1 };
  for (const [enc, end] of Object.entries(want)) {
    const [d] = wasm.checkDockerfile(src, { ...S1, positionEncoding: enc }).diagnostics;
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: end } }, enc);
  }
  // UTF-16 is the default, and JS string indices use it.
  const [d] = wasm.checkDockerfile(src, S1).diagnostics;
  const line = src.split("\n")[d.range.start.line];
  assert.equal(line.slice(d.range.start.character, d.range.end.character), "🐳");
});

test("checkDockerfile: select, ignore, severity and unknown selectors", () => {
  assert.equal(wasm.checkDockerfile(BAD, { ...S1, ignore: ["SS001"] }).diagnostics.length, 0);
  assert.equal(wasm.checkDockerfile(BAD, { ...S1, ignore: ["syntax-error"] }).diagnostics.length, 0);
  assert.equal(wasm.checkDockerfile(BAD, { select: ["SS002"] }).diagnostics.length, 0);
  assert.equal(wasm.checkDockerfile(BAD, { ...S1, severity: { SS001: "hint" } }).diagnostics[0].severity, "hint");
  const r = wasm.checkDockerfile(BAD, { ignore: ["NOPE42"], extendSelect: ["nothing-here"] });
  assert.deepEqual(r.unknownSelectors.sort(), ["NOPE42", "nothing-here"]);
});

test("checkDockerfile: configuration text (shipshape.toml and .hadolint.yaml)", () => {
  assert.equal(wasm.checkDockerfile(BAD, { ...S1, config: 'ignore = ["SS001"]\n' }).diagnostics.length, 0);
  const sev = wasm.checkDockerfile(BAD, { ...S1, config: '[severity]\nsyntax-error = "info"\n' });
  assert.equal(sev.diagnostics[0].severity, "info");
  // hadolint's id for our syntax-error rule is DL1000.
  const yaml = wasm.checkDockerfile(BAD, { ...S1, config: "ignored:\n  - DL1000\n", configKind: "hadolint" });
  assert.equal(yaml.diagnostics.length, 0);
  // Options win over the config's select.
  const both = wasm.checkDockerfile(BAD, { config: 'select = ["SS002"]\n', select: ["SS001"] });
  assert.equal(both.diagnostics.length, 1);
});

test("a malformed config throws a ConfigError with line and column", () => {
  const e = throwsError(() => wasm.checkDockerfile(BAD, { config: 'select = ["ALL"]\nignore = 3\n' }), /^shipshape\.toml:2:\d+: /);
  assert.equal(e.name, "ConfigError");
  assert.equal(e.file, "shipshape.toml");
  assert.equal(e.line, 2);
  assert.ok(Number.isInteger(e.column) && e.column >= 1);
  const y = throwsError(() => wasm.checkDockerfile(BAD, { config: "ignored:\n  - DL3008\n  bad: [\n", configKind: "hadolint" }));
  assert.equal(y.name, "ConfigError");
  assert.equal(y.file, ".hadolint.yaml");
  assert.ok(y.line >= 2, `line ${y.line}`);
  const t = throwsError(() => wasm.checkDockerfile(BAD, { config: "select = [\n" }));
  assert.equal(t.name, "ConfigError");
});

test("bad options are exceptions with a message", () => {
  throwsError(() => wasm.checkDockerfile(BAD, { selct: ["SS001"] }), /selct/);
  throwsError(() => wasm.checkDockerfile(BAD, { severity: { SS001: "loud" } }), /loud/);
  throwsError(() => wasm.checkDockerfile(BAD, { positionEncoding: "utf-32" }), /utf-32/);
  throwsError(() => wasm.checkDockerfile(BAD, { configKind: "json", config: "x" }), /json/);
  throwsError(() => wasm.checkDockerfile(BAD, 42), /options/);
  // Still usable afterwards (no trap poisoned the instance).
  assert.equal(wasm.checkDockerfile(BAD, S1).diagnostics.length, 1);
});

test("checklist: every seed item and OWASP D01-D10, verdicts derived from rule metadata", () => {
  const rules = wasm.rules();
  const { checklist } = wasm.checkDockerfile("FROM alpine:3.20\n");
  assert.equal(checklist.input, "dockerfile");
  const items = checklist.items;
  assert.equal(items.filter((i) => i.source === "checklist").length, 15);
  assert.deepEqual(
    items.filter((i) => i.source === "owasp").map((i) => i.id),
    ["D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09", "D10"],
  );
  assert.ok(items.some((i) => i.id === "no-root" && /root/.test(i.title)));
  const count = (v) => items.filter((i) => i.verdict === v).length;
  assert.deepEqual(checklist.summary, { passed: count("passed"), failed: count("failed"), notCheckable: count("not-checkable") });
  for (const item of items) {
    for (const k of ["description", "findings", "id", "rules", "source", "title", "verdict"]) assert.ok(k in item, `${item.id} ${k}`);
    const covering = rules.filter(
      (r) => r.defaultEnabled && r.target !== "image" && (r.checklist.includes(item.id) || r.owasp.includes(item.id)),
    );
    assert.deepEqual(item.rules, covering.map((r) => r.code), item.id);
    if (item.verdict === "failed") assert.ok(item.findings.length > 0);
    else assert.equal(item.verdict, covering.length > 0 ? "passed" : "not-checkable", item.id);
    assert.equal("reason" in item, item.verdict === "not-checkable", item.id);
    if (item.manual !== undefined) assert.match(item.manual, /^manual: /);
  }
  // Runtime-only items say how to check them by hand.
  assert.match(items.find((i) => i.id === "D07").manual, /--memory/);
  assert.match(items.find((i) => i.id === "signed-images").manual, /cosign/);
  // An item fails when a rule listing it fires on the rule's own bad example,
  // with the finding's line.
  for (const r of rules.filter((r) => r.target !== "image" && r.checklist.length + r.owasp.length > 0)) {
    const res = wasm.checkDockerfile(r.bad, only(r.code));
    const d = res.diagnostics.find((d) => d.code === r.code);
    if (!d) continue;
    for (const id of [...r.checklist, ...r.owasp]) {
      const item = res.checklist.items.find((i) => i.id === id);
      assert.equal(item.verdict, "failed", `${r.code} ${id}`);
      const f = item.findings.find((f) => f.code === r.code);
      assert.equal(f.line, d.range.start.line + 1, `${r.code} ${id}`);
    }
    // checklistDockerfile gives the same report on its own.
    assert.deepEqual(wasm.checklistDockerfile(r.bad, only(r.code)), res.checklist);
  }
  throwsError(() => wasm.checklistDockerfile("FROM a\n", { config: "ignore = 3" }), /shipshape\.toml:1:/);
});

test("rules(): metadata of every rule, sorted by code", () => {
  const rules = wasm.rules();
  assert.ok(rules.length >= 2);
  const codes = rules.map((r) => r.code);
  assert.deepEqual([...codes].sort(), codes);
  for (const r of rules) {
    assert.match(r.code, /^SS\d{3}$/);
    assert.match(r.name, /^[a-z0-9-]+$/);
    assert.ok(["error", "warning", "info", "hint"].includes(r.severity));
    assert.ok(["dockerfile", "image", "both"].includes(r.target));
    assert.ok(["none", "safe", "unsafe", "sometimes"].includes(r.fix));
    assert.equal(typeof r.defaultEnabled, "boolean");
    assert.ok(Array.isArray(r.checklist) && Array.isArray(r.owasp) && Array.isArray(r.equivalents));
    assert.match(r.url, new RegExp(`${r.code}\\.md$`));
  }
  const ss001 = rules.find((r) => r.code === "SS001");
  assert.deepEqual(ss001.equivalents, [
    { tool: "hadolint", id: "DL1000", relation: "similar" },
    { tool: "hadolint", id: "DL3043", relation: "similar" },
  ]);
});

// The inputs the rules' examples assume (core's rules::EXAMPLE_TODAY and
// EXAMPLE_DOCKERIGNORE): the date and context rules need them to report.
const EXAMPLE_INPUTS = { today: "2026-01-01", dockerignore: ".git\nnode_modules\n" };

test("every Dockerfile rule reports on its own bad example", () => {
  for (const r of wasm.rules().filter((r) => r.target !== "image")) {
    const codes = wasm.checkDockerfile(r.bad, only(r.code)).diagnostics.map((d) => d.code);
    if (r.code === "SS002") continue; // unused-suppression needs the suppressed rule enabled too
    assert.ok(codes.includes(r.code), `${r.code} on its bad example: ${codes}`);
  }
});

test("applyFixes: shape, and each fixable rule's findings go away", (t) => {
  const none = wasm.applyFixes(BAD, S1);
  assert.deepEqual(Object.keys(none).sort(), ["applied", "brokeSyntax", "remaining", "text"]);
  assert.equal(none.text, BAD);
  assert.deepEqual(none.applied, []);
  assert.equal(none.remaining.length, 1);
  assert.equal(none.brokeSyntax, false);
  const fixable = wasm.rules().filter((r) => r.fix !== "none" && r.target !== "image");
  if (fixable.length === 0) {
    t.skip("no rule offers a fix yet on this branch");
    return;
  }
  for (const r of fixable) {
    const opts = only(r.code);
    const before = wasm.checkDockerfile(r.bad, opts).diagnostics.filter((d) => d.code === r.code && d.fix);
    if (before.length === 0) continue; // "sometimes" rules may not fix their example
    const out = wasm.applyFixes(r.bad, opts, true);
    assert.notEqual(out.text, r.bad, r.code);
    assert.ok(out.applied.some((a) => a.code === r.code), r.code);
    assert.equal(out.remaining.filter((d) => d.code === r.code && d.fix).length, 0, r.code);
    // applyFix with the first fix's edits changes the text the same way as its CodeMirror action.
    const one = wasm.applyFix(r.bad, before[0].fix.edits);
    assert.notEqual(one, r.bad);
  }
});

test("applyFix: ranges in the asked encoding; overlapping or reversed edits throw", () => {
  const src = "RUN echo 🐳 x\n";
  const edit = (s, e, newText) => ({ range: { start: { line: 0, character: s }, end: { line: 0, character: e } }, newText });
  assert.equal(wasm.applyFix(src, [edit(12, 13, "y")]), "RUN echo 🐳 y\n");
  assert.equal(wasm.applyFix(src, [edit(12, 13, "y")], "utf-16"), "RUN echo 🐳 y\n");
  assert.equal(wasm.applyFix(src, [edit(11, 12, "y")], "chars"), "RUN echo 🐳 y\n");
  assert.equal(wasm.applyFix(src, [edit(14, 15, "y")], "utf-8"), "RUN echo 🐳 y\n");
  assert.equal(wasm.applyFix(src, [edit(0, 3, "CMD"), edit(4, 8, "echo2")]), "CMD echo2 🐳 x\n");
  throwsError(() => wasm.applyFix(src, [edit(0, 3, "A"), edit(2, 4, "B")]), /overlap/);
  throwsError(() => wasm.applyFix(src, [edit(3, 1, "A")]), /before it starts/);
  throwsError(() => wasm.applyFix(src, [{ range: 1 }]), /edits/);
  throwsError(() => wasm.applyFix(src, [], "utf-32"), /encoding/);
});

test("ruleDoc: markdown page by code, name or peer id; unknown throws", () => {
  const doc = wasm.ruleDoc("SS001");
  assert.match(doc, /^# SS001 syntax-error\n/);
  assert.match(doc, /## Why/);
  assert.equal(wasm.ruleDoc("syntax-error"), doc);
  assert.equal(wasm.ruleDoc("DL1000"), doc);
  throwsError(() => wasm.ruleDoc("SS999"), /SS999/);
});

test("ruleDoc: the same page as docs/rules/ for every rule, with the texts the page gives", () => {
  const rules = wasm.rules();
  assert.deepEqual(Object.keys(ruleDocs).sort(), rules.map((r) => r.code).sort());
  for (const r of rules) {
    const page = readFileSync(new URL(`../../docs/rules/${r.code}.md`, import.meta.url), "utf8");
    assert.equal(wasm.ruleDoc(r.code), page, r.code);
    assert.ok(ruleDocs[r.code].length > 0 && page.includes(ruleDocs[r.code]), r.code);
  }
  // SARIF carries the rule's text as its full description.
  const sarif = JSON.parse(wasm.render("sarif", "FROM alpine:latest\n", { select: ["latest-tag"] }));
  const rule = sarif.runs[0].tool.driver.rules.find((x) => x.name === "latest-tag");
  assert.equal(rule.fullDescription.text, ruleDocs[rule.id]);
  throwsError(() => wasm.setRuleDocs({ SS999: "x" }), /SS999/);
  throwsError(() => wasm.setRuleDocs("nope"), /rule docs/);
});

test("render: json, sarif and markdown reports", () => {
  const json = JSON.parse(wasm.render("json", BAD, { ...S1, fileName: "app/Dockerfile" }));
  assert.equal(json.length, 1);
  assert.equal(json[0].code, "SS001");
  assert.equal(json[0].file, "app/Dockerfile");
  assert.equal(json[0].line, 2);
  const sarif = JSON.parse(wasm.render("sarif", BAD, S1));
  assert.equal(sarif.version, "2.1.0");
  assert.equal(sarif.runs[0].results[0].ruleId, "SS001");
  const md = wasm.render("markdown", BAD, S1);
  assert.match(md, /^# shipshape report/);
  assert.match(md, /\| Dockerfile:2:6 \| error \| \[SS001\]/);
  assert.match(wasm.render("markdown", "FROM alpine:3.20\n", S1), /No findings\./);
  throwsError(() => wasm.render("yaml", BAD), /unknown format `yaml`/);
});

test("readImage: image config JSON and a docker save archive", () => {
  const cfg = image.readImage(JSON.stringify({ architecture: "arm64", os: "linux", config: { User: "app", ExposedPorts: { "80/tcp": {} } } }));
  assert.equal(cfg.source, "config");
  assert.equal(cfg.config.user, "app");
  assert.deepEqual(cfg.config.exposedPorts, ["80/tcp"]);
  assert.equal(cfg.platform, "linux/arm64");

  const facts = image.readImage(dockerSaveArchive());
  assert.equal(facts.source, "docker-archive");
  assert.deepEqual(facts.repoTags, ["demo/app:1.0"]);
  assert.equal(facts.os, "Demo Linux 1.0");
  assert.equal(facts.config.user, null);
  assert.deepEqual(facts.config.exposedPorts, ["22/tcp", "8080/tcp"]);
  assert.deepEqual(facts.config.env[1], ["API_TOKEN", "hunter2"]);
  assert.deepEqual(facts.setuidFiles, ["/usr/bin/su"]);
  assert.equal(facts.layers.length, 1);
  assert.equal(facts.history.length, 3);
  assert.ok(facts.fileCount >= 6, `${facts.fileCount} files`);
});

test("readImageChunks: pulls the archive in chunks and reports progress", () => {
  const bytes = dockerSaveArchive();
  const calls = [];
  const progress = [];
  const facts = image.readImageChunks(
    bytes.length,
    (offset, length) => {
      calls.push([offset, length]);
      return bytes.subarray(offset, offset + length);
    },
    (done, total) => progress.push([done, total]),
  );
  assert.deepEqual(facts, image.readImage(bytes));
  assert.deepEqual(calls[0], [0, bytes.length]);
  assert.deepEqual(progress.at(-1), [bytes.length, bytes.length]);
  throwsError(
    () => image.readImageChunks(100, () => {
      throw new Error("disk on fire");
    }),
    /disk on fire/,
  );
  throwsError(() => image.readImageChunks(100, () => "nope"), /Uint8Array/);
});

test("checkImage: facts, image findings located in the image, and the image checklist", () => {
  const r = image.checkImage(dockerSaveArchive());
  assert.deepEqual(Object.keys(r).sort(), ["checklist", "diagnostics", "facts", "unknownSelectors"]);
  assert.deepEqual(r.facts, image.readImage(dockerSaveArchive()));
  const byName = Object.fromEntries(r.diagnostics.map((d) => [d.name, d]));
  // The archive's config: no User, port 22 exposed, API_TOKEN in the environment.
  assert.equal(byName["image-root-user"].location, "config.User");
  assert.match(byName["image-sensitive-port"].location, /22\/tcp/);
  assert.match(byName["image-secret-env"].location, /API_TOKEN/);
  for (const d of r.diagnostics) {
    assert.deepEqual(Object.keys(d).sort(), ["code", "location", "message", "name", "severity", "url"]);
    assert.match(d.url, new RegExp(`${d.code}\\.md$`));
  }
  assert.equal(r.checklist.input, "image");
  const item = (id) => r.checklist.items.find((i) => i.id === id);
  assert.equal(item("no-root").verdict, "failed");
  const f = item("no-root").findings.find((f) => f.code === byName["image-root-user"].code);
  assert.equal(f.location, "config.User");
  assert.equal(f.line, undefined);
  assert.equal(item("no-secrets-in-env").verdict, "failed");
  assert.deepEqual(image.checklistImage(dockerSaveArchive()), r.checklist);
  // Judged by image rules only: a Dockerfile-only item is not checkable from an image.
  const dockerfileOnly = wasm.rules().filter((x) => x.target === "dockerfile").flatMap((x) => x.checklist);
  const imageAny = new Set(wasm.rules().filter((x) => x.target !== "dockerfile").flatMap((x) => x.checklist));
  for (const id of dockerfileOnly.filter((id) => !imageAny.has(id))) assert.notEqual(item(id).verdict, "failed", id);
  assert.equal(item("no-latest-tag").verdict, "not-checkable");
  // Settings apply: ignoring a rule removes its finding and passes nothing it did not check.
  const quiet = image.checkImage(dockerSaveArchive(), { ignore: ["image-root-user"] });
  assert.ok(!quiet.diagnostics.some((d) => d.name === "image-root-user"));
  // Chunks give the same result.
  const bytes = dockerSaveArchive();
  assert.deepEqual(image.checkImageChunks(bytes.length, (o, l) => bytes.subarray(o, o + l)), r);
  throwsError(() => image.checkImage("nope"), /not an image/);
  throwsError(() => image.checkImage(bytes, { config: "ignore = 3" }), /shipshape\.toml:1:/);
});

test("readImage: bad input is an exception, never a trap", () => {
  throwsError(() => image.readImage("hello"), /not an image/);
  throwsError(() => image.readImage(new Uint8Array([0x1f, 0x8b, 0, 1, 2])), /./);
  throwsError(() => image.readImage("{\"a\":"), /not valid JSON/);
  throwsError(() => image.readImage(42), /Uint8Array or a string/);
  throwsError(() => image.readImage("{}", { platform: "/" }), /platform/);
  // Truncated archives.
  const bytes = dockerSaveArchive();
  for (const cut of [100, 600, 3000, bytes.length - 1100]) {
    try {
      image.readImage(bytes.subarray(0, cut));
    } catch (e) {
      assert.ok(!(e instanceof WebAssembly.RuntimeError), `trap at cut ${cut}: ${e.message}`);
    }
  }
});

test("random input never traps", () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const alphabet = ["FROM ", "RUN ", "COPY ", "\\\n", "<<EOF\n", "EOF\n", "\"", "[", "]", "🐳", "é", "\r", "\n", "$", "{", "# ", "a", " "];
  for (let i = 0; i < 300; i++) {
    let s = "";
    const n = Math.floor(rnd() * 40);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    const r = wasm.checkDockerfile(s, { select: ["ALL"] });
    assert.ok(Array.isArray(r.diagnostics));
    wasm.applyFixes(s, { select: ["ALL"] }, true);
    const bytes = new Uint8Array(n).map(() => Math.floor(rnd() * 256));
    try {
      image.readImage(bytes);
    } catch (e) {
      assert.ok(!(e instanceof WebAssembly.RuntimeError), `trap: ${e.message}`);
    }
  }
});

test("the TypeScript definitions type every export without `any`", () => {
  const dts = readFileSync(dtsPath, "utf8");
  const imageDts = readFileSync(imageDtsPath, "utf8");
  for (const name of ["checkDockerfile", "checklistDockerfile", "applyFixes", "applyFix", "rules", "ruleDoc", "setRuleDocs", "render", "version"]) {
    assert.match(dts, new RegExp(`export function ${name}\\(`), name);
  }
  for (const name of ["readImage", "readImageChunks", "checkImage", "checkImageChunks", "checklistImage", "version"]) {
    assert.match(imageDts, new RegExp(`export function ${name}\\(`), name);
  }
  assert.match(dts, /export function checkDockerfile\(text: string, options\?: CheckOptions \| null\): CheckResult;/);
  assert.match(dts, /export function checklistDockerfile\(text: string, options\?: CheckOptions \| null\): ChecklistReport;/);
  assert.match(imageDts, /export function checklistImage\(input: Uint8Array \| string, options\?: CheckOptions \| null, image_options\?: ImageOptions \| null\): ChecklistReport;/);
  // The public part (everything before wasm-bindgen's init plumbing).
  for (const d of [dts, imageDts]) assert.doesNotMatch(d.split("export type InitInput")[0], /\bany\b/);
});

test("the two bundles: image input only in the image bundle, both the same version", () => {
  for (const name of ["readImage", "readImageChunks", "checkImage", "checkImageChunks", "checklistImage"]) {
    assert.equal(typeof image[name], "function", name);
    assert.equal(wasm[name], undefined, `${name} is not in the Dockerfile bundle`);
  }
  for (const name of ["checkDockerfile", "applyFixes", "rules", "ruleDoc", "render"]) {
    assert.equal(image[name], undefined, `${name} is not in the image bundle`);
  }
  assert.equal(image.version(), wasm.version());
});

test("checkDockerfile: today and dockerignore options feed the date and context rules", () => {
  const src = "FROM node:16\nCOPY . .\n";
  const codes = (o) => wasm.checkDockerfile(src, { select: ["SS210", "SS430"], ...o }).diagnostics.map((d) => d.code);
  assert.deepEqual(codes({}), []);
  assert.deepEqual(codes({ today: "2026-01-01", dockerignore: ".git\n" }), ["SS210", "SS430"]);
  assert.deepEqual(codes({ today: "2023-01-01", dockerignore: ".git\n.env*\n*.pem\nid_*\n" }), []);
  const eol = wasm.checkDockerfile(src, { select: ["SS210"], today: "2026-01-01" }).diagnostics[0];
  assert.match(eol.message, /Node\.js 16 \(end of life 2023-09-11\)/);
  assert.throws(() => wasm.checkDockerfile(src, { today: "Jan 1" }), /YYYY-MM-DD/);
});
