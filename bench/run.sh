#!/usr/bin/env bash
# Runs the benchmarks; `./sessioncore bench` calls this after setup.
#   bench/run.sh            codec benchmarks, client size, a 2-minute soak
#   bench/run.sh --long     the same with the 10-minute soak
# Record results with the command and the machine in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

soak_seconds=120
[[ "${1:-}" == --long ]] && soak_seconds=600

cmake --preset bench >/dev/null
cmake --build --preset bench --target codec_benchmark
build/bench/bench/codec_benchmark

cmake --preset native >/dev/null
cmake --build --preset native --target sessioncore-server
node bench/size.mjs
node bench/soak.mjs --duration "$soak_seconds"
