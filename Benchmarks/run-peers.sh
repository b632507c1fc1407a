#!/usr/bin/env bash
# Measures Werk against its peers in one run with shared/peers/bench.sh (wrk, 127.0.0.1 only):
# /hello at 16, 64 and 256 connections, POST /form, the 1 KiB and 1 MiB static files; then
# draws the ratios to the limit peer as an SVG chart (Benchmarks/chart.py).
#
#     Benchmarks/run-peers.sh                        # werk limit nginx hummingbird, 5 s cells
#     DURATION=10 Benchmarks/run-peers.sh werk limit
#
# Installs wrk and nginx from Debian when missing, builds werk-bench-app in release mode with
# the Swift runtime linked statically (--static-swift-stdlib, as Swift servers are deployed;
# scratch folder .build-static), builds the Swift peers with -b, and leaves the results in
# $BENCH_WORK (default /tmp/werk-bench). Copy the figures into Benchmarks/RESULTS.md with the
# command used; several runs' CSVs can be charted together:
#
#     python3 Benchmarks/chart.py /tmp/werk-bench/results-*.csv -o Benchmarks/peers.svg
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${WERK_SHARED:-$(cd .. && pwd)/shared}"
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk nginx >/dev/null
fi
swift build -c release --static-swift-stdlib --scratch-path .build-static --product werk-bench-app
PEERS=("$@")
[ ${#PEERS[@]} -eq 0 ] && PEERS=(werk limit nginx hummingbird)
export WERK_CMD="$PWD/.build-static/release/werk-bench-app"
export HELLO_CONNS="${HELLO_CONNS:-16 64 256}"
export EXTRA_CELLS="${EXTRA_CELLS:-static1k:16}"
BENCH_WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/werk-bench}"
export BENCH_WORK
# shared/peers/bench.sh ends its Swift-peer branch with `[[ $peer == limit ]] && CMD=...`, whose
# status 1 makes every Swift peer but limit count as unavailable. Run a copy with that one line
# made an `if` (the shared folder itself is left alone; nothing changes once it is fixed there).
SCRIPT_DIR="$BENCH_WORK/bench-script"
rm -rf "$SCRIPT_DIR" && mkdir -p "$SCRIPT_DIR"
cp -r "$SHARED/peers/." "$SCRIPT_DIR/"
sed -i 's/^\( *\)\[\[ "\$peer" == limit \]\] && CMD=(\(.*\)) ;;$/\1if [[ "$peer" == limit ]]; then CMD=(\2); fi ;;/' "$SCRIPT_DIR/bench.sh"
echo "load before the run: $(cat /proc/loadavg)"
bash "$SCRIPT_DIR/bench.sh" -b "${PEERS[@]}"
latest=$(ls -t "$BENCH_WORK"/results-*.csv | head -1)
python3 Benchmarks/chart.py "$latest" -o "$BENCH_WORK/peers-$(basename "$latest" .csv).svg"
