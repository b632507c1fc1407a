#!/usr/bin/env python3
"""Runs defparam/smuggler, an attacker's request-smuggling scanner, against a Werk server with
each of its mutation lists and tallies what the server answered.

    git clone https://github.com/defparam/smuggler /tmp/smuggler     # any copy of the tool
    .build/release/showcase --port 18431 --no-access-log & SERVER_PID=$!
    python3 Benchmarks/corpora/smuggler_mutations.py /tmp/smuggler --port 18431
    kill $SERVER_PID

Each mutation is a disguised `Transfer-Encoding: chunked` line (a space before the colon, a
control byte in the name, a second value, a bare CR or LF before it, ...) sent with a
`Content-Length`. The tool sends two probes per mutation, CL.TE and TE.CL, each framed so that
a server reading the other framing waits for bytes that never come: a timeout is its sign of a
desync. This script runs it with every config (`default`, `doubles`, `exhaustive`), for POST
and GET, and prints per run how many mutations were refused with 400 on both probes, how many
got another status, and any the tool reported as a potential or confirmed desync. The exit
status is 1 when there is one.
"""
import argparse
import collections
import os
import re
import subprocess
import sys

VERDICT = re.compile(r"\[([^\]]+)\]\s*:\s*(\S+)\s*\(TECL: ([\d.]+) - (\d+)\) \(CLTE: ([\d.]+) - (\d+)\)")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(tool, url, config, method, timeout):
    command = [sys.executable, "smuggler.py", "-u", url, "-c", config, "-m", method, "-t", str(timeout), "-l", os.devnull]
    output = subprocess.run(command, cwd=tool, capture_output=True, text=True, errors="replace", timeout=3600).stdout
    lines = ANSI.sub("", output).replace("\r", "\n").splitlines()
    verdicts, alarms = [], []
    for line in lines:
        match = VERDICT.search(line)
        if match:
            verdicts.append(match.groups())
        elif "Issue Found" in line or "[CRITICAL]" in line:
            alarms.append(line.strip())
    return verdicts, alarms


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tool", help="a checkout of defparam/smuggler")
    parser.add_argument("--port", type=int, default=18431)
    parser.add_argument("--path", default="/", help="the endpoint the probes go to")
    parser.add_argument("--timeout", type=float, default=3.0, help="the tool's desync timeout, seconds")
    parser.add_argument("--configs", nargs="+", default=["default.py", "doubles.py", "exhaustive.py"])
    args = parser.parse_args()
    url = f"http://127.0.0.1:{args.port}{args.path}"
    failed = False
    for config in args.configs:
        for method in ("POST", "GET"):
            verdicts, alarms = run(args.tool, url, config, method, args.timeout)
            refused = sum(1 for _, _, _, te, _, cl in verdicts if te == "400" and cl == "400")
            others = collections.Counter(f"{te}/{cl}" for _, _, _, te, _, cl in verdicts if not (te == "400" and cl == "400"))
            slow = [name for name, _, t1, _, t2, _ in verdicts if float(t1) >= args.timeout or float(t2) >= args.timeout]
            print(f"{config:14} {method:4}: {len(verdicts)} mutations, {refused} refused 400/400, "
                  f"other (TE.CL/CL.TE status): {dict(others) or 'none'}, timed out: {slow or 'none'}, "
                  f"alarms: {len(alarms)}")
            for name, _, _, te, _, cl in verdicts:
                if not (te == "400" and cl == "400"):
                    print(f"    {name}: {te} / {cl}")
            for alarm in alarms:
                print(f"    ALARM {alarm}")
            failed = failed or bool(alarms) or bool(slow) or not verdicts
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
