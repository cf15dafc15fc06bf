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

test("initialize: capabilities for the extension's client", async () => {
  const s = await startServer({ initializationOptions: { enable: true, select: null, extendSelect: [], ignore: [], severity: {}, unsafeFixes: false } });
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
  let text = "FROM alpine:3.20\nCOPY --chown=🐳 onlyone\n";
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
  assert.equal(text, "FROM alpine:3.20\n# shipshape ignore=SS001\nCOPY --chown=🐳 onlyone\n");
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
  text = "FROM alpine:3.20\nCOPY onlyone\n";
  await s.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: URI, version: 3 },
    contentChanges: [{ text }],
  });
  report = await pull(s);
  assert.equal(report.items[0].severity, 2);
  assert.equal(s.received.filter((m) => m.method === "textDocument/publishDiagnostics").length, 0);
  assert.equal(await s.stop(), 0);
});

test("push diagnostics for a client without pull support", async () => {
  const s = await startServer({ capabilities: { general: { positionEncodings: ["utf-8", "utf-16"] } } });
  assert.equal(s.init.capabilities.positionEncoding, "utf-8");
  await open(s, "FROM a\nCOPY --chown=🐳 onlyone\n");
  const p = await s.next("textDocument/publishDiagnostics");
  assert.equal(p.version, 1);
  // UTF-8: the whale counts 4.
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
