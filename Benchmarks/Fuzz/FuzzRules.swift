// libFuzzer target for the router's rule parser (issue 14). Not part of the package build:
// `Benchmarks/fuzz.sh rules` compiles it against the instrumented Werk module.
//
// The input is read as a path pattern (a `/` is put in front when missing), as a host pattern
// and as a converter argument list. Properties, besides no crash, hang or leak:
// - a pattern that parses, written back from its segments (placeholders as
//   `<converter(arguments):name>`, arguments with quoted strings), parses to the same segments;
// - placeholder names in one pattern are distinct identifiers, converter names identifiers;
// - a path pattern that parses compiles into a Map, or the Map refuses it with a RoutingError
//   naming a converter or the pattern (never any other failure).
@testable import Werk

func write(_ argument: ConverterArgument) -> String {
    switch argument {
    case .string(let text):
        // Escaped scalar by scalar (String.replacing compares Characters, and a quote followed
        // by a combining mark is not the Character "'").
        var out = "'"
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "'" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out + "'"
    case .int(let n): return String(n)
    case .double(let d): return String(d)
    case .bool(let b): return b ? "True" : "False"
    case .none: return "None"
    }
}

func write(_ placeholder: ParsedPlaceholder) -> String {
    var text = placeholder.converter
    let arguments = placeholder.arguments
    if !arguments.isEmpty {
        let parts = arguments.positional.map(write) + arguments.keyword.sorted { $0.key < $1.key }.map { "\($0.key)=\(write($0.value))" }
        text += "(" + parts.joined(separator: ", ") + ")"
    }
    return "<" + text + ":" + placeholder.name + ">"
}

func write(_ segments: [ParsedSegment], separator: String) -> String {
    segments.map { segment -> String in
        switch segment {
        case .literal(let text): return text
        case .placeholder(let prefix, let placeholder, let suffix): return prefix + write(placeholder) + suffix
        }
    }.joined(separator: separator)
}

func checkNames(_ segments: [ParsedSegment], pattern: String) {
    var names: Set<String> = []
    for case .placeholder(_, let placeholder, _) in segments {
        require(RuleParser.isIdentifier(placeholder.name) && RuleParser.isIdentifier(placeholder.converter),
                "bad name in \(String(reflecting: pattern)): \(placeholder)")
        require(names.insert(placeholder.name).inserted, "name used twice in \(String(reflecting: pattern))")
    }
}

func checkPath(_ pattern: String) {
    guard let segments = try? RuleParser.parsePath(pattern) else { return }
    checkNames(segments, pattern: pattern)
    let written = "/" + write(segments, separator: "/")
    let again = try? RuleParser.parsePath(written)
    require(again == segments, "rule \(String(reflecting: pattern)) written as \(String(reflecting: written)) parsed as \(String(describing: again)), not \(segments)")
    do {
        _ = try Map([Rule(pattern, endpoint: "e", name: "e")])
    } catch {
        switch error {
        case .invalidPattern, .unknownConverter, .invalidConverterArguments: break
        default: require(false, "Map refused \(String(reflecting: pattern)) with \(error)")
        }
    }
}

func checkHost(_ pattern: String) {
    guard let segments = try? RuleParser.parseHost(pattern) else { return }
    checkNames(segments, pattern: pattern)
    let written = write(segments, separator: ".")
    let again = try? RuleParser.parseHost(written)
    require(again == segments, "host rule \(String(reflecting: pattern)) written as \(String(reflecting: written)) parsed as \(String(describing: again))")
}

func checkArguments(_ text: String) {
    guard let arguments = try? RuleParser.parseArguments(text) else { return }
    let parts = arguments.positional.map(write) + arguments.keyword.sorted { $0.key < $1.key }.map { "\($0.key)=\(write($0.value))" }
    let written = parts.joined(separator: ", ")
    let again = try? RuleParser.parseArguments(written)
    require(again == arguments, "arguments \(String(reflecting: text)) written as \(String(reflecting: written)) parsed as \(String(describing: again))")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzBytes(data, size).text
    checkPath(text.hasPrefix("/") ? text : "/" + text)
    checkHost(text)
    checkArguments(text)
    return 0
}
