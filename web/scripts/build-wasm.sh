#!/usr/bin/env bash
# Builds the two wasm bundles of the page from the wasm crate (generated,
# gitignored), each: cargo (wasm-release profile) → wasm-bindgen --target web
# → wasm-opt -Oz from npm binaryen (Debian's wasm-opt 108 breaks
# wasm-bindgen output).
#   web/src/wasm/        shipshape.js        the Dockerfile bundle (page):
#                        check, checklist, fixes, rules, rule docs, render,
#                        version (features: dockerfile); rule-docs.json, the
#                        rules' `why` texts the page passes to setRuleDocs
#   web/src/wasm-image/  shipshape_image.js  the image bundle (image worker):
#                        readImage(Chunks), checkImage(Chunks),
#                        checklistImage, version (features: image)
# Prints the sizes and fails when a bundle is over its budget.
# Needs: wasm32 target, wasm-bindgen 0.2.130, `npm ci` done.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
raw=target/wasm32-unknown-unknown/wasm-release/shipshape_wasm.wasm

# Budgets, gzip -9 of the optimised .wasm. The size is deterministic for a
# given toolchain, so this is a check, not a timing. The Dockerfile bundle is
# the one the page needs to check anything: 400 KB is the requirement.
dockerfile_ceiling=$((400 * 1024))
image_ceiling=$((470 * 1024))

failed=0
# build <label> <out dir> <out name> <ceiling B> <cargo feature args…>
build() {
  local label="$1" out="$2" name="$3" ceiling="$4"
  shift 4
  cargo build -p shipshape-wasm --profile wasm-release --target wasm32-unknown-unknown -j 2 "$@"
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name "$name" "$raw"
  local bindgen_size opt_size gz_size js_gz
  bindgen_size=$(stat -c %s "$out/${name}_bg.wasm")
  web/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.opt.wasm"
  mv "$out/${name}_bg.opt.wasm" "$out/${name}_bg.wasm"
  opt_size=$(stat -c %s "$out/${name}_bg.wasm")
  gz_size=$(gzip -9 -c "$out/${name}_bg.wasm" | wc -c)
  js_gz=$(gzip -9 -c "$out/${name}.js" | wc -c)
  printf '%s bundle: raw %s B, after wasm-bindgen %s B, after wasm-opt -Oz %s B, gzip -9 %s B = %s KB (ceiling %s KB) + JS glue %s B gzip\n' \
    "$label" "$(stat -c %s "$raw")" "$bindgen_size" "$opt_size" "$gz_size" "$((gz_size / 1024))" "$((ceiling / 1024))" "$js_gz"
  if [ "$gz_size" -gt "$ceiling" ]; then
    echo "error: the $label bundle is over its $((ceiling / 1024)) KB gzip ceiling by $((gz_size - ceiling)) B" >&2
    failed=1
  fi
}

build Dockerfile web/src/wasm shipshape "$dockerfile_ceiling" --no-default-features --features dockerfile
# The rules' `why` texts, which both bundles are built without (no `docs`
# feature: 43 KB gzip each): the page imports this JSON (it ships inside the
# page's JS, no extra request) and passes it to setRuleDocs.
cargo run -q -p shipshape-wasm --example rule_docs -j 2 >web/src/wasm/rule-docs.json
docs_gz=$(gzip -9 -c web/src/wasm/rule-docs.json | wc -c)
printf 'rule docs JSON (in the page JS): %s B, gzip -9 %s B\n' "$(stat -c %s web/src/wasm/rule-docs.json)" "$docs_gz"
build image web/src/wasm-image shipshape_image "$image_ceiling" --no-default-features --features image
exit "$failed"
