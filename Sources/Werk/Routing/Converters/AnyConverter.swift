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
    /// The words as their code points in hex, sorted (`any(61.2c.62,63)` for the words `a,b`
    /// and `c`): the order they are given does not change what matches, and words that only
    /// look alike (`café` precomposed or not, a quoted word with a comma) keep different
    /// signatures.
    public var signature: String {
        let words = items.map { word in word.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: ".") }
        return "any(" + words.sorted().joined(separator: ",") + ")"
    }
}
