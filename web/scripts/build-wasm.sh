#!/usr/bin/env bash
# Builds the wasm bundle into web/src/wasm/ (generated, gitignored):
# cargo (wasm-release profile) → wasm-bindgen --target web → wasm-opt -Oz
# from npm binaryen (Debian's wasm-opt 108 breaks wasm-bindgen output).
# Prints the sizes. Needs: wasm32 target, wasm-bindgen 0.2.130, `npm ci` done.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out=web/src/wasm
raw=target/wasm32-unknown-unknown/wasm-release/shipshape_wasm.wasm

cargo build -p shipshape-wasm --profile wasm-release --target wasm32-unknown-unknown -j 2
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" --out-name shipshape "$raw"
bindgen_size=$(stat -c %s "$out/shipshape_bg.wasm")
web/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
  "$out/shipshape_bg.wasm" -o "$out/shipshape_bg.opt.wasm"
mv "$out/shipshape_bg.opt.wasm" "$out/shipshape_bg.wasm"
opt_size=$(stat -c %s "$out/shipshape_bg.wasm")
gz_size=$(gzip -9 -c "$out/shipshape_bg.wasm" | wc -c)
js_gz=$(gzip -9 -c "$out/shipshape.js" | wc -c)
printf 'wasm bundle: raw %s B, after wasm-bindgen %s B, after wasm-opt -Oz %s B, gzip -9 %s B (+ JS glue %s B gzip)\n' \
  "$(stat -c %s "$raw")" "$bindgen_size" "$opt_size" "$gz_size" "$js_gz"
# Budget. The target is 400 KB (409600 B) gzip for the optimised .wasm; the
# bundle is not there yet (426 KB with 52 rules, see the README), so the hard
# check is a ceiling that stops regressions (450 KB: room for the rules being
# added) and going over the 400 KB target is a warning. The size is
# deterministic for a given toolchain, so this is a check, not a timing.
target=$((400 * 1024))
ceiling=$((450 * 1024))
printf 'wasm bundle gzip: %s B = %s KB (target 400 KB, hard ceiling 450 KB)\n' "$gz_size" "$((gz_size / 1024))"
if [ "$gz_size" -gt "$ceiling" ]; then
  echo "error: the wasm bundle is over the 450 KB gzip ceiling by $((gz_size - ceiling)) B" >&2
  exit 1
fi
if [ "$gz_size" -gt "$target" ]; then
  echo "warning: the wasm bundle is over the 400 KB gzip target by $((gz_size - target)) B" >&2
fi
