// libFuzzer target for the router's matcher and URL builder (issue 14). Not part of the package
// build: `Benchmarks/fuzz.sh routing` compiles it against the instrumented Werk module.
//
// Input lines: rule pattern A, rule pattern B, a request path (PATH_INFO, decoded), then values
// for the placeholders of each rule in order. Properties, besides no crash, hang or leak:
// - a path a rule matches gives values that build a URL (never an error); that URL,
//   percent-decoded, matches the same rule with the same values and builds the same URL;
// - values given for a rule either fail to build with a RoutingError, or build a URL that
//   matches that rule and gives values that build the same URL again (values with `/` are left
//   out: a decoded PATH_INFO cannot tell `%2F` from `/`, in Werk as in every WSGI router);
// - a map of both rules agrees with each rule alone: what the map matches, the matched rule
//   alone matches with the same values, and a path either rule alone matches, the map matches
//   too (the matcher backtracks).
@testable import Werk

typealias Outcome = (rule: Int, values: String)?

func text(_ values: RouteValues) -> String {
    values.map { "\($0.name)=\(routeValueText($0.value, quoted: true))" }.joined(separator: ",")
}

/// The rule index and values matched, nil for a 404, a 405 or a redirect.
func outcome(_ adapter: MapAdapter<Int>, _ path: String) -> Outcome {
    guard let match = try? adapter.match(path) else { return nil }
    return (match.endpoint, text(match.values))
}

/// The path of a built URL as PATH_INFO: the script root is empty and no query is expected.
func pathInfo(_ url: String) -> String {
    require(url.hasPrefix("/") && !url.contains("?"), "unexpected query or host in \(url)")
    return percentDecode(url)
}

/// True when a path value holds `//` or ends in `/` (byte-wise): its URL has an empty segment,
/// which the matcher answers with a redirect.
func endsSegmentEmpty(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    return bytes.last == 0x2F || zip(bytes, bytes.dropFirst()).contains { $0 == 0x2F && $1 == 0x2F }
}

/// Builds from `values`, matches the result, and checks that it comes back to the same URL.
func checkBuild(_ adapter: MapAdapter<Int>, rule: Int, values: RouteValues, mustBuild: Bool, context: String) {
    let url: String
    do {
        url = try adapter.build(rule, values)
    } catch {
        require(!mustBuild, "matched values \(text(values)) do not build: \(error) (\(context))")
        return
    }
    let path = pathInfo(url)
    let match: RouteMatch<Int>
    do {
        match = try adapter.match(path)
    } catch {
        // A path value that ends a segment empty, or with `//`, can be built but redirects.
        if case .redirect = error, !mustBuild, values.contains(where: { endsSegmentEmpty(routeValueText($0.value)) }) { return }
        require(false, "built URL \(String(reflecting: url)) from \(text(values)) does not match: \(error) (\(context))")
        return
    }
    require(match.endpoint == rule, "built URL \(url) matched rule \(match.endpoint), not \(rule) (\(context))")
    if mustBuild {
        require(text(match.values) == text(values), "values \(text(values)) came back as \(text(match.values)) via \(url) (\(context))")
    }
    let again = try? adapter.build(rule, match.values)
    require(again == url, "values \(text(match.values)) from \(url) build \(String(describing: again)) (\(context))")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRouting(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    let patterns = [input.line(), input.line()].map { $0.hasPrefix("/") ? $0 : "/" + $0 }
    let path = input.line()
    var given: [String] = []
    while !input.isAtEnd && given.count < 8 { given.append(input.line()) }
    let rules = patterns.enumerated().map { Rule($0.element, endpoint: $0.offset) }

    var alone: [Outcome] = [nil, nil]
    for (index, rule) in rules.enumerated() {
        // Endpoint `index` in a map of its own.
        guard let map = try? Map([Rule(rule.pattern, endpoint: index)]) else { continue }
        let adapter = map.bind(host: "example.com")
        let context = "rule \(String(reflecting: rule.pattern)), path \(String(reflecting: path))"
        if let match = try? adapter.match(path) {
            alone[index] = (index, text(match.values))
            checkBuild(adapter, rule: index, values: match.values, mustBuild: true, context: context)
        }
        let names = map.compiled[0].pathNames
        var values = RouteValues()
        for (name, value) in zip(names, given) { values[name] = value }
        // Only values without a `/` byte round-trip through a segment converter. (Bytes, not
        // Characters: in "b/\u{33C}" the slash and the combining mark are one Character.)
        if !given.contains(where: { $0.utf8.contains(0x2F) }) {
            checkBuild(adapter, rule: index, values: values, mustBuild: false, context: context + ", values \(given)")
        }
    }
    if let map = try? Map(rules) {
        let both = outcome(map.bind(host: "example.com"), path)
        if let both {
            require(alone[both.rule]?.values == both.values,
                    "the map matched rule \(both.rule) with \(both.values), alone it gives \(String(describing: alone[both.rule])) (\(patterns), \(String(reflecting: path)))")
        } else {
            require(alone[0] == nil && alone[1] == nil,
                    "a rule alone matches \(String(reflecting: path)) but the map does not (\(patterns))")
        }
    }
    return 0
}
