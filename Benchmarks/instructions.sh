#!/usr/bin/env bash
# Counts the user-space instructions a server spends per request under callgrind (deterministic,
# unlike CPU time on a shared machine): starts SERVER PORT STATIC_DIR under valgrind, drives it
# with wrk (4 connections, 1 s warm-up then 8 s), stops it by PID and divides the instructions
# callgrind counted (start-up included, about 1%) by the requests wrk completed.
#
#     Benchmarks/instructions.sh .build-static/release/werk-bench-app /hello
#     Benchmarks/instructions.sh .build-static/release/werk-bench-app /form ../shared/peers/wrk/post_form.lua
#     Benchmarks/instructions.sh "$BENCH_WORK/peers/limit-peer/.build-limit/release/limit-server -m conn -w 2" /static/1k.bin
#
# STATIC_DIR is $BENCH_WORK/peers/static (made by shared/peers/bench.sh); loopback only.
set -euo pipefail
SERVER=$1; URLPATH=${2:-/hello}; SCRIPT=${3:-}
PORT=${PORT:-19997}
STATIC="${BENCH_WORK:-${TMPDIR:-/tmp}/werk-bench}/peers/static"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# Valgrind 3.19 cannot read the DWARF 5 a Swift 6 release build carries ("possibly corrupted
# debuginfo"); a copy without debug sections keeps the symbols callgrind names functions by.
read -r BINARY ARGS_REST <<< "$SERVER"
cp "$BINARY" "$OUT/server" && strip -g "$OUT/server"
# Valgrind runs one thread at a time: a loop's thread often waits more than the 10 ms stall
# threshold for its turn, and the stall monitor would take the loop over and hand its requests
# to pool threads for a while (EventLoop.handOffUntil), which is not what a native run does.
# The Werk bench app reads a higher threshold from WERK_STALL_MS (other servers ignore it).
# shellcheck disable=SC2086  # the server's arguments
WERK_STALL_MS=${WERK_STALL_MS:-1000} valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.out" "$OUT/server" $ARGS_REST "$PORT" "$STATIC" > "$OUT/server.log" 2>&1 &
PID=$!
for _ in $(seq 150); do (echo > /dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.2; done
ARGS=(); [ -n "$SCRIPT" ] && ARGS=(-s "$SCRIPT")
total=0
for duration in 1 8; do
  n=$(wrk -t1 -c4 -d${duration}s "${ARGS[@]}" "http://127.0.0.1:$PORT$URLPATH" | awk '/requests in/ {print $1}')
  total=$((total + n))
done
kill "$PID"; wait "$PID" 2>/dev/null || true
instructions=$(callgrind_annotate "$OUT/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "$URLPATH: $total requests, $instructions instructions, $((instructions / total)) per request"
