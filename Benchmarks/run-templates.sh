#!/usr/bin/env bash
# Times WerkTemplates against Jinja2 and the Swift engines (Stencil, swift-mustache) rendering
# the same page in one run (issue 8): ../shared/peers/templates/table.html (extends base.html)
# with its data.json. Prints each engine's microseconds per render (median of 7 rounds), the
# ratios, whether Werk's page is Jinja2's byte for byte, then Werk's memory over many renders.
#
#     Benchmarks/run-templates.sh                    # 2000 renders per round, 1,000,000 for memory
#     RENDERS=5000 MEMORY_RENDERS=0 Benchmarks/run-templates.sh
#
# The Swift peers are built from a copy of ../shared/peers/templates in $TEMPLATES_BENCH_WORK
# (default /tmp/werk-templates-bench; swift build -c release --scratch-path .build-templates),
# never inside this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${WERK_SHARED:-$(cd .. && pwd)/shared}"
PEERS="$SHARED/peers/templates"
WORK="${TEMPLATES_BENCH_WORK:-/tmp/werk-templates-bench}"
RENDERS="${RENDERS:-2000}"
MEMORY_RENDERS="${MEMORY_RENDERS:-1000000}"

python3 -c "import jinja2" 2>/dev/null || python3 -m pip install --quiet "jinja2==3.1.6"
swift build -c release --product template-bench 2>&1 | tail -1
PEER_BIN="$WORK/swift-templates-peer/.build-templates/release/TemplatePeer"
if [ ! -x "$PEER_BIN" ]; then
    rm -rf "$WORK"
    cp -r "$PEERS" "$WORK"
    chmod -R u+w "$WORK"
    (cd "$WORK/swift-templates-peer" && swift build -c release --scratch-path .build-templates) 2>&1 | tail -1
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
if cmp -s <(.build/release/template-bench "$PEERS" 1 --print) <(python3 "$PEERS/jinja_bench.py" --print); then
    echo "output: Werk's page is byte for byte Jinja2's"
else
    echo "output: Werk's page DIFFERS from Jinja2's"
    exit 1
fi
WERK=$(.build/release/template-bench "$PEERS" "$RENDERS" --memory 0 | head -1)
JINJA=$(python3 "$PEERS/jinja_bench.py" "$RENDERS")
SWIFT_PEERS=$("$PEER_BIN" "$PEERS" "$RENDERS")
printf '%s\n%s\n%s\n' "$WERK" "$JINJA" "$SWIFT_PEERS"
python3 - "$WERK" "$JINJA" "$SWIFT_PEERS" <<'PY'
import re, sys
times = {}
for text in sys.argv[1:]:
    for line in text.splitlines():
        match = re.match(r"(.+?): ([0-9.]+) us per render", line)
        if match:
            times[match.group(1)] = float(match.group(2))
werk = next(v for k, v in times.items() if k.startswith("werk"))
for name, value in times.items():
    if not name.startswith("werk"):
        print(f"Werk is {value / werk:.1f}x faster than {name}")
PY
if [ "$MEMORY_RENDERS" != 0 ]; then
    .build/release/template-bench "$PEERS" 200 --memory "$MEMORY_RENDERS" | tail -1
fi
