#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a while. Usage:
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Default 10 seconds per target, all targets. Findings (crashes, leaks,
# timeouts, out-of-memory) land in fuzz/artifacts/<target>/ and fail the run.
#
# Works on the stable toolchain: cargo-fuzz passes unstable rustc flags
# (-Cpasses=sancov-module, -Zsanitizer), which RUSTC_BOOTSTRAP=1 allows.
# Set FUZZ_SANITIZER=address for AddressSanitizer (the stable toolchain ships
# its runtime; slower), default `none` (core is safe Rust, so ASan adds
# little). Set FUZZ_JOBS to fuzz with several processes per target, and
# FUZZ_PROFILE=dev for an unoptimised build (compiles faster, runs slower;
# scripts/test.sh uses it for its short run).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
shift || true
CARGO_FUZZ_VERSION=0.13.2
sanitizer=${FUZZ_SANITIZER:-none}
jobs=${FUZZ_JOBS:-1}
profile=()
[ "${FUZZ_PROFILE:-release}" = dev ] && profile=(--dev)

if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR=never

par=()
[ "$jobs" -gt 1 ] && par=(-jobs="$jobs" -workers="$jobs")
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
fi

# One build for all targets (the per-target runs below reuse it).
CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2} cargo fuzz build --fuzz-dir fuzz "${profile[@]}" --sanitizer "$sanitizer"

for t in "${targets[@]}"; do
  printf '\n--> fuzz %s for %ss\n' "$t" "$secs"
  # Seeds are committed; what a run adds to the corpus stays local (.gitignore).
  mkdir -p "fuzz/corpus/$t"
  log=$(mktemp)
  status=0
  cargo fuzz run --fuzz-dir fuzz "${profile[@]}" --sanitizer "$sanitizer" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    "${par[@]}" -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done )' "$log" || true
  if [ "$status" != 0 ]; then
    tail -n 40 "$log" >&2
    rm -f "$log"
    echo "fuzz target $t failed (exit $status); the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  rm -f "$log"
done
echo "fuzzing done: ${#targets[@]} targets, ${secs}s each"
