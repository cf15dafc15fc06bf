#!/usr/bin/env bash
# Runs every test suite, installing what the suites need first.
# This is what .ci/run calls; it must pass on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "toolchain: wasm32 target"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests (core, cli, lsp, wasm crates)"
cargo test --workspace

step "fuzzing: every target in fuzz/ briefly (longer runs: bash scripts/fuzz.sh 600)"
FUZZ_PROFILE=dev bash scripts/fuzz.sh "${FUZZ_SECONDS:-5}"

step "core builds for wasm32-unknown-unknown"
cargo build -p shipshape-core --target wasm32-unknown-unknown

step "VS Code extension: build, typecheck, stdio tests against the server, package"
# The packaged server is a debug build here to save CI time; release
# packaging is `SHIPSHAPE_PROFILE=release bash scripts/test-extension.sh`.
SHIPSHAPE_PROFILE="${SHIPSHAPE_PROFILE:-debug}" bash scripts/test-extension.sh

step "wasm bundle and web page: wasm API tests (node), end-to-end tests in headless Chromium"
bash scripts/test-web.sh

step "all suites passed"
