#!/usr/bin/env bash
# Measures a server with the load generator on its own core: the server (all its threads) on
# CPU 1, wrk on CPU 0, so the server's cost is measured apart from the scheduler's choice of
# whom to preempt on cores shared with wrk. Prints req/s, the server's CPU per request (user +
# system from /proc/PID/stat) and wrk's p99; loopback only, one 2 s warm-up and one 8 s run.
#
#     Benchmarks/pinned.sh PORT URLPATH [LUA] -- SERVER ARGS...
#     Benchmarks/pinned.sh 19961 /form ../shared/peers/wrk/post_form.lua -- \
#         .build-static/release/werk-bench-app 19961 "$BENCH_WORK/peers/static"
#
# Needs 2 CPUs (taskset), wrk, and a server that takes its port as an argument.
set -euo pipefail
PORT=$1; URLPATH=$2; LUA=${3:-}
shift 3
[ "${1:-}" = "--" ] && shift
taskset -c 1 "$@" > /dev/null 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done
ARGS=(); [ -n "$LUA" ] && ARGS=(-s "$LUA")
taskset -c 0 wrk -t1 -c16 -d2s "${ARGS[@]}" "http://127.0.0.1:$PORT$URLPATH" > /dev/null
read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$PID/stat")
OUT=$(taskset -c 0 wrk -t1 -c16 -d8s --latency "${ARGS[@]}" "http://127.0.0.1:$PORT$URLPATH")
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$PID/stat")
n=$(awk '/requests in/ {print $1}' <<< "$OUT")
p99=$(awk '$1 == "99%" {print $2}' <<< "$OUT")
ticks=$(( u1 - u0 + s1 - s0 ))
hz=$(getconf CLK_TCK)
awk -v n="$n" -v t="$ticks" -v hz="$hz" -v p="$p99" -v path="$URLPATH" \
  'BEGIN { printf "%s c=16: %d req/s, server CPU %.2f us/request, p99 %s\n", path, n / 8, t * 1e6 / hz / n, p }'
