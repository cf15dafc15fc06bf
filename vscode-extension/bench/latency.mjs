// Latency from a didChange to the publishDiagnostics that answers it, for
// shipshape and for dockerfile-language-server-nodejs, on the same
// Dockerfiles and the same edits, in the same harness.
//
//   node bench/latency.mjs [--edits N]
//
// Uses $SHIPSHAPE_BIN or the release build (../target/release/shipshape).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const argEdits = process.argv.indexOf("--edits");
const EDITS = argEdits > 0 ? Number(process.argv[argEdits + 1]) : 200;

const shipshapeBin =
  process.env.SHIPSHAPE_BIN ?? path.resolve(here, "..", "..", "target", "release", "shipshape");
const dlsMain = path.join(
  path.dirname(require.resolve("dockerfile-language-server-nodejs/package.json")),
  "lib",
  "server.js",
);

/** A deterministic Dockerfile of about `lines` lines. */
function dockerfile(lines) {
  const out = ["# syntax=docker/dockerfile:1", "FROM debian:12.7-slim AS build", "ARG VERSION=1.2.3"];
  let i = 0;
  while (out.length < lines - 3) {
    switch (i % 6) {
      case 0:
        out.push(`RUN apt-get update \\`, `    && apt-get install -y --no-install-recommends pkg${i}=1.${i} \\`, `    && rm -rf /var/lib/apt/lists/*`);
        break;
      case 1:
        out.push(`ENV APP_HOME_${i}=/opt/app${i} PATH=/opt/app${i}/bin:$PATH`);
        break;
      case 2:
        out.push(`COPY --chown=app:app src/${i} /opt/app/${i}`);
        break;
      case 3:
        out.push(`# step ${i}: build the module`, `WORKDIR /opt/app/${i}`);
        break;
      case 4:
        out.push(`LABEL org.opencontainers.image.revision${i}="${i}"`);
        break;
      default:
        out.push(`RUN echo "module ${i} ✓" > /opt/app/${i}.txt`);
    }
    i++;
  }
  out.push("USER app", "EXPOSE 8080", 'CMD ["/opt/app/bin/server"]');
  return out.join("\n") + "\n";
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(name, command, args, text) {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "ignore"] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let waiting = null;
  conn.onNotification("textDocument/publishDiagnostics", (p) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(p);
    }
  });
  conn.onRequest("workspace/configuration", (p) => p.items.map(() => null));
  conn.onRequest(() => null);
  conn.listen();
  await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri: null,
    // A push client: no textDocument.diagnostic, so both servers push.
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await conn.sendNotification("initialized", {});
  const uri = "file:///bench/Dockerfile";
  const published = () => new Promise((resolve) => (waiting = resolve));
  let p = published();
  await conn.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "dockerfile", version: 1, text },
  });
  await p;
  // Edits: type a character at the end of a line in the middle, then delete it.
  const lines = text.split("\n");
  const line = Math.floor(lines.length / 2);
  const col = lines[line].length;
  const times = [];
  for (let v = 2; v < EDITS + 2; v++) {
    const insert = v % 2 === 0;
    const range = insert
      ? { start: { line, character: col }, end: { line, character: col } }
      : { start: { line, character: col }, end: { line, character: col + 1 } };
    p = published();
    const t0 = performance.now();
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: v },
      contentChanges: [{ range, text: insert ? "x" : "" }],
    });
    await p;
    times.push(performance.now() - t0);
  }
  await conn.sendRequest("shutdown");
  await conn.sendNotification("exit");
  setTimeout(() => child.kill(), 1000).unref();
  conn.dispose();
  times.sort((a, b) => a - b);
  return { name, median: quantile(times, 0.5), p95: quantile(times, 0.95), n: times.length };
}

const fmt = (ms) => `${ms.toFixed(3)} ms`;
console.log(`didChange -> publishDiagnostics, ${EDITS} edits each, median / p95`);
for (const lines of [40, 1000]) {
  const text = dockerfile(lines);
  const n = text.split("\n").length - 1;
  const ours = await measure("shipshape", shipshapeBin, ["lsp"], text);
  const dls = await measure("dockerfile-language-server-nodejs", process.execPath, [dlsMain, "--stdio"], text);
  console.log(`${n}-line Dockerfile:`);
  for (const r of [ours, dls]) console.log(`  ${r.name.padEnd(36)} ${fmt(r.median)} / ${fmt(r.p95)}`);
  console.log(`  ratio (dockerfile-language-server-nodejs / shipshape, median): ${(dls.median / ours.median).toFixed(1)}x`);
}
