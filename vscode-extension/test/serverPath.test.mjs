// The server lookup order: setting, bundled binary, PATH.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { resolveServer, bundledPath } = require("../out/serverPath.js");

const ext = "/ext";
const bundled = bundledPath(ext, "linux", "x64");
const base = { extensionDir: ext, platform: "linux", arch: "x64", envPath: "/usr/bin:/opt/bin" };
const only = (...files) => (f) => files.includes(f);

test("the setting wins, and a wrong setting is an error, not a silent fallback", () => {
  const r = resolveServer({ ...base, configured: "/my/shipshape", isExecutable: only("/my/shipshape", bundled) });
  assert.deepEqual(r, { ok: true, path: "/my/shipshape", source: "setting" });
  const bad = resolveServer({ ...base, configured: "/nope", isExecutable: only(bundled) });
  assert.equal(bad.ok, false);
  assert.match(bad.message, /shipshape\.path is "\/nope"/);
});

test("then the bundled binary, then PATH", () => {
  assert.equal(bundled, path.join("/ext", "server", "linux-x64", "shipshape"));
  const b = resolveServer({ ...base, configured: "", isExecutable: only(bundled, "/opt/bin/shipshape") });
  assert.deepEqual(b, { ok: true, path: bundled, source: "bundled" });
  const p = resolveServer({ ...base, configured: null, isExecutable: only("/opt/bin/shipshape") });
  assert.deepEqual(p, { ok: true, path: "/opt/bin/shipshape", source: "PATH" });
});

test("nothing found: a message that says what to do", () => {
  const r = resolveServer({ ...base, configured: undefined, platform: "darwin", arch: "arm64", isExecutable: () => false });
  assert.equal(r.ok, false);
  assert.match(r.message, /no bundled binary for darwin-arm64/);
  assert.match(r.message, /set shipshape\.path/);
});

test("windows names and PATH separator", () => {
  const r = resolveServer({ ...base, platform: "win32", envPath: "C:\\a;C:\\tools", configured: null, isExecutable: only(path.join("C:\\tools", "shipshape.exe")) });
  assert.equal(r.ok, true);
  assert.equal(r.source, "PATH");
});
