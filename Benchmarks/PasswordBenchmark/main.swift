// Benchmark of password hashing (issue 9): the time of `checkPasswordHash` with Werkzeug's
// default parameters, printed as one line per case for Benchmarks/password-bench.sh, which
// times Python's hashlib (OpenSSL) with the same parameters in the same run.
//
//     swift build -c release --product password-bench && .build/release/password-bench [--runs 7]
//     .build/release/password-bench --rfc7914-vector-4     # scrypt N = 2^20 (1 GiB of memory)
//     .build/release/password-bench --rss                  # RSS across 20 scrypt checks
#if canImport(Glibc)
import Glibc
#endif
import Werk

/// Seconds on the monotonic clock.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The median time of `runs` calls of `body`, in milliseconds.
func medianMilliseconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = now()
        try body()
        times.append((now() - start) * 1000)
    }
    return times.sorted()[times.count / 2]
}

/// `value` with two decimals.
func fixed(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// The resident set size in KiB (VmRSS of /proc/self/status).
func residentKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") { return Int(text.filter(\.isNumber)) ?? -1 }
    }
    return -1
}

let arguments = CommandLine.arguments.dropFirst()
let runs = arguments.firstIndex(of: "--runs").flatMap { arguments.index(after: $0) < arguments.endIndex ? Int(arguments[arguments.index(after: $0)]) : nil } ?? 7

do {
    if arguments.contains("--rfc7914-vector-4") {
        let start = now()
        let key = try Scrypt.deriveKey(password: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8),
                                       n: 1 << 20, r: 8, p: 1, keyLength: 64, maxMemory: 1 << 31)
        let expected = "2101cb9b6a511aaeaddbbe09cf70f881ec568d574a2ffd4dabe5ee9820adaa478e56fd8f4ba5d09ffa1c6d927c40f4c337304049e8a952fbcbf45c6fa77a41a4"
        print("rfc7914-vector-4 \(hexString(key) == expected ? "ok" : "MISMATCH") \(fixed((now() - start) * 1000)) ms")
        exit(hexString(key) == expected ? 0 : 1)
    }
    if arguments.contains("--rss") {
        let hash = try generatePasswordHash("rss")
        _ = checkPasswordHash(hash, password: "rss")
        let before = residentKiB()
        for _ in 0..<20 { _ = checkPasswordHash(hash, password: "rss") }
        print("rss-kib before=\(before) after-20-checks=\(residentKiB())")
        exit(0)
    }
    let scryptHash = try generatePasswordHash("correct horse battery staple")
    let pbkdf2Hash = try generatePasswordHash("correct horse battery staple", method: .pbkdf2())
    guard checkPasswordHash(scryptHash, password: "correct horse battery staple"),
          checkPasswordHash(pbkdf2Hash, password: "correct horse battery staple") else {
        print("self-check failed"); exit(1)
    }
    // One line per case: name, median milliseconds.
    let scrypt = medianMilliseconds(runs: runs) { _ = checkPasswordHash(scryptHash, password: "correct horse battery staple") }
    print("werk check scrypt:32768:8:1 \(fixed(scrypt))")
    let pbkdf2 = medianMilliseconds(runs: runs) { _ = checkPasswordHash(pbkdf2Hash, password: "correct horse battery staple") }
    print("werk check pbkdf2:sha256:1000000 \(fixed(pbkdf2))")
    let sha = medianMilliseconds(runs: runs) { _ = SHA256.hash([UInt8](repeating: 7, count: 16 << 20)) }
    print("werk sha256 16MiB \(fixed(sha))")
} catch {
    print("password-bench: \(error)")
    exit(1)
}
