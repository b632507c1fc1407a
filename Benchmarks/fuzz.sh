#!/usr/bin/env bash
# Fuzzes the multipart/form-data parser with libFuzzer + AddressSanitizer (issue 5).
#
#     Benchmarks/fuzz.sh            # 5 minutes
#     Benchmarks/fuzz.sh 600        # 10 minutes
#     Benchmarks/fuzz.sh 600 -jobs=2 -workers=2   # extra libFuzzer flags after the time
#     FUZZ_TARGET=urlencoded Benchmarks/fuzz.sh 600  # the urlencoded parser and percent-decoding
#     FUZZ_TARGET=template Benchmarks/fuzz.sh 600    # the template engine (Benchmarks/Fuzz/FuzzTemplates.swift)
#
# It compiles the parser sources (Sources/Werk/Forms, Headers, RequestInput) together with
# Benchmarks/Fuzz/FuzzMultipart.swift straight with swiftc (not part of the package build),
# seeds a corpus in .build/fuzz/corpus from small bodies and the real-client captures, and
# runs for the given number of seconds. Crash inputs land in .build/fuzz/ (crash-*).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-300}"
shift || true
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
OUT=.build/fuzz
mkdir -p "$OUT/corpus" "$OUT/tmp"

if [ "${FUZZ_TARGET:-multipart}" = template ]; then
    # The template engine with the few Werk files it uses, as one module named Werk (so its
    # `import Werk` lines are ignored); the Response helpers are left out.
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g -suppress-warnings \
        -module-name Werk -package-name werk \
        $(find Sources/WerkTemplates -name '*.swift' ! -name 'Templates+Response.swift' | sort) \
        Sources/Werk/Utilities/HTMLEscape.swift Sources/Werk/URL/PercentEncoding.swift \
        Sources/Werk/Utilities/SafeJoin.swift Sources/Werk/Gateway/FileRegion.swift \
        Benchmarks/Fuzz/FuzzTemplates.swift -o "$OUT/fuzz-template"
    mkdir -p "$OUT/corpus-template"
    # Seeds: the peers' page and the fixtures' templates (one file each).
    cp ../shared/peers/templates/table.html "$OUT/corpus-template/table.html" 2>/dev/null || true
    python3 - "$OUT/corpus-template" <<'PY'
import json, sys, os
cases = json.load(open("Tests/WerkTemplatesTests/Fixtures/cases.json"))["cases"]
for i, case in enumerate(cases):
    with open(os.path.join(sys.argv[1], "case-%03d" % i), "w", encoding="utf-8") as out:
        out.write(case["files"][case["template"]])
PY
    exec "$OUT/fuzz-template" "$OUT/corpus-template" -max_total_time="$SECONDS_TO_RUN" -max_len=2048 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$OUT/template-" "$@"
fi

if [ "${FUZZ_TARGET:-multipart}" = urlencoded ]; then
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g \
        -module-name FuzzURLEncoded -package-name werk \
        Sources/Werk/URL/PercentEncoding.swift Sources/Werk/URL/QueryString.swift \
        Sources/Werk/Datastructures/MultiDict.swift Benchmarks/Fuzz/FuzzURLEncoded.swift -o "$OUT/fuzz-urlencoded"
    mkdir -p "$OUT/corpus-urlencoded"
    printf 'a=1&b=%%E2%%9C%%93&a=2' > "$OUT/corpus-urlencoded/simple"
    printf 'x=%%zz&y=%%4&z=%%&+plus+=a+b&&=&k' > "$OUT/corpus-urlencoded/bad-escapes"
    printf 'name=J%%C3%%BCrgen+%%26+co&tag=b%%3Dc&bad=%%FF%%FE' > "$OUT/corpus-urlencoded/utf8"
    exec "$OUT/fuzz-urlencoded" "$OUT/corpus-urlencoded" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$OUT/urlencoded-" "$@"
fi

"$SWIFTC" -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g \
    -module-name FuzzMultipart -package-name werk \
    Sources/Werk/Forms/*.swift Sources/Werk/Datastructures/Headers.swift Sources/Werk/Gateway/RequestInput.swift \
    Sources/Werk/HTTP/OptionsHeader.swift Sources/Werk/HTTP/HTTPSyntax.swift Sources/Werk/HTTP/QuotedString.swift \
    Sources/Werk/Support/String+Trimming.swift \
    Benchmarks/Fuzz/FuzzMultipart.swift -o "$OUT/fuzz-multipart"

# Seeds: byte 0 = boundary length, byte 1 = read size - 1, boundary, body.
seed() { printf '%b' "$2" > "$OUT/corpus/$1"; }
seed simple '\x01\x03b--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n--b\r\nContent-Disposition: form-data; name="f"; filename="C:\\\\x\\\\a.txt"\r\nContent-Type: text/plain\r\n\r\nfile body that is longer than forty-eight bytes, so it is spooled\r\n--b--\r\n'
seed padded '\x01\x00bpreamble\r\n--b \t\r\nContent-Disposition: form-data; name*=UTF-8'"''"'n%C3%AF; filename*0*=UTF-8'"''"'a%20; filename*1=b.txt\r\n\r\n\r\n--bb\r\n--b--'
seed near '\x03\x06abc--abc\r\nContent-Disposition: form-data; name="x"; filename=""\r\n\r\n\r\n--ab\r\n--a\r\r\n--abc\r\n--abc--'
for capture in ../shared/conformance/captures/*multipart*.http ../shared/conformance/captures/*form*.http ../shared/conformance/captures/requests_files.http; do
    [ -f "$capture" ] || continue
    name=$(basename "$capture" .http)
    boundary=$(grep -a -i '^content-type: multipart' "$capture" | head -1 | sed 's/.*boundary=//' | tr -d '\r\n')
    if grep -a -qi '^transfer-encoding: chunked' "$capture"; then continue; fi
    { printf "\\x$(printf '%02x' ${#boundary})\\x10%s" "$boundary"; sed -n '/^\r$/,$p' "$capture" | tail -c +3; } > "$OUT/corpus/capture-$name"
done

export WERK_FUZZ_TMP="$OUT/tmp"
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" "$OUT/fuzz-multipart" "$OUT/corpus" \
    -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$OUT/" "$@"
