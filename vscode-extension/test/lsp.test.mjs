// The built server, driven over stdio the way the extension's client drives it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyEdit, startServer } from "./helpers.mjs";

const URI = "file:///tmp/shipshape-ext-test/Dockerfile";
const open = (s, text, uri = URI, version = 1) =>
  s.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "dockerfile", version, text },
  });
const pull = (s, uri = URI) =>
  s.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } });
/** The settings object the extension sends (src/settings.ts), with overrides. */
const settings = (overrides = {}) => ({
  enable: true, select: null, extendSelect: [], ignore: [], severity: {}, unsafeFixes: false, ...overrides,
});
// A base image no default rule reports (pinned by digest, runs as non-root),
// so the findings are the ones a test is about.
const CLEAN_FROM =
  "FROM gcr.io/distroless/static:nonroot@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

test("initialize: capabilities for the extension's client", async () => {
  const s = await startServer({ initializationOptions: settings() });
  const caps = s.init.capabilities;
  assert.equal(caps.positionEncoding, "utf-16");
  assert.equal(caps.textDocumentSync.change, 2);
  assert.equal(caps.diagnosticProvider.identifier, "shipshape");
  assert.deepEqual(caps.codeActionProvider.codeActionKinds, ["quickfix", "source.fixAll.shipshape"]);
  assert.equal(caps.hoverProvider, true);
  const reg = await s.next("client/registerCapability");
  assert.equal(reg.registrations[0].method, "workspace/didChangeWatchedFiles");
  assert.equal(await s.stop(), 0);
});

test("pull diagnostics, ignore action, hover and settings as VS Code would use them", async () => {
  const s = await startServer();
  let text = `${CLEAN_FROM}\nCOPY --chown=🐳 onlyone\n`;
  await open(s, text);
  let report = await pull(s);
  assert.equal(report.kind, "full");
  assert.equal(report.items.length, 1);
  const d = report.items[0];
  assert.equal(d.code, "SS001");
  assert.equal(d.source, "shipshape");
  assert.match(d.codeDescription.href, /\/SS001\.md$/);
  // UTF-16: the whale counts 2.
  assert.deepEqual(d.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 23 } });
  assert.equal(text.slice(text.indexOf("onlyone"), text.indexOf("onlyone") + 7), "onlyone");

  const hover = await s.connection.sendRequest("textDocument/hover", {
    textDocument: { uri: URI },
    position: { line: 1, character: 20 },
  });
  assert.equal(hover.contents.kind, "markdown");
  assert.match(hover.contents.value, /^\*\*SS001 syntax-error\*\*/);

  const actions = await s.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri: URI },
    range: d.range,
    context: { diagnostics: [d], triggerKind: 1 },
  });
  const titles = actions.map((a) => a.title);
  assert.deepEqual(titles, ["Ignore SS001 for this instruction", "Ignore SS001 in this file"]);
  text = applyEdit(text, actions[0].edit, URI);
  assert.equal(text, `${CLEAN_FROM}\n# shipshape ignore=SS001\nCOPY --chown=🐳 onlyone\n`);
  await s.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ text }],
  });
  report = await pull(s);
  assert.deepEqual(report.items, []);

  // Hover on the key inside the ignore comment.
  const keyHover = await s.connection.sendRequest("textDocument/hover", {
    textDocument: { uri: URI },
    position: { line: 1, character: 21 },
  });
  assert.match(keyHover.contents.value, /SS001 syntax-error/);

  // A settings change (synchronize.configurationSection sends the section):
  // the server asks the client to pull again.
  await s.connection.sendNotification("workspace/didChangeConfiguration", {
    settings: { shipshape: { severity: { SS001: "warning" } } },
  });
  await s.next("workspace/diagnostic/refresh");
  text = `${CLEAN_FROM}\nCOPY onlyone\n`;
  await s.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: URI, version: 3 },
    contentChanges: [{ text }],
  });
  report = await pull(s);
  assert.deepEqual(report.items.map((i) => [i.code, i.severity]), [["SS001", 2]]);
  assert.equal(s.received.filter((m) => m.method === "textDocument/publishDiagnostics").length, 0);
  assert.equal(await s.stop(), 0);
});

test("push diagnostics for a client without pull support", async () => {
  const s = await startServer({
    capabilities: { general: { positionEncodings: ["utf-8", "utf-16"] } },
    initializationOptions: settings({ select: ["SS001"] }),
  });
  assert.equal(s.init.capabilities.positionEncoding, "utf-8");
  await open(s, "FROM a\nCOPY --chown=🐳 onlyone\n");
  const p = await s.next("textDocument/publishDiagnostics");
  assert.equal(p.version, 1);
  // UTF-8: the whale counts 4.
  assert.deepEqual(p.diagnostics.map((d) => d.code), ["SS001"]);
  assert.deepEqual(p.diagnostics[0].range.start, { line: 1, character: 18 });
  await s.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 18 }, end: { line: 1, character: 25 } }, text: "a /b" }],
  });
  const after = await s.next("textDocument/publishDiagnostics", (q) => q.version === 2);
  assert.deepEqual(after.diagnostics, []);
  await s.connection.sendNotification("textDocument/didClose", { textDocument: { uri: URI } });
  const closed = await s.next("textDocument/publishDiagnostics");
  assert.deepEqual(closed.diagnostics, []);
  assert.equal(await s.stop(), 0);
});

test("rule fixes: preferred safe quick fix, unsafe one marked, fix-all safe only unless unsafeFixes", async () => {
  // SS804 maintainer-deprecated has a safe fix, SS102 no-user an unsafe one.
  const s = await startServer({ initializationOptions: settings({ select: ["SS102", "SS804"] }) });
  const original = "FROM alpine:3.20\nMAINTAINER x\n";
  const labelled = "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"x\"\n";
  let version = 1;
  const set = async (text) => {
    version += 1;
    await s.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: URI, version },
      contentChanges: [{ text }],
    });
  };
  const actions = (range, context) =>
    s.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: URI }, range, context });
  const fixAll = () =>
    actions({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, {
      diagnostics: [],
      only: ["source.fixAll.shipshape"],
      triggerKind: 2,
    });
  await open(s, original);
  let report = await pull(s);
  assert.deepEqual(report.items.map((d) => d.code), ["SS102", "SS804"]);
  const [noUser, maintainer] = report.items;

  // The lightbulb on MAINTAINER: the rule's safe fix first, preferred.
  let list = await actions(maintainer.range, { diagnostics: [maintainer], only: ["quickfix"], triggerKind: 1 });
  assert.deepEqual(list.map((a) => a.title), [
    "Replace with `LABEL org.opencontainers.image.authors`",
    "Ignore SS804 for this instruction",
    "Ignore SS804 in this file",
  ]);
  assert.equal(list[0].kind, "quickfix");
  assert.equal(list[0].isPreferred, true);
  assert.equal(list[0].diagnostics[0].code, "SS804");
  assert.equal(list[0].edit.documentChanges[0].textDocument.version, 1);
  assert.ok(list.slice(1).every((a) => a.isPreferred === undefined));
  assert.equal(applyEdit(original, list[0].edit, URI), labelled);

  // On FROM: the unsafe fix, marked and never preferred (not applied by "auto fix").
  list = await actions(noUser.range, { diagnostics: [noUser], only: ["quickfix"], triggerKind: 1 });
  assert.equal(list[0].title, "Run as an unprivileged user (unsafe)");
  assert.equal(list[0].isPreferred, undefined);
  assert.equal(applyEdit(original, list[0].edit, URI), "FROM alpine:3.20\nMAINTAINER x\nUSER 65532:65532\n");

  // Fix all, as on save: the safe fix only; the fixed finding is gone.
  list = await fixAll();
  assert.deepEqual(list.map((a) => [a.title, a.kind]), [["Fix all shipshape problems", "source.fixAll.shipshape"]]);
  let text = applyEdit(original, list[0].edit, URI);
  assert.equal(text, labelled);
  await set(text);
  report = await pull(s);
  assert.deepEqual(report.items.map((d) => d.code), ["SS102"]);
  assert.deepEqual(await fixAll(), [], "nothing safe left to fix");

  // unsafeFixes on: fix-all applies the unsafe fix too.
  await s.connection.sendNotification("workspace/didChangeConfiguration", {
    settings: { shipshape: settings({ select: ["SS102", "SS804"], unsafeFixes: true }) },
  });
  await s.next("workspace/diagnostic/refresh");
  await set(original);
  list = await fixAll();
  text = applyEdit(original, list[0].edit, URI);
  assert.equal(text, `${labelled}USER 65532:65532\n`);
  await set(text);
  report = await pull(s);
  assert.deepEqual(report.items, []);
  assert.equal(await s.stop(), 0);
});
