#!/usr/bin/env bash
# Builds the wasm bundle and the web page, then tests them: the wasm API under
# node, and the page end to end in headless Chromium. Installs what is missing
# (wasm32 target, wasm-bindgen-cli 0.2.130, chromium, npm packages) and reuses
# what is there. Prints the bundle sizes and timings.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "tools"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# Must match the wasm-bindgen crate (pinned =0.2.130). Not --locked: the
# lock file pins a webpki-roots the registry mirror does not have.
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen 0.2.130" ]; then
  cargo install wasm-bindgen-cli --version 0.2.130 -j 2
fi
if [ ! -x /usr/bin/chromium ]; then
  apt-get update
  apt-get install -y chromium
fi
(cd web && npm ci --no-audit --no-fund)

step "wasm bundle"
web/scripts/build-wasm.sh

step "page build (web/dist)"
(cd web && npm run build)

step "wasm API tests (node)"
(cd web && node --test test/wasm.test.mjs)

step "end-to-end tests (headless Chromium)"
(cd web && node --test test/e2e.test.mjs)

step "timings (printed, not asserted)"
big=web/test-results/big.Dockerfile
cargo build --release -p shipshape-wasm --example native_timing -j 2
native_ms=$(target/release/examples/native_timing "$big")
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const t = JSON.parse(readFileSync("web/test-results/timings.json", "utf8"));
  const native = Number(process.argv[1]);
  console.log(`check of a ${t.lines}-line Dockerfile: page (wasm, Chromium) ${t.pageCheckMs.toFixed(2)} ms, native ${native.toFixed(2)} ms, ratio wasm/native ${(t.pageCheckMs / native).toFixed(1)}`);
' "$native_ms"

step "web suites passed"
