#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset (clang++, AddressSanitizer)
# and runs each one for a bounded time, starting from its seed corpus in
# tests/fuzz/corpus/<target>. Exits non-zero when a target crashes, leaks,
# trips a sanitizer or fails its round-trip check. The crashing input is
# then kept in the run folder that the output names.
#
# Settings (environment):
#   FUZZ_BUILD_DIR  build folder (default: build/fuzz, the preset's folder)
#   FUZZ_SECONDS    run time per target in seconds (default: 20)
#   FUZZ_JOBS       parallel compile jobs (default: 2)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${FUZZ_BUILD_DIR:-$root/build/fuzz}"
seconds="${FUZZ_SECONDS:-20}"
jobs="${FUZZ_JOBS:-2}"
targets=(client_message server_message session_options ws_frame json)

cd "$root"
cmake --preset fuzz -B "$build_dir" > /dev/null
cmake --build "$build_dir" -j "$jobs" \
  --target "${targets[@]/%/_fuzzer}"

run_dir="$(mktemp -d "$build_dir/fuzz-run.XXXXXX")"
passed=0
failed=0
for target in "${targets[@]}"; do
  # New inputs go to the first corpus folder, a scratch copy, so the
  # committed seeds stay unchanged.
  mkdir -p "$run_dir/$target"
  log="$run_dir/$target.log"
  echo "fuzz: running ${target}_fuzzer for ${seconds} s"
  if "$build_dir/tests/fuzz/${target}_fuzzer" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="$run_dir/$target-" \
      "$run_dir/$target" "$root/tests/fuzz/corpus/$target" > "$log" 2>&1; then
    passed=$((passed + 1))
    grep -E '^(Done|stat::number_of_executed_units)' "$log" || true
  else
    failed=$((failed + 1))
    echo "fuzz: ${target}_fuzzer failed; log and crashing input in $run_dir"
    tail -n 40 "$log"
  fi
done

echo "fuzz: $passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
