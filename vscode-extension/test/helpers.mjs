// Spawns the shipshape server and speaks LSP to it over stdio with
// vscode-languageserver-protocol, the library under vscode-languageclient.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

const here = path.dirname(fileURLToPath(import.meta.url));
export const extensionDir = path.resolve(here, "..");

/** The binary under test: $SHIPSHAPE_BIN, the bundled one, or the debug build. */
export function serverBinary() {
  const candidates = [
    process.env.SHIPSHAPE_BIN,
    path.join(extensionDir, "server", "linux-x64", "shipshape"),
    path.resolve(extensionDir, "..", "target", "release", "shipshape"),
    path.resolve(extensionDir, "..", "target", "debug", "shipshape"),
  ].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`no shipshape binary in ${candidates.join(", ")}`);
  return found;
}

/** Capabilities as vscode-languageclient 11 declares them (the parts the server reads). */
export const VSCODE_CAPABILITIES = {
  general: { positionEncodings: ["utf-16"] },
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    configuration: true,
    workspaceFolders: true,
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: false, codeDescriptionSupport: true, dataSupport: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    hover: { dynamicRegistration: true, contentFormat: ["markdown", "plaintext"] },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      dataSupport: true,
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ["", "quickfix", "refactor", "source", "source.organizeImports", "source.fixAll"] },
      },
    },
  },
};

export async function startServer({ capabilities = VSCODE_CAPABILITIES, initializationOptions } = {}) {
  const child = spawn(serverBinary(), ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const received = [];
  const waiters = [];
  const record = (method, params) => {
    received.push({ method, params });
    for (const w of [...waiters]) {
      if (w.method === method && w.pred(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  };
  connection.onNotification((method, params) => record(method, params));
  connection.onRequest((method, params) => {
    record(method, params);
    return null;
  });
  connection.listen();
  const init = await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities,
    initializationOptions,
  });
  await connection.sendNotification("initialized", {});
  /** The next message with this method (also one already received, unless taken). */
  const next = (method, pred = () => true, ms = 10000) =>
    new Promise((resolve, reject) => {
      const i = received.findIndex((m) => m.method === method && pred(m.params));
      if (i >= 0) {
        const [m] = received.splice(i, 1);
        return resolve(m.params);
      }
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${ms} ms`)), ms);
      waiters.push({
        method,
        pred,
        resolve: (p) => {
          clearTimeout(timer);
          const j = received.findIndex((m) => m.params === p);
          if (j >= 0) received.splice(j, 1);
          resolve(p);
        },
      });
    });
  const stop = async () => {
    await connection.sendRequest("shutdown");
    await connection.sendNotification("exit");
    const code = await exited;
    connection.dispose();
    return code;
  };
  return { child, connection, init, next, received, exited, stop };
}

/** Offset of an LSP position in a JS string (UTF-16 columns, as JS strings count). */
export function offsetAt(text, pos) {
  const lines = text.split("\n");
  let off = 0;
  for (let i = 0; i < pos.line && i < lines.length; i++) off += lines[i].length + 1;
  const line = lines[pos.line] ?? "";
  return Math.min(off + Math.min(pos.character, line.length), text.length);
}

/** Applies a WorkspaceEdit (documentChanges or changes) for `uri` to `text`. */
export function applyEdit(text, edit, uri) {
  let edits = [];
  for (const dc of edit.documentChanges ?? []) if (dc.textDocument.uri === uri) edits.push(...dc.edits);
  edits.push(...((edit.changes ?? {})[uri] ?? []));
  edits = edits
    .map((e) => ({ a: offsetAt(text, e.range.start), b: offsetAt(text, e.range.end), t: e.newText }))
    .sort((x, y) => y.a - x.a);
  for (const e of edits) text = text.slice(0, e.a) + e.t + text.slice(e.b);
  return text;
}
