// "Show container checklist": the server's shipshape.checklist command, as
// the extension calls it, and the Markdown the extension shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { startServer } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const { checklistMarkdown, isChecklistReport, CHECKLIST_COMMAND } = require("../out/checklist.js");

const URI = "file:///tmp/shipshape-ext-checklist/Dockerfile";
const settings = (overrides = {}) => ({
  enable: true, select: null, extendSelect: [], ignore: [], severity: {}, unsafeFixes: false, ...overrides,
});

const checklist = (s, uri = URI) =>
  s.connection.sendRequest("workspace/executeCommand", { command: CHECKLIST_COMMAND, arguments: [uri] });

test("the server offers shipshape.checklist and answers with the report of the current text", async () => {
  const s = await startServer({ initializationOptions: settings() });
  assert.deepEqual(s.init.capabilities.executeCommandProvider.commands, [CHECKLIST_COMMAND]);
  await s.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: URI, languageId: "dockerfile", version: 1, text: "FROM ubuntu:latest\nUSER app\n" },
  });
  const report = await checklist(s);
  assert.ok(isChecklistReport(report));
  assert.equal(report.input, "dockerfile");
  assert.equal(report.items.length, 25);
  const item = (id) => report.items.find((i) => i.id === id);
  assert.equal(item("no-latest-tag").verdict, "failed");
  assert.equal(item("no-root").verdict, "passed");
  assert.equal(item("D10").verdict, "not-checkable");

  const md = checklistMarkdown(report, "Dockerfile");
  assert.match(md, /^# Container security checklist: Dockerfile$/m);
  assert.match(md, /^## OWASP Docker Top 10$/m);
  assert.match(md, /^- ✗ \*\*no-latest-tag\*\* .*\(failed\)$/m);
  assert.match(md, /^ {2}- `SS202` line 1:\d+: /m);
  assert.match(md, /^- ✓ \*\*no-root\*\* .*\(passed\)$/m);
  assert.match(md, /^- – \*\*D10\*\* Logging \(not checkable\)$/m);
  assert.match(md, /^ {2}- _manual: /m);
  assert.match(md, new RegExp(`^${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.notCheckable} not checkable from this Dockerfile\\.$`, "m"));

  // Unsaved edits count: the report follows the document's text.
  await s.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ text: "FROM ubuntu:latest\nUSER root\n" }],
  });
  const again = await checklist(s);
  assert.equal(again.items.find((i) => i.id === "no-root").verdict, "failed");

  await assert.rejects(checklist(s, "file:///not/open/Dockerfile"), /not open/);
  assert.equal(await s.stop(), 0);
});

test("checklistMarkdown: image findings by location, text escaped, shapes checked", () => {
  const report = {
    input: "image",
    items: [
      {
        source: "checklist", id: "no-root", title: "Do not run as root", description: "d", verdict: "failed",
        rules: ["SS901"], findings: [{ code: "SS901", name: "image-root-user", severity: "warning", message: "runs as <root>", location: "config.User" }],
        manual: "manual: check docker run --user.",
      },
      { source: "owasp", id: "D07", title: "Resource Protection", description: "d", verdict: "not-checkable", rules: [], findings: [], reason: "needs the runtime" },
    ],
    summary: { passed: 0, failed: 1, notCheckable: 1 },
  };
  const md = checklistMarkdown(report, "app_image.tar");
  assert.match(md, /^# Container security checklist: app\\_image\.tar$/m);
  assert.match(md, /^ {2}- `SS901` at config\.User: runs as \\<root\\>$/m);
  assert.match(md, /^ {2}- needs the runtime$/m);
  assert.match(md, /0 passed, 1 failed, 1 not checkable from this image\./);
  assert.ok(!isChecklistReport(null));
  assert.ok(!isChecklistReport({ items: [] }));
  assert.ok(!isChecklistReport({ input: "dockerfile", items: [], summary: null }));
});
