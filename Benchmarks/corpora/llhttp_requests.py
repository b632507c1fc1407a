#!/usr/bin/env python3
"""Runs the request cases of llhttp's test corpus (Node.js's HTTP parser; its
test/request/*.md files, from a checkout you give) against a Werk server and compares verdicts.

    git clone https://github.com/nodejs/llhttp /tmp/llhttp      # or any copy of test/request
    .build/release/showcase --port 18431 --no-access-log & SERVER_PID=$!
    python3 Benchmarks/corpora/llhttp_requests.py /tmp/llhttp/test/request --port 18431
    kill $SERVER_PID

Each case's input is rebuilt as llhttp's own harness does (newlines as CRLF, the escapes
\\r \\n \\t \\f \\xNN and octal), sent on a fresh loopback connection, and the write side shut
so the server sees the end. Only the default mode counts (`"type": "request"`, no pausing;
the lenient-* files are parser flags Werk does not have). llhttp does not check Host, so with
--add-host an HTTP/1.1 case without one gets `Host: h` (RFC 9112 s3.2 makes it a 400).

A case agrees when llhttp's error is a refusal from the server itself (400, 408, 411, 413,
414, 417, 431, 501, 505), and when llhttp's N complete messages get N answers none of which
is such a refusal. The others are printed with llhttp's reason; the exit status is 0 (a
disagreement can be justified: llhttp also parses RTSP and ICE and accepts `M-SEARCH *`).
"""
import argparse
import json
import os
import re
import socket
import time

REFUSALS = {400, 408, 411, 413, 414, 417, 431, 501, 505}


def cases(path, add_host):
    text = open(path, encoding="utf-8").read()
    for section in re.finditer(r"### (.*?)\n(.*?)(?=\n### |\Z)", text, re.S):
        title, body = section.group(1), section.group(2)
        http = re.search(r"<!-- meta=(\{.*?\}) -->\s*```http\n(.*?)```", body, re.S)
        log = re.search(r"```log\n(.*?)```", body, re.S)
        if not http or not log:
            continue
        meta = json.loads(http.group(1))
        if meta.get("type") != "request" or "pause" in meta or meta.get("skipBody"):
            continue
        raw = re.sub(r"\n\Z", "", http.group(2))
        raw = re.sub(r"\\(\r\n|\r|\n)", "", raw)
        raw = re.sub(r"\r\n|\r|\n", "\r\n", raw)
        for escape, byte in (("\\r", "\r"), ("\\n", "\n"), ("\\t", "\t"), ("\\f", "\f")):
            raw = raw.replace(escape, byte)
        raw = re.sub(r"\\x([0-9a-fA-F]+)", lambda m: chr(int(m.group(1), 16)), raw)
        raw = re.sub(r"\\([0-7]{1,3})", lambda m: chr(int(m.group(1), 8)), raw)
        if "${" in raw:  # inline JavaScript: not rebuilt here
            continue
        if add_host and "HTTP/1.1\r\n" in raw and not re.search(r"\r\nhost:", raw, re.I):
            raw = raw.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nHost: h\r\n")
        yield title, raw.encode("latin-1"), log.group(1)


def statuses(port, data):
    """The status codes of the answers to `data`, read for at most 4 s."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=3)
    out = b""
    try:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        deadline = time.time() + 4
        while time.time() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            out += chunk
    except OSError:
        pass
    finally:
        sock.close()
    return [int(code) for code in re.findall(rb"HTTP/1\.[01] (\d{3}) ", out)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", help="llhttp's test/request folder")
    parser.add_argument("--port", type=int, default=18431)
    parser.add_argument("--add-host", action="store_true", help="give HTTP/1.1 cases without Host one")
    args = parser.parse_args()
    total = agreed = 0
    for name in sorted(os.listdir(args.directory)):
        if not name.endswith(".md") or name.startswith("lenient"):
            continue
        for title, data, log in cases(os.path.join(args.directory, name), args.add_host):
            error = re.search(r'error code=\d+ reason="(.*?)"', log)
            complete = log.count("message complete")
            answers = statuses(args.port, data)
            refused = any(code in REFUSALS for code in answers)
            if error:
                verdict = "agree" if refused else "werk takes it"
            elif refused:
                verdict = "werk refuses"
            else:
                verdict = "agree" if len(answers) >= complete else "fewer answers"
            total += 1
            agreed += verdict == "agree"
            if verdict != "agree":
                print("%-14s %s: %s -> %s (llhttp: %s)" % (verdict, name, title, answers,
                                                          error.group(1) if error else "%d complete" % complete))
    print("%d of %d cases agree" % (agreed, total))


if __name__ == "__main__":
    main()
