// Routing benchmark: ns per match for maps of 10, 100 and 1,000 rules.
// Run: swift build -c release --product routing-bench && .build/release/routing-bench
import Werk

#if canImport(Glibc)
import Glibc
#endif

/// This thread's CPU time in nanoseconds (the machine is shared: time spent descheduled is not counted).
func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Rules shaped like a real app: `/section<i>/items/list` (static) or
/// `/section<i>/items/<int:id>` (converters), plus a few neighbours per section.
func makeMap(rules count: Int, converters: Bool) throws -> Map<Int> {
    var rules: [Rule<Int>] = []
    for i in 0..<count {
        let pattern = converters ? "/section\(i)/items/<int:id>" : "/section\(i)/items/list"
        rules.append(Rule(pattern, endpoint: i, methods: ["GET"]))
    }
    return try Map(rules.shuffled())
}

/// Median of several runs of `iterations` matches, in ns per match.
func measure(_ adapter: MapAdapter<Int>, path: String, expected: Int) throws -> Double {
    let iterations = 200_000
    var samples: [Double] = []
    var sink = 0
    for _ in 0..<7 {
        let start = now()
        for _ in 0..<iterations {
            let match = try adapter.match(path, method: "GET")
            sink &+= match.endpoint
        }
        samples.append(Double(now() - start) / Double(iterations))
    }
    precondition(sink % 7 == 0 || sink != 0, "keep the loop")
    let check = try adapter.match(path, method: "GET")
    precondition(check.endpoint == expected, "wrong match for \(path)")
    return samples.sorted()[samples.count / 2]
}

print("Werk routing benchmark (thread CPU ns per match, median of 7 x 200,000; path of 3 segments)")
print("kind        rules   ns/match")
var ratios: [String: Double] = [:]
for converters in [false, true] {
    var times: [Int: Double] = [:]
    for count in [10, 100, 1000] {
        let map = try makeMap(rules: count, converters: converters)
        let adapter = map.bind(host: "localhost")
        let target = count / 2 + 3
        let path = converters ? "/section\(target)/items/\(12345)" : "/section\(target)/items/list"
        let ns = try measure(adapter, path: path, expected: target)
        times[count] = ns
        let kind = converters ? "converter" : "static"
        print(kind.rightPad(10) + "  " + String(count).leftPad(5) + "   "
              + String(format1(ns)).leftPad(8))
    }
    ratios[converters ? "converter" : "static"] = times[1000]! / times[10]!
}
for kind in ["static", "converter"] {
    print("ratio 1000/10 (\(kind)): \(format2(ratios[kind]!))")
}

func format1(_ x: Double) -> String { String(Double(Int(x * 10)) / 10) }
func format2(_ x: Double) -> String { String(Double(Int(x * 100)) / 100) }

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    func rightPad(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
