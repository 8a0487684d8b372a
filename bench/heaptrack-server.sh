#!/bin/sh
# Runs sessioncore-server under heaptrack's preload library in this same
# process, so that a benchmark that starts it, reads its /proc entry and
# stops it with SIGTERM sees the server itself. Use it as the server binary:
#
#   SESSIONCORE_SERVER_REAL=build/native/src/server/sessioncore-server \
#   SESSIONCORE_SERVER_BIN=$PWD/bench/heaptrack-server.sh \
#     node bench/load.mjs --only memory --idle 2000
#   heaptrack_print -f /tmp/sessioncore-heap.PID.gz \
#     -F stacks.txt --flamegraph-cost-type peak
#
# Needs Debian's heaptrack package. The data goes to
# ${HEAPTRACK_OUT:-/tmp/sessioncore-heap}.PID.gz, and the FIFO that carries
# it stays in /tmp.
set -eu
lib=/usr/lib/heaptrack
out="${HEAPTRACK_OUT:-/tmp/sessioncore-heap}.$$.gz"
fifo="$(mktemp -u /tmp/sessioncore-heap-fifo.XXXXXX)"
mkfifo "$fifo"
"$lib/libexec/heaptrack_interpret" < "$fifo" | gzip -c > "$out" &
LD_PRELOAD="$lib/libheaptrack_preload.so" DUMP_HEAPTRACK_OUTPUT="$fifo" \
  exec "$SESSIONCORE_SERVER_REAL" "$@"
