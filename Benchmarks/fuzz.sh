#!/usr/bin/env bash
# libFuzzer + AddressSanitizer targets for Werk's parsers (issues 5 and 14).
#
#     Benchmarks/fuzz.sh list                   # the targets and what each one checks
#     Benchmarks/fuzz.sh cookies 600            # one target for 600 seconds
#     Benchmarks/fuzz.sh all 30                 # every target in turn, 30 s each (what .ci/run does)
#     Benchmarks/fuzz.sh build [TARGET...]      # compile only (all targets when none is named)
#     Benchmarks/fuzz.sh range 600 -jobs=2 -workers=2   # extra libFuzzer flags after the time
#     Benchmarks/fuzz.sh 600                    # the old form: multipart for 600 s
#     FUZZ_TARGET=urlencoded Benchmarks/fuzz.sh 600     # the old form for any target
#
# Each target is one Swift file in Benchmarks/Fuzz (plus Benchmarks/Fuzz/Support), compiled
# straight with swiftc -sanitize=fuzzer,address, not by the package build. Most targets
# `@testable import Werk` from a copy of Sources/Werk (and CWerkCrypto) compiled once with the
# same sanitizers into .build/fuzz/werk; a target may instead list the few sources it needs.
# A target checks properties of the parser (round trips, bounds, split independence), not only
# the absence of crashes. Its corpus lives in .build/fuzz/corpus-TARGET, seeded on every run
# from small hand-written inputs, the real-client captures in ../shared/conformance/captures and
# the string literals of the unit tests' tables. Crash inputs land in .build/fuzz/TARGET-crash-*;
# the output of a run is in .build/fuzz/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
CLANG="${CLANG:-$(dirname "$SWIFTC")/clang}"
OUT="$PWD/.build/fuzz"
CAPTURES="${WERK_SHARED:-../shared}/conformance/captures"
mkdir -p "$OUT/tmp"

# ---------------------------------------------------------------------------------------------
# Targets: one function each, fuzz_NAME (the script finds them by that prefix). It sets
#   ABOUT    one line for `list`
#   HARNESS  the target's Swift files
#   SOURCES  package sources compiled into the target itself; empty for targets that import
#            the instrumented Werk module (WERK=1)
#   WERK     1 to import (and link) the instrumented Werk module
#   MAX_LEN  libFuzzer's -max_len
#   RUN_ENV  extra environment for the run (NAME=value words)
# and writes seeds into "$CORPUS" with the helpers below (seed, seed_headers, seed_targets,
# seed_literals, seed_files).
# ---------------------------------------------------------------------------------------------
SUPPORT=Benchmarks/Fuzz/Support/FuzzSupport.swift

fuzz_multipart() {
    ABOUT="multipart/form-data parser: same result whatever the read size, files read back their size, no temporary file left, fields survive MultipartEncoder"
    HARNESS=(Benchmarks/Fuzz/FuzzMultipart.swift "$SUPPORT"); WERK=1; MAX_LEN=8192
    # MultipartEncoder lives in the test client (WerkTesting), compiled into the target.
    mapfile -t SOURCES < <(find Sources/WerkTesting -name '*.swift' | sort)
    RUN_ENV=("WERK_FUZZ_TMP=$OUT/tmp")
    # Seeds: byte 0 = boundary length, byte 1 = read size - 1, boundary, body.
    seed simple '\x01\x03b--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n--b\r\nContent-Disposition: form-data; name="f"; filename="C:\\\\x\\\\a.txt"\r\nContent-Type: text/plain\r\n\r\nfile body that is longer than forty-eight bytes, so it is spooled\r\n--b--\r\n'
    seed padded '\x01\x00bpreamble\r\n--b \t\r\nContent-Disposition: form-data; name*=UTF-8'"''"'n%C3%AF; filename*0*=UTF-8'"''"'a%20; filename*1=b.txt\r\n\r\n\r\n--bb\r\n--b--'
    seed near '\x03\x06abc--abc\r\nContent-Disposition: form-data; name="x"; filename=""\r\n\r\n\r\n--ab\r\n--a\r\r\n--abc\r\n--abc--'
    local capture name boundary
    for capture in "$CAPTURES"/*multipart*.http "$CAPTURES"/*form*.http "$CAPTURES"/requests_files.http; do
        [ -f "$capture" ] || continue
        grep -a -qi '^transfer-encoding: chunked' "$capture" && continue
        name=$(basename "$capture" .http)
        boundary=$(grep -a -i '^content-type: multipart' "$capture" | head -1 | sed 's/.*boundary=//' | tr -d '\r\n')
        { printf "\\x$(printf '%02x' ${#boundary})\\x10%s" "$boundary"; sed -n '/^\r$/,$p' "$capture" | tail -c +3; } \
            > "$CORPUS/capture-$name"
    done
}

fuzz_urlencoded() {
    ABOUT="urlencoded forms and percent-decoding: parsing is stable, the byte parser agrees with the piecewise one, pairs survive encodeQueryString, percentEncode/percentDecode round trip"
    HARNESS=(Benchmarks/Fuzz/FuzzURLEncoded.swift); WERK=0; MAX_LEN=4096
    SOURCES=(Sources/Werk/URL/PercentEncoding.swift Sources/Werk/URL/QueryString.swift Sources/Werk/Datastructures/MultiDict.swift
             Sources/Werk/HTTP/HTTPSyntax.swift)
    seed simple 'a=1&b=%E2%9C%93&a=2'
    seed bad-escapes 'x=%zz&y=%4&z=%&+plus+=a+b&&=&k'
    seed utf8 'name=J%C3%BCrgen+%26+co&tag=b%3Dc&bad=%FF%FE'
    seed prepend 'a=\xd8\x80%41'   # U+0600 joins the "%" into one Character
    local capture
    for capture in "$CAPTURES"/*urlencoded*.http "$CAPTURES"/requests_data.http; do
        [ -f "$capture" ] || continue
        grep -a -qi '^transfer-encoding: chunked' "$capture" && continue
        sed -n '/^\r$/,$p' "$capture" | tail -c +3 > "$CORPUS/capture-$(basename "$capture" .http)"
    done
    seed_targets
    seed_literals Tests/WerkTests/Data/QueryStringTests.swift Tests/WerkTests/Data/PercentEncodingTests.swift
}

fuzz_cookies() {
    ABOUT="Cookie and Set-Cookie: parsed pairs dumped again parse back; dumpCookie throws or writes a header without control bytes that the test client's jar reads back (value, flags, path, expiry)"
    HARNESS=(Benchmarks/Fuzz/FuzzCookies.swift "$SUPPORT"); WERK=1; MAX_LEN=2048
    # The test client's CookieJar (WerkTesting), compiled into the target.
    mapfile -t SOURCES < <(find Sources/WerkTesting -name '*.swift' | sort)
    seed plain 'session=abc; theme=dark; session=old'
    seed quoted 'a="x\\"y\\\\z"; b="\\342\\234\\223 ok"; c="unterminated; d= spaced value ;e'
    seed attrs 'sid\nvalue with space;"\\\n/a b/ü\n.Example.COM\n\x05\x01\x02\x03\x04\x05\x06\x07\x08\xff'
    seed idna 'n\n✓\n/\nbücher.example\n\x00'
    seed_headers Cookie Set-Cookie
    seed_literals Tests/WerkTests/Data/CookieTests.swift Tests/WerkTests/Data/SetCookieTests.swift
}

fuzz_headers() {
    ABOUT="options, list and dict headers, quoting, ETag, Cache-Control, Authorization, WWW-Authenticate: parse(dump(parse(x))) == parse(x) for each, unquote(quote(s)) == s"
    HARNESS=(Benchmarks/Fuzz/FuzzHeaders.swift "$SUPPORT"); WERK=1; MAX_LEN=2048
    seed options 'form-data; name="a;b"; filename*=UTF-8'"''"'na%C3%AFve.txt; x*0="a"; x*1*=%41'
    seed list 'a, "b, c", , d, "e \\"f\\" \\\\g"'
    seed dict 'max-age=60, public, realm="a, b", title*=UTF-8'"''"'%E2%82%AC'
    seed etags 'W/"a", "b\\"c", *'
    seed auth 'Digest username="Mufasa", realm="a, b", nonce=x, uri="/d", response=r, qop=auth, nc=00000001'
    seed_headers Content-Type Content-Disposition Cache-Control Connection sec-ch-ua Transfer-Encoding Accept-Encoding
    seed_literals Tests/WerkTests/HTTP/OptionsHeaderTests.swift Tests/WerkTests/HTTP/ListHeaderTests.swift \
        Tests/WerkTests/HTTP/QuotedStringTests.swift Tests/WerkTests/HTTP/CacheControlTests.swift \
        Tests/WerkTests/HTTP/ETagTests.swift Tests/WerkTests/HTTP/AuthorizationTests.swift \
        Tests/WerkTests/HTTP/WWWAuthenticateTests.swift
}

fuzz_accept() {
    ABOUT="Accept, Accept-Language/-Charset/-Encoding: qualities in 0...1 and sorted, a listed value gets its best quality, bestMatch picks an offer no other offer beats"
    HARNESS=(Benchmarks/Fuzz/FuzzAccept.swift "$SUPPORT"); WERK=1; MAX_LEN=2048
    seed mime 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8,application/json;level=1;q=0.95'
    seed language 'da, en-gb;q=0.8, en;q=0.7, en_US;q=0.75, *;q=0'
    seed encoding 'gzip;q=1.0, identity; q=0.5, *;q=0, br;q=abc'
    seed_headers Accept Accept-Language Accept-Encoding Accept-Charset
    seed_literals Tests/WerkTests/HTTP/AcceptTests.swift
}

fuzz_range() {
    ABOUT="Range and Content-Range: a parsed Range resolves to non-empty ranges inside the length, and its header form parses back; Content-Range round trips"
    HARNESS=(Benchmarks/Fuzz/FuzzRange.swift "$SUPPORT"); WERK=1; MAX_LEN=1024
    seed range 'bytes=0-499, -500, 9500-, 1-1'
    seed content 'bytes 0-499/1234'
    seed other 'items=1-2\n\x10\x27'
    seed_literals Tests/WerkTests/HTTP/RangeTests.swift Tests/WerkTests/HTTP/ContentRangeTests.swift \
        Tests/WerkTests/HTTP/IfRangeTests.swift
}

fuzz_httpdate() {
    ABOUT="HTTP dates: a parsed date formats and parses back to the same instant; any instant formatted in the three RFC 9110 forms and with offsets parses back"
    HARNESS=(Benchmarks/Fuzz/FuzzHTTPDate.swift "$SUPPORT"); WERK=1; MAX_LEN=256
    seed imf 'Sun, 06 Nov 1994 08:49:37 GMT'
    seed rfc850 'Sunday, 06-Nov-94 08:49:37 GMT'
    seed asctime 'Sun Nov  6 08:49:37 1994'
    seed offset 'Mon, 01 Jan 0001 00:00:00 +2359'
    seed_literals Tests/WerkTests/HTTP/HTTPDateTests.swift
}

fuzz_percent() {
    ABOUT="percent-encoding and URLs: percentEncode then percentDecode gives the text back, URLParts round trips, dot segments removed once for all, joinURL with an empty reference"
    HARNESS=(Benchmarks/Fuzz/FuzzPercent.swift "$SUPPORT"); WERK=1; MAX_LEN=1024
    seed escapes 'caf%C3%A9 100% %zz %4 a+b/ü'
    seed url 'https://user@example.com:8443/a/./b/../c?x=1#top'
    seed ipv6 'http://[::1]:80/%2F/..//x'
    seed prepend 'ab\xd8\x80%41'   # U+0600 joins the "%" into one Character (CI crash of stop 20)
    seed_targets
    seed_headers Origin Referer
    seed_literals Tests/WerkTests/Data/PercentEncodingTests.swift Tests/WerkTests/Data/URLPartsTests.swift
}

fuzz_iri() {
    ABOUT="IRI <-> URI: iriToURI gives ASCII and is idempotent, URI -> IRI -> URI gives the URI back, Punycode labels round trip"
    HARNESS=(Benchmarks/Fuzz/FuzzIRI.swift "$SUPPORT"); WERK=1; MAX_LEN=1024
    seed snowman 'http://☃.net/påth?q=èry%DF#frag'
    seed uri 'http://xn--n3h.net/p%C3%A5th?q=%C3%A8ry%DF'
    seed userinfo 'ftp://üser:pâss@[::1]:21/%zz%'
    seed_targets
    seed_headers Origin Referer
    seed_literals Tests/WerkTests/Data/IRITests.swift Tests/WerkTests/Data/PunycodeTests.swift
}

fuzz_rules() {
    ABOUT="the router's rule parser: a parsed pattern written back parses to the same segments; a parsed one compiles or gives a RoutingError"
    HARNESS=(Benchmarks/Fuzz/FuzzRules.swift "$SUPPORT"); WERK=1; MAX_LEN=512
    seed simple '/users/<int:id>/posts/<slug>'
    seed args "/page-<int(fixed_digits=4, min=1, signed=True):n>.html/<any(about, 'contact us', 7):p>"
    seed host '<user>.example.com'
    seed_literals Tests/WerkTests/Routing/MapMatchingTests.swift Tests/WerkTests/Routing/RoutingBuildTests.swift \
        Tests/WerkTests/Routing/RouterTests.swift
}

fuzz_routing() {
    ABOUT="matcher and URL builder: a matched path's values build a URL that matches the same rule with the same values and builds the same URL; a map's match agrees with its rule alone"
    HARNESS=(Benchmarks/Fuzz/FuzzRouting.swift "$SUPPORT"); WERK=1; MAX_LEN=512
    # Lines: rule pattern, another rule pattern, a path, then values for the placeholders.
    seed user '/users/<int:id>\n/users/new\n/users/42\n7'
    seed files '/files/<path:name>\n/files/<name>.txt\n/files/a/b/c.txt\na b/ü?#%'
    seed mixed '/<any(a, b):x>/<float:f>/\n/<string(length=2):c>/<uuid:u>\n/a/1.5/\nb\n2.25\n'
    seed_targets
    seed_literals Tests/WerkTests/Routing/MapMatchingTests.swift Tests/WerkTests/Routing/RoutingBuildTests.swift
}

fuzz_session() {
    ABOUT="session cookies: a signed payload unsigns back, any other cookie (bytes flipped, inserted, removed, cut) is refused, expiry and clock skew are enforced"
    HARNESS=(Benchmarks/Fuzz/FuzzSession.swift "$SUPPORT" Middleware/SessionSigner.swift Middleware/Session.swift
             Middleware/SessionError.swift); WERK=1; MAX_LEN=1024
    seed json '\x01\x10\x02\x20{"user":"\\"7\\"","cart":"[1,2]"}'
    seed empty '\x00'
    seed flips '\x08\x00\x01\x05\x02\x2a\x03\x07\x04\x00\x05\x01\x06\x40\x07\x02{}'
}

fuzz_resp() {
    ABOUT="RESP2 decoder: same values and errors however the bytes are split, encoded commands and replies decode to what was encoded, limits hold"
    HARNESS=(Benchmarks/Fuzz/FuzzRESP.swift "$SUPPORT" Sources/WerkRedis/RESPDecoder.swift Sources/WerkRedis/RESPEncoder.swift
             Sources/WerkRedis/RESPValue.swift); WERK=0; MAX_LEN=2048
    seed replies '+OK\r\n:-7\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$3\r\nfoo\r\n*-1\r\n-ERR wrong\r\n'
    seed nested '*3\r\n*1\r\n:1\r\n*0\r\n$0\r\n\r\n'
    seed bad '$3\r\nab\r\n:12a\r\n*99999999\r\n\r\n'
    # The reply generator reads byte 0 = 2 as an integer, then eight bytes: 0, -1, Int64.max, Int64.min.
    seed integers '\x02\x00\x00\x00\x00\x00\x00\x00\x00\x02\xff\xff\xff\xff\xff\xff\xff\xff\x02\xff\xff\xff\xff\xff\xff\xff\x7f\x02\x00\x00\x00\x00\x00\x00\x00\x80'
    seed_literals Tests/WerkRedisTests/RESPDecoderTests.swift
}

# The server's head files, compiled into the head and chunked targets (WerkServer's other
# files need its C shim and sockets; these need Werk only).
SERVER_HTTP=(Sources/WerkServer/HTTP/RequestHeadParser.swift Sources/WerkServer/HTTP/RequestLine.swift
             Sources/WerkServer/HTTP/RequestHead.swift Sources/WerkServer/HTTP/HeadScanner.swift
             Sources/WerkServer/HTTP/RequestError.swift Sources/WerkServer/HTTP/ByteClasses.swift
             Sources/WerkServer/HTTP/CommonTokens.swift Sources/WerkServer/HTTP/ChunkedDecoder.swift
             Sources/WerkServer/HTTP/HeadMemo.swift)

fuzz_head() {
    ABOUT="the server's request head (HeadScanner, RequestHeadParser): same heads or refusal however the bytes are split, limits hold, a parsed head written again parses to the same fields"
    HARNESS=(Benchmarks/Fuzz/FuzzHead.swift "$SUPPORT"); SOURCES=("${SERVER_HTTP[@]}"); WERK=1; MAX_LEN=4096
    # Seeds: byte 0 = flags (1: small limits, 2: bare LF allowed), then the bytes a client sends.
    seed pipelined '\x00GET /a%20b?q=1 HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\nPOST http://h:8/p?x HTTP/1.1\r\nHost: y\r\nTransfer-Encoding: gzip, chunked\r\n\r\n'
    seed framing '\x00PUT /u HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\nExpect: 100-continue\r\nX_Under: 1\r\n\r\n'
    seed forms '\x02\r\nOPTIONS * HTTP/1.0\nConnection: close, keep-alive\n\nCONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n'
    seed small '\x01GET /0123456789012345678901234567890123 HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n'
    seed obs '\x00GET /caf\xe9/\xc3\xa9 HTTP/1.1\r\nHost: h\r\nX: v\xe9\xff \t\r\nCookie: a=b\r\n\r\n'
    local capture
    for capture in "$CAPTURES"/*.http; do
        [ -f "$capture" ] || continue
        { printf '\x00'; sed -n '1,/^\r$/p' "$capture"; } > "$CORPUS/capture-$(basename "$capture" .http)"
    done
    # The heads of the server's unit tests, one input each.
    seed_literals_after '\x00' Tests/WerkServerTests/ParserTests.swift Tests/WerkServerTests/HeadSyntaxTests.swift \
        Tests/WerkServerTests/LimitsTests.swift
}

fuzz_chunked() {
    ABOUT="the server's chunked decoder: same data, end or refusal however split and whatever the output size, re-chunked bytes decode back, broken framing refused"
    HARNESS=(Benchmarks/Fuzz/FuzzChunked.swift "$SUPPORT"); SOURCES=("${SERVER_HTTP[@]}"); WERK=1; MAX_LEN=4096
    # Seeds: byte 0 = output size and limits, byte 1 = encoding style, then a chunked body.
    seed simple '\x07\x005\r\nhello\r\n6;ext="a b"\r\n world\r\n0\r\nX-T: 1\r\n\r\nGET'
    seed upper '\x00\x1300A\r\n0123456789\r\n000\r\n\r\n'
    seed bad '\x10\x045 \r\nhello\r\n0\n\r\n'
    # 3,000 bytes re-chunked one byte a chunk, each with an 11-byte extension: past the 16 KiB
    # extension budget, so the re-encoding must be refused with a 413.
    { printf '\x05\x04'; head -c 3000 /dev/zero | tr '\0' a; head -c 16 /dev/zero; } > "$CORPUS/seed-extensions-413"
    local capture
    for capture in "$CAPTURES"/*chunked*.http; do
        [ -f "$capture" ] || continue
        { printf '\x20\x01'; sed -n '/^\r$/,$p' "$capture" | tail -c +3; } > "$CORPUS/capture-$(basename "$capture" .http)"
    done
    seed_literals_after '\x20\x01' Tests/WerkServerTests/ParserTests.swift Tests/WerkServerTests/FuzzTests.swift
}

# Seeding, building and running: Benchmarks/Fuzz/fuzz-lib.sh.
fuzz_template() {
    ABOUT="Jinja templates (lexer, parser, compiler, rendering): errors name a line and column inside the source, compiling and rendering are deterministic, text without tags renders to itself, output is UTF-8"
    mapfile -t SOURCES < <(find Sources/WerkTemplates -name '*.swift' | sort)
    HARNESS=(Benchmarks/Fuzz/FuzzTemplates.swift); WERK=1; MAX_LEN=2048
    # Seeds: the peers' page and the template of every Jinja2-generated test case.
    cp "${WERK_SHARED:-../shared}/peers/templates/table.html" "$CORPUS/seed-table.html" 2>/dev/null || true
    python3 - "$CORPUS" <<'PY'
import json, sys, os
cases = json.load(open("Tests/WerkTemplatesTests/Fixtures/cases.json"))["cases"]
for i, case in enumerate(cases):
    with open(os.path.join(sys.argv[1], "seed-case-%03d" % i), "w", encoding="utf-8") as out:
        out.write(case["files"][case["template"]])
PY
}

# shellcheck source=Fuzz/fuzz-lib.sh
. Benchmarks/Fuzz/fuzz-lib.sh

all_targets() { declare -F | awk '{print $3}' | sed -n 's/^fuzz_//p'; }

case "${1:-}" in
    list)
        for name in $(all_targets); do
            load_target "$name" "$OUT/tmp/seeds-$name" > /dev/null
            printf '%-11s %s\n' "$name" "$ABOUT"
        done
        ;;
    build)
        shift
        for name in ${@:-$(all_targets)}; do build_target "$name"; done
        ;;
    all)
        seconds="${2:-300}"
        shift 2 || shift $#
        for name in $(all_targets); do build_target "$name"; done
        : > "$OUT/summary"
        failed=()
        for name in $(all_targets); do
            QUIET=1 run_target "$name" "$seconds" "$@" || failed+=("$name")
        done
        echo "| target | seconds | runs | corpus | result |"
        echo "|---|---:|---:|---:|---|"
        cat "$OUT/summary"
        if [ ${#failed[@]} -gt 0 ]; then echo "fuzz: failed: ${failed[*]}"; exit 1; fi
        ;;
    '' | [0-9]*)
        # The old form: Benchmarks/fuzz.sh [SECONDS] [flags], target from FUZZ_TARGET.
        seconds="${1:-300}"
        shift || true
        : > "$OUT/summary"
        run_target "${FUZZ_TARGET:-multipart}" "$seconds" "$@"
        ;;
    -h | --help | help)
        sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
        ;;
    *)
        name=$1
        seconds="${2:-300}"
        shift 2 || shift $#
        : > "$OUT/summary"
        run_target "$name" "$seconds" "$@"
        ;;
esac
