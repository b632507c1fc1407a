#!/usr/bin/env bash
# Password hashing, Werk against Python's hashlib (OpenSSL underneath) in one run, with
# Werkzeug 3.1's default parameters: scrypt N=32768 r=8 p=1 (64-byte key) and
# PBKDF2-HMAC-SHA256 with 1,000,000 iterations (32-byte key). Prints the median of RUNS calls
# for each side and the ratio Werk / Python (the issue's target: at most 1.5).
#
#     Benchmarks/password-bench.sh            # RUNS=7
#     RUNS=15 Benchmarks/password-bench.sh
#     VECTOR4=1 Benchmarks/password-bench.sh  # also RFC 7914 s12 vector 4 (N = 2^20, 1 GiB)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-7}"
swift build -c release --product password-bench >/dev/null
BIN="$(swift build -c release --show-bin-path)/password-bench"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT

"$BIN" --runs "$RUNS" | tee "$OUT"
python3 - "$RUNS" >>"$OUT" <<'PY'
import hashlib, ssl, statistics, sys, time
runs = int(sys.argv[1])
pw, salt = b"correct horse battery staple", b"AbCdEfGhIjKlMnOp"
def median_ms(f):
    times = []
    for _ in range(runs):
        t = time.perf_counter(); f(); times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)
s = median_ms(lambda: hashlib.scrypt(pw, salt=salt, n=32768, r=8, p=1, maxmem=132 * 32768 * 8, dklen=64))
print("python check scrypt:32768:8:1 %.2f" % s)
p = median_ms(lambda: hashlib.pbkdf2_hmac("sha256", pw, salt, 1_000_000))
print("python check pbkdf2:sha256:1000000 %.2f" % p)
data = b"\x07" * (16 << 20)
print("python sha256 16MiB %.2f" % median_ms(lambda: hashlib.sha256(data).digest()))
print("# python", sys.version.split()[0], ssl.OPENSSL_VERSION, file=sys.stderr)
PY
grep '^python' "$OUT"
echo "== ratios Werk / Python (target <= 1.5 for the two checks)"
python3 - "$OUT" <<'PY'
import sys
werk, py = {}, {}
for line in open(sys.argv[1]):
    side, *name, ms = line.split()
    (werk if side == "werk" else py)[" ".join(name)] = float(ms)
for name in werk:
    if name in py:
        print("%-34s werk %9.2f ms  python %9.2f ms  ratio %.2f" % (name, werk[name], py[name], werk[name] / py[name]))
PY
"$BIN" --rss
if [ "${VECTOR4:-0}" = 1 ]; then "$BIN" --rfc7914-vector-4; fi
