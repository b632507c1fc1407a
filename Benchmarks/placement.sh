#!/usr/bin/env bash
# Shows where the kernel put a server's threads and the load generator during one wrk cell on
# shared cores, and what it cost wrk: req/s, wrk's involuntary context switches per request,
# and for each busy server thread its CPU time, voluntary and involuntary switches and
# migrations per request and the CPU it was last seen on, and the server's user and system time
# per request (/proc/PID/task/TID/sched and stat; no perf or root needed). Loopback only; one
# 2 s warm-up and one RUN_SECONDS (default 5) run.
#
#     Benchmarks/placement.sh PORT URLPATH [LUA] -- SERVER ARGS...
#     Benchmarks/placement.sh 19962 /form ../shared/peers/wrk/post_form.lua -- \
#         .build-static/release/werk-bench-app 19962 "$BENCH_WORK/peers/static"
#
# With BATCH=1 the server runs under `chrt -b 0` (SCHED_BATCH: its wake-ups do not preempt the
# task running on that CPU), to see what the server serves once the scheduler's wake-up
# preemption is out of the picture. CONNS (default 16) sets wrk's connections.
#
# Reading it: when wrk (-t1, never sleeping) is alone on one CPU and the server's threads share
# the other, wrk is switched out a few times per hundred requests; when a server thread sits
# on wrk's CPU, each request to it preempts wrk (about 0.2 per request) and req/s drops by a
# quarter. RESULTS.md ("Where the threads run") has the figures.
set -euo pipefail
PORT=$1; URLPATH=$2; LUA=${3:-}
shift 3
[ "${1:-}" = "--" ] && shift
CONNS=${CONNS:-16}; RUN_SECONDS=${RUN_SECONDS:-5}
PREFIX=(); [ "${BATCH:-0}" = 1 ] && PREFIX=(chrt -b 0)
"${PREFIX[@]}" "$@" > /dev/null 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done
ARGS=(); [ -n "$LUA" ] && ARGS=(-s "$LUA")
wrk -t1 -c"$CONNS" -d2s "${ARGS[@]}" "http://127.0.0.1:$PORT$URLPATH" > /dev/null
OUT=$(mktemp -d)
snapshot() {  # TID voluntary involuntary migrations runtime-ms last-cpu, per thread of $1
  for task in /proc/"$1"/task/*; do
    awk -v tid="${task##*/}" '
      /^nr_voluntary_switches/ {v = $3} /^nr_involuntary_switches/ {i = $3}
      /^se.nr_migrations/ {m = $3} /^se.sum_exec_runtime/ {r = $3}
      END {printf "%s %s %s %s %s ", tid, v, i, m, r}' "$task/sched" 2>/dev/null || continue
    awk '{print $39}' "$task/stat" 2>/dev/null || echo "?"
  done
}
cpu_ticks() { awk '{print $14, $15}' /proc/"$1"/stat; }  # user and system clock ticks of the process
snapshot "$PID" > "$OUT/before"
cpu_ticks "$PID" > "$OUT/times-before"
wrk -t1 -c"$CONNS" -d"${RUN_SECONDS}s" "${ARGS[@]}" "http://127.0.0.1:$PORT$URLPATH" > "$OUT/wrk.txt" &
WRK_PID=$!
sleep "$(awk -v s="$RUN_SECONDS" 'BEGIN {print s - 0.2}')"
# Both read together, just before wrk ends: the figures cover the run up to here.
snapshot "$WRK_PID" > "$OUT/wrk-sched"
snapshot "$PID" > "$OUT/after"
cpu_ticks "$PID" > "$OUT/times-after"
wait "$WRK_PID"
python3 - "$OUT" "$RUN_SECONDS" "$URLPATH" "$CONNS" "$(getconf CLK_TCK)" <<'PY'
import sys
out, seconds, path, conns, ticks = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
total = next(int(line.split()[0]) for line in open(f"{out}/wrk.txt") if "requests in" in line)
requests = total * (seconds - 0.2) / seconds  # those served before the snapshots
def table(name):
    rows = {}
    for line in open(f"{out}/{name}"):
        tid, vol, invol, mig, runtime, cpu = line.split()
        rows[tid] = (float(vol), float(invol), float(mig), float(runtime), cpu)
    return rows
before, after, wrk = table("before"), table("after"), table("wrk-sched")
print(f"{path} c={conns}: {total / seconds:,.0f} req/s")
wrk_invol = sum(row[1] for row in wrk.values())
wrk_cpu = ",".join(sorted({row[4] for row in wrk.values() if row[3] > 100}))
print(f"  wrk: {wrk_invol / requests:.3f} involuntary switches per request, last on CPU {wrk_cpu}")
(user0, system0), (user1, system1) = ([int(v) for v in open(f"{out}/times-{when}").read().split()] for when in ("before", "after"))
print(f"  server: {(user1 - user0) * 1e6 / ticks / requests:.2f} us user + "
      f"{(system1 - system0) * 1e6 / ticks / requests:.2f} us system per request")
for tid, (vol, invol, mig, runtime, cpu) in sorted(after.items()):
    b = before.get(tid, (0, 0, 0, 0, "?"))
    busy = (runtime - b[3]) / ((seconds - 0.2) * 1000)
    if busy < 0.02:
        continue
    print(f"  thread {tid}: {busy:5.1%} of a CPU, {(runtime - b[3]) * 1000 / requests:.2f} us, "
          f"{(vol - b[0]) / requests:.3f} voluntary and {(invol - b[1]) / requests:.3f} involuntary "
          f"switches per request, {mig - b[2]:.0f} migrations, last on CPU {cpu}")
PY
rm -rf "$OUT"
