#!/usr/bin/env python3
"""Draws the peers' benchmark results as an SVG chart (standard library only).

    python3 Benchmarks/chart.py RESULTS.csv [MORE.csv ...] -o Benchmarks/peers.svg

Each CSV is one run of shared/peers/bench.sh. Within a run every peer's requests per second
and CPU time per request are divided by the reference peer's (`limit` by default) in the
same cell, so the machine's noise between runs cancels; the chart shows the mean ratio of the
runs as a bar and the lowest and highest as a whisker. Two panels: throughput (higher is
better) and CPU per request (lower is better), with the issue's targets as dashed lines.
"""
import argparse
import csv
import sys
from collections import defaultdict

CELLS = [("hello", "16"), ("hello", "64"), ("hello", "256"), ("form", "16"), ("static1k", "16"), ("static1m", "16")]
LABELS = {"hello": "/hello", "form": "POST /form", "static1k": "1 KiB file", "static1m": "1 MiB file"}
COLORS = {"werk": "#d9480f", "werk-before": "#ffa94d", "limit": "#495057", "nginx": "#2b8a3e", "hummingbird": "#1971c2",
          "vapor": "#7048e8", "werkzeug": "#e8590c", "flyingfox": "#868e96"}


def read_run(path):
    """{(peer, endpoint, conns): (rps, cpu_us_per_request)} for the measured rows of one CSV."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            try:
                rps = float(row["rps"])
                cpu = float(row["server_cpu_pct"])
            except (KeyError, ValueError):
                continue
            if rps <= 0:
                continue
            out[(row["peer"], row["endpoint"], row["conns"])] = (rps, cpu / 100.0 / rps * 1e6)
    return out


def ratios(runs, reference, peers):
    """{(peer, cell): ([rps ratios], [cpu ratios])} over the runs that measured both."""
    result = defaultdict(lambda: ([], []))
    for run in runs:
        for endpoint, conns in CELLS:
            ref = run.get((reference, endpoint, conns))
            if not ref:
                continue
            for peer in peers:
                value = run.get((peer, endpoint, conns))
                if value:
                    result[(peer, (endpoint, conns))][0].append(value[0] / ref[0])
                    result[(peer, (endpoint, conns))][1].append(value[1] / ref[1])
    return result


def panel(svg, top, title, data, peers, which, targets, y_max, step, width, left):
    height = 220
    svg.append('<text x="%d" y="%d" font-size="15" font-weight="bold">%s</text>' % (left, top - 12, title))
    bottom = top + height
    plot_width = width - left - 150  # the right margin holds the target labels
    # Axis and grid.
    for tick in range(0, int(round(y_max / step)) + 1):
        value = tick * step
        y = bottom - value / y_max * height
        svg.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e9ecef"/>' % (left, y, left + plot_width, y))
        svg.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#495057">%.2f</text>' % (left - 6, y + 4, value))
    for value, label in targets:
        y = bottom - value / y_max * height
        svg.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#c92a2a" stroke-dasharray="6,4"/>'
                   % (left, y, left + plot_width, y))
        svg.append('<text x="%d" y="%.1f" font-size="11" fill="#c92a2a">%s</text>' % (left + plot_width + 6, y + 4, label))
    group = plot_width / len(CELLS)
    bar = min(22, (group - 16) / max(1, len(peers)))
    for index, cell in enumerate(CELLS):
        x0 = left + index * group + (group - bar * len(peers)) / 2
        for p, peer in enumerate(peers):
            values = data.get((peer, cell), ([], []))[which]
            if not values:
                continue
            mean = sum(values) / len(values)
            x = x0 + p * bar
            h = min(mean, y_max) / y_max * height
            svg.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %.2f</title></rect>'
                       % (x, bottom - h, bar - 2, h, COLORS.get(peer, "#adb5bd"), peer, describe(cell), mean))
            if len(values) > 1:
                lo, hi = min(min(values), y_max) / y_max * height, min(max(values), y_max) / y_max * height
                cx = x + (bar - 2) / 2
                svg.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#212529"/>' % (cx, bottom - lo, cx, bottom - hi))
            svg.append('<text x="%.1f" y="%.1f" font-size="9" text-anchor="middle">%.2f</text>'
                       % (x + (bar - 2) / 2, bottom - h - 3, mean))
        svg.append('<text x="%.1f" y="%d" font-size="12" text-anchor="middle">%s</text>'
                   % (left + index * group + group / 2, bottom + 16, describe(cell)))
    svg.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#212529"/>' % (left, bottom, left + plot_width, bottom))
    return bottom + 40


def describe(cell):
    endpoint, conns = cell
    return "%s c=%s" % (LABELS.get(endpoint, endpoint), conns)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", nargs="+", help="results-*.csv files of bench.sh runs")
    parser.add_argument("-o", "--output", default="peers.svg")
    parser.add_argument("--reference", default="limit", help="the peer every ratio divides by")
    parser.add_argument("--peers", default="werk-before,werk,limit,nginx,hummingbird",
                        help="peers in drawing order (werk-before: a run of an older build, renamed in its CSV)")
    args = parser.parse_args()
    runs = [read_run(path) for path in args.csv]
    peers = [p for p in args.peers.split(",") if any(key[0] == p for run in runs for key in run)]
    if not any(key[0] == args.reference for run in runs for key in run):
        sys.exit("no %s rows in the CSV files" % args.reference)
    data = ratios(runs, args.reference, peers)
    width = 1000
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="660" font-family="sans-serif">' % width,
           '<rect width="100%" height="100%" fill="white"/>']
    subtitle = "%d run%s, ratios to the %s peer within each run (bar: mean; line: lowest to highest)" % (
        len(runs), "" if len(runs) == 1 else "s", args.reference)
    svg.append('<text x="60" y="22" font-size="13" fill="#495057">%s</text>' % subtitle)
    left = 60
    y = panel(svg, 70, "Requests per second / %s's (higher is better)" % args.reference, data, peers, 0,
              [(0.85, "werk target ≥ 0.85")], 2.0, 0.25, width, left)
    panel(svg, y + 30, "Server CPU per request / %s's (lower is better)" % args.reference, data, peers, 1,
          [(1.3, "werk target ≤ 1.3")], 4.0, 0.5, width, left)
    for index, peer in enumerate(peers):
        x = left + index * 170
        count = sum(1 for run in runs if any(key[0] == peer for key in run))
        svg.append('<rect x="%d" y="640" width="12" height="12" fill="%s"/>' % (x, COLORS.get(peer, "#adb5bd")))
        svg.append('<text x="%d" y="651" font-size="12">%s (%d run%s)</text>'
                   % (x + 18, peer, count, "" if count == 1 else "s"))
    svg.append("</svg>")
    with open(args.output, "w") as f:
        f.write("\n".join(svg) + "\n")
    print("wrote %s" % args.output)


if __name__ == "__main__":
    main()
