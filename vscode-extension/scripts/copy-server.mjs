// Copies the server binary into the extension (server/linux-x64/shipshape).
// The binary comes from ../target/release/shipshape, or from $SHIPSHAPE_BIN.
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { fileURLToPath } from "url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const from = process.env.SHIPSHAPE_BIN ?? path.resolve(root, "..", "target", "release", "shipshape");
const target = process.env.SHIPSHAPE_TARGET ?? "linux-x64";
const name = target.startsWith("win32") ? "shipshape.exe" : "shipshape";
const to = path.join(root, "server", target, name);
if (!fs.existsSync(from)) {
  console.error(`no server binary at ${from}: build it first (cargo build --release -p shipshape)`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.copyFileSync(from, to);
fs.chmodSync(to, 0o755);
// Line tables are kept in release builds for backtraces; the packaged copy
// does without them when `strip` is there (the size drops about tenfold).
if (!process.env.SHIPSHAPE_NO_STRIP) {
  const r = spawnSync("strip", [to], { stdio: "inherit" });
  if (r.error || r.status !== 0) console.warn("strip not run: the binary is packaged as built");
}
console.log(`copied ${from} -> ${path.relative(root, to)} (${fs.statSync(to).size} bytes)`);
