#!/usr/bin/env bash
# Measures Werk against its peers in one run with shared/peers/bench.sh (wrk, 127.0.0.1 only):
# /hello at 1, 64 and 256 connections, POST /form and the 1 MiB static file.
#
#     Benchmarks/run-peers.sh                       # werk hummingbird werkzeug nginx, 5 s cells
#     DURATION=10 Benchmarks/run-peers.sh werk hummingbird
#
# Installs wrk and nginx from Debian when missing, builds werk-bench-app in release mode with
# the Swift runtime linked statically (--static-swift-stdlib, as Swift servers are deployed;
# scratch folder .build-static), builds the Swift peers with -b, and leaves the results in $BENCH_WORK (default
# /tmp/werk-bench). Copy the figures into Benchmarks/RESULTS.md with the command used.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${WERK_SHARED:-$(cd .. && pwd)/shared}"
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk nginx >/dev/null
fi
swift build -c release --static-swift-stdlib --scratch-path .build-static --product werk-bench-app
PEERS=("$@")
[ ${#PEERS[@]} -eq 0 ] && PEERS=(werk hummingbird werkzeug nginx)
export WERK_CMD="$PWD/.build-static/release/werk-bench-app"
export HELLO_CONNS="${HELLO_CONNS:-1 64 256}"
exec bash "$SHARED/peers/bench.sh" -b "${PEERS[@]}"
