// The client-side feature switches: a feature whose setting is false is
// never sent to the server; one that is on passes through unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { featureMiddleware, FEATURES, workspaceDiagnosticsOption } = require("../out/features.js");

/** Calls a middleware hook with made-up arguments and a recording `next`. */
function call(middleware, hook) {
  const calls = [];
  const next = (...args) => {
    calls.push(args);
    return "from-server";
  };
  const result = middleware[hook]("document", "position", "token", next);
  return { result, calls };
}

test("every documented setting gates its hooks, and nothing else", () => {
  assert.deepEqual(Object.keys(FEATURES).sort(), [
    "completion.enable",
    "documentHighlight.enable",
    "documentLinks.enable",
    "documentSymbols.enable",
    "folding.enable",
    "formatting.enable",
    "hover.enable",
    "navigation.enable",
    "semanticTokens.enable",
  ]);
  for (const [key, hooks] of Object.entries(FEATURES)) {
    const off = featureMiddleware((k) => k !== key);
    for (const hook of hooks) {
      const { result, calls } = call(off, hook);
      assert.equal(result, undefined, `${hook} answered with ${key} off`);
      assert.equal(calls.length, 0, `${hook} reached the server with ${key} off`);
    }
    // The other features still work while this one is off.
    for (const [other, otherHooks] of Object.entries(FEATURES)) {
      if (other === key) continue;
      const { result, calls } = call(off, otherHooks[0]);
      assert.equal(result, "from-server");
      assert.deepEqual(calls, [["document", "position", "token"]]);
    }
  }
});

test("formatting off blocks document and range formatting; navigation off blocks rename", () => {
  const m = featureMiddleware((k) => k !== "formatting.enable" && k !== "navigation.enable");
  for (const hook of ["provideDocumentFormattingEdits", "provideDocumentRangeFormattingEdits", "provideRenameEdits", "provideDefinition", "provideReferences"]) {
    assert.equal(call(m, hook).result, undefined, hook);
  }
  assert.equal(call(m, "provideHover").result, "from-server");
});

test("settings are read at each request, so a change applies at once", () => {
  let on = false;
  const m = featureMiddleware(() => on);
  assert.equal(call(m, "provideCompletionItem").result, undefined);
  on = true;
  assert.equal(call(m, "provideCompletionItem").result, "from-server");
});

test("workspace diagnostics go to the server as an initialization option", () => {
  assert.deepEqual(workspaceDiagnosticsOption(() => false), { enable: false });
  assert.deepEqual(workspaceDiagnosticsOption((k) => k === "workspaceDiagnostics.enable"), { enable: true });
});
