# The machinery of Benchmarks/fuzz.sh (sourced by it, which sets OUT, SWIFTC, CLANG, CAPTURES):
# seed helpers for the targets, building with the sanitizers, and running libFuzzer.

# ---------------------------------------------------------------------------------------------
# Seed helpers (write into $CORPUS).
# ---------------------------------------------------------------------------------------------

# seed NAME FORMAT: one input written with printf '%b'.
seed() { printf '%b' "$2" > "$CORPUS/seed-$1"; }

# seed_headers FIELD...: the value of every such header line in the captures, one input each.
seed_headers() {
    local field capture n=0
    for field in "$@"; do
        for capture in "$CAPTURES"/*.http; do
            [ -f "$capture" ] || continue
            # Only the head: stop at the first empty line.
            sed -n '1,/^\r$/p' "$capture" | grep -a -i "^$field:" | sed 's/^[^:]*:[ \t]*//' | tr -d '\r' |
                while IFS= read -r value; do
                    n=$((n + 1))
                    printf '%s' "$value" > "$CORPUS/capture-$field-$(basename "$capture" .http)-$n"
                done || true
        done
    done
}

# seed_targets: the request target (path and query) of every capture's request line.
seed_targets() {
    local capture
    for capture in "$CAPTURES"/*.http; do
        [ -f "$capture" ] || continue
        head -1 "$capture" | awk '{printf "%s", $2}' > "$CORPUS/capture-target-$(basename "$capture" .http)"
    done
}

# seed_literals FILE...: every string literal of the unit tests (their tables), one input each.
seed_literals() { python3 Benchmarks/Fuzz/seed_literals.py "$CORPUS" "$@"; }

# seed_literals_after PREFIX FILE...: the same, each input after PREFIX (printf '%b'), for
# targets whose first bytes choose settings.
seed_literals_after() {
    local prefix=$1 literals="$CORPUS.literals" file
    shift
    rm -rf "$literals"
    mkdir -p "$literals"
    python3 Benchmarks/Fuzz/seed_literals.py "$literals" "$@"
    for file in "$literals"/*; do
        [ -f "$file" ] || continue
        { printf '%b' "$prefix"; cat "$file"; } > "$CORPUS/$(basename "$file")"
    done
    rm -rf "$literals"
}

# ---------------------------------------------------------------------------------------------
# Building and running.
# ---------------------------------------------------------------------------------------------
SWIFT_FLAGS=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g -package-name werk)
WERK_DIR="$OUT/werk"

# The whole of Sources/Werk as an instrumented, testable static library, and CWerkCrypto's C
# files with AddressSanitizer; rebuilt only when a source changed.
build_werk() {
    local lib="$WERK_DIR/lib/libWerk.a"
    if [ -f "$lib" ] && [ -z "$(find Sources/Werk Sources/CWerkCrypto Benchmarks/fuzz.sh Benchmarks/Fuzz/fuzz-lib.sh -newer "$lib" -print -quit)" ]; then
        return
    fi
    echo "fuzz: compiling Sources/Werk with -sanitize=fuzzer,address (once for every target)"
    rm -rf "$WERK_DIR"
    mkdir -p "$WERK_DIR/lib" "$WERK_DIR/cmod" "$WERK_DIR/obj"
    printf 'module CWerkCrypto {\n    header "%s"\n    export *\n}\n' \
        "$PWD/Sources/CWerkCrypto/include/CWerkCrypto.h" > "$WERK_DIR/cmod/module.modulemap"
    local c
    for c in Sources/CWerkCrypto/*.c; do
        "$CLANG" -c -O2 -g -fsanitize=address -ISources/CWerkCrypto/include "$c" -o "$WERK_DIR/obj/$(basename "$c" .c).o"
    done
    local sources
    mapfile -t sources < <(find Sources/Werk -name '*.swift' | sort)
    "$SWIFTC" "${SWIFT_FLAGS[@]}" -enable-testing -module-name Werk -I "$WERK_DIR/cmod" \
        -emit-module -emit-module-path "$WERK_DIR/lib/Werk.swiftmodule" \
        -emit-library -static -o "$WERK_DIR/lib/libWerk.a" "${sources[@]}"
}

# build_target NAME: compiles .build/fuzz/fuzz-NAME unless it is newer than all its inputs.
# Builds hold a lock, so fuzz.sh runs started side by side never compile the same file at once.
build_target() {
    local name=$1 bin="$OUT/fuzz-$1"
    load_target "$name" "$OUT/tmp/seeds-$name"
    local inputs=("${HARNESS[@]}" "${SOURCES[@]}")
    local link=()
    {
        flock 9
        if [ "$WERK" = 1 ]; then
            build_werk
            inputs+=("$WERK_DIR/lib/libWerk.a")
            link=(-I "$WERK_DIR/lib" -I "$WERK_DIR/cmod" -L "$WERK_DIR/lib" -lWerk "$WERK_DIR"/obj/*.o)
        fi
        if [ -x "$bin" ] && [ -z "$(find "${inputs[@]}" Benchmarks/fuzz.sh Benchmarks/Fuzz/fuzz-lib.sh -newer "$bin" -print -quit)" ]; then
            return
        fi
        echo "fuzz: compiling target $name"
        local module
        module="Fuzz$(echo "$name" | sed 's/^./\U&/')"
        "$SWIFTC" "${SWIFT_FLAGS[@]}" -use-ld=lld -module-name "$module" "${link[@]}" \
            "${SOURCES[@]}" "${HARNESS[@]}" -o "$bin"
    } 9> "$OUT/build.lock"
}

# load_target NAME CORPUS: runs fuzz_NAME, which sets the target's settings and seeds CORPUS.
load_target() {
    declare -F "fuzz_$1" >/dev/null || { echo "fuzz: no target '$1' (Benchmarks/fuzz.sh list)"; exit 2; }
    ABOUT=""; HARNESS=(); SOURCES=(); WERK=0; MAX_LEN=4096; RUN_ENV=()
    CORPUS=$2
    mkdir -p "$CORPUS"
    "fuzz_$1"
}

# run_target NAME SECONDS [libFuzzer flags...]: seeds, builds and runs one target; the summary
# line (a RESULTS.md table row) goes to .build/fuzz/summary.
run_target() {
    local name=$1 seconds=$2
    shift 2
    build_target "$name"
    load_target "$name" "$OUT/corpus-$name"
    local log="$OUT/$name.log" status=0
    rm -f "$OUT/$name"-crash-* "$OUT/$name"-leak-* "$OUT/$name"-timeout-* "$OUT/$name"-oom-*
    echo "fuzz: $name for ${seconds}s: $ABOUT"
    # SWIFT_BACKTRACE: the Swift runtime's backtracer trips AddressSanitizer after a failed property.
    local command=(env ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" SWIFT_BACKTRACE=enable=no "${RUN_ENV[@]}" "$OUT/fuzz-$name" "$CORPUS"
                   -max_total_time="$seconds" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048
                   -artifact_prefix="$OUT/$name-" -print_final_stats=1 "$@")
    # Run inside .build/fuzz: with -jobs, libFuzzer writes fuzz-N.log files into the current folder.
    if [ "${QUIET:-0}" = 1 ]; then
        (cd "$OUT" && "${command[@]}") > "$log" 2>&1 || status=$?
    else
        (cd "$OUT" && "${command[@]}") 2>&1 | tee "$log" || status=${PIPESTATUS[0]}
    fi
    local runs corpus result
    runs=$(grep -a -o 'Done [0-9]* runs' "$log" | awk '{print $2}' | tail -1)
    [ -n "$runs" ] || runs=$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
    corpus=$(find "$CORPUS" -type f | wc -l)
    if [ "$status" = 0 ]; then
        result="no crash"
    else
        result="FAILED (exit $status): $(ls "$OUT/$name"-* 2>/dev/null | head -1)"
        if [ "${QUIET:-0}" = 1 ]; then tail -60 "$log"; fi
    fi
    printf '| %s | %s | %s | %s | %s |\n' "$name" "$seconds" "${runs:-?}" "$corpus" "${result//$PWD\//}" |
        tee -a "$OUT/summary"
    return "$status"
}
