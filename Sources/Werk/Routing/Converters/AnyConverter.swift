/// `<any(about, help, 'contact us'):page>`: exactly one of the listed words; the value is
/// the `String` matched.
///
///     Rule("/<any(about, help):page>", endpoint: "page")   // "/help" -> ["page": "help"]
public struct AnyConverter: RouteConverter {
    /// The accepted words, in the order given.
    public let items: [String]

    /// A converter for `items`: `AnyConverter(["about", "help"])`.
    public init(_ items: [String]) { self.items = items }

    /// From rule arguments: the words, by position.
    ///
    ///     try AnyConverter(arguments: ConverterArguments(positional: [.string("a"), .string("b")]))
    public init(arguments: ConverterArguments) throws {
        guard arguments.keyword.isEmpty else { throw RouteConverterError("any() takes its words by position only") }
        guard !arguments.positional.isEmpty else { throw RouteConverterError("any() needs at least one word") }
        self.init(try arguments.positional.map { argument in
            switch argument {
            // Bytes: a combining mark after "/" makes one Character that `contains("/")` misses.
            case .string(let s) where !s.isEmpty && !s.utf8.contains(UInt8(ascii: "/")): return s
            case .int(let n): return String(n)
            default: throw RouteConverterError("any() words must be non-empty strings without '/', not \(argument)")
            }
        })
    }

    /// The word when `text` is one of `items`, compared by code points as Werkzeug's regular
    /// expression does (not Swift's canonical equivalence: `café` precomposed is not
    /// `cafe` + U+0301).
    public func toValue(_ text: Substring) -> (any Sendable)? {
        items.first { $0.utf8.elementsEqual(text.utf8) }
    }

    /// The word, percent-encoded; throws when it is not one of `items`.
    public func toURL(_ value: any Sendable) throws -> String {
        let text = routeValueText(value)
        guard items.contains(where: { $0.utf8.elementsEqual(text.utf8) }) else {
            throw RouteConverterError("not one of \(items.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return encodePathText(text, keepSlash: false)
    }

    /// A closed set of words is more specific than numbers: 40.
    public var weight: Int { 40 }
    /// The sorted words: the order they are given does not change what matches. Each word's
    /// non-ASCII scalars are written as `\u{…}`, so words that differ only in their code points
    /// have different signatures.
    public var signature: String {
        let words = items.map { word in
            word.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{" + String($0.value, radix: 16) + "}" }.joined()
        }
        return "any(" + words.sorted().joined(separator: ",") + ")"
    }
}
