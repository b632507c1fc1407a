// Benchmark of WerkTemplates (issue 8): renders ../shared/peers/templates/table.html (which
// extends base.html) with its data.json, the page Jinja2 and the Swift engines render in
// Benchmarks/run-templates.sh.
//
//     swift build -c release --product template-bench
//     .build/release/template-bench [FOLDER] [N] [TEMPLATE] [--print] [--memory RENDERS]
//
// Prints microseconds per render (median and minimum of 7 rounds of N renders), the page's
// size and the sha256 of the page without whitespace (as jinja_bench.py prints it), then
// the resident memory before and after RENDERS more renders (default 1,000,000).
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkTemplates

/// VmRSS of this process, in KiB (/proc/self/status).
func residentKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
        let text = String(decoding: line.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") { return Int(text.dropFirst(6).filter(\.isNumber)) ?? -1 }
    }
    return -1
}

/// `value` with one decimal.
func oneDecimal(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let arguments = Array(CommandLine.arguments.dropFirst())
let positional = arguments.enumerated().filter { index, argument in
    !argument.hasPrefix("--") && (index == 0 || arguments[index - 1] != "--memory")
}.map(\.element)
let folder = positional.first ?? "../shared/peers/templates"
let renders = positional.count > 1 ? Int(positional[1]) ?? 2000 : 2000
let memoryRenders = arguments.firstIndex(of: "--memory").flatMap { Int(arguments[$0 + 1]) } ?? 1_000_000

var json: [UInt8] = []
try FileRegion(wholeFileAt: folder + "/data.json").forEachChunk { json += $0 }
let context = try TemplateValue(json: String(decoding: json, as: UTF8.self))
let templates = Templates(folder: folder)
let template = try templates.template(named: positional.count > 2 ? positional[2] : "table.html")
let page = try template.renderBytes(context)
if arguments.contains("--print") {
    page.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    exit(0)
}

let clock = ContinuousClock()
var rounds: [Double] = []
var sink = 0
for _ in 0..<7 {
    let time = seconds(try clock.measure {
        for _ in 0..<renders { sink &+= try template.renderBytes(context).count }
    })
    rounds.append(time / Double(renders) * 1e6)
}
rounds.sort()
let squeezed = page.filter { ![0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C].contains($0) }
let digest = SHA256.hash(squeezed).prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
print("werk templates: \(oneDecimal(rounds[3])) us per render (min \(oneDecimal(rounds[0]))), \(page.count) bytes, sha256 of the page without whitespace \(digest)")

// Memory: resident size before and after many more renders of the same page.
let before = residentKiB()
let start = clock.now
for _ in 0..<memoryRenders { sink &+= try template.renderBytes(context).count }
let elapsed = seconds(clock.now - start)
let after = residentKiB()
print("memory: \(memoryRenders) renders in \(oneDecimal(elapsed)) s, RSS \(before) KiB before, \(after) KiB after (\(after - before >= 0 ? "+" : "")\(after - before) KiB)")
if sink == 42 { print("") }
