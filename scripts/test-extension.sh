#!/usr/bin/env bash
# The VS Code extension: install, build, typecheck, test against the real
# server over stdio, and package a linux-x64 .vsix holding the server.
# Called from scripts/test.sh; runs on its own too.
#
#   SHIPSHAPE_PROFILE=debug scripts/test-extension.sh   # package a debug build (faster)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

profile="${SHIPSHAPE_PROFILE:-release}"
step "server binary ($profile)"
if [ "$profile" = release ]; then
  cargo build --release -j 2 -p shipshape
else
  cargo build -j 2 -p shipshape
fi
bin="$PWD/target/$profile/shipshape"

cd vscode-extension
step "npm ci"
npm ci --no-audit --no-fund

step "build (esbuild)"
npm run --silent build

step "typecheck (tsc --noEmit)"
npm run --silent typecheck

step "copy the server into the extension"
SHIPSHAPE_BIN="$bin" node scripts/copy-server.mjs

step "extension tests (node --test, real server over stdio)"
SHIPSHAPE_BIN="$PWD/server/linux-x64/shipshape" npm test

step "package (vsce)"
rm -f shipshape-linux-x64.vsix
npx vsce package --no-dependencies --target linux-x64 -o shipshape-linux-x64.vsix
listing="$(unzip -l shipshape-linux-x64.vsix)"
echo "$listing"
for f in extension/server/linux-x64/shipshape extension/dist/extension.js extension/package.json extension/readme.md; do
  if ! grep -q " $f\$" <<<"$listing"; then
    echo "missing from the .vsix: $f" >&2
    exit 1
  fi
done
# The packaged server runs.
tmp="$(mktemp -d)"
unzip -q -o shipshape-linux-x64.vsix extension/server/linux-x64/shipshape -d "$tmp"
"$tmp/extension/server/linux-x64/shipshape" --version
rm -rf "$tmp"

step "extension suite passed"
