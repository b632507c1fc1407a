/// `<path:name>`: one or more segments, slashes included (`a/b/c.txt`); the first segment
/// must not be empty. The value is a `String`. When more follows the placeholder in the rule,
/// it takes as few segments as let the rest match.
///
///     Rule("/files/<path:name>", endpoint: "file")   // "/files/a/b.txt" -> ["name": "a/b.txt"]
public struct PathConverter: RouteConverter {
    /// A path converter: `PathConverter()`.
    public init() {}

    /// From rule arguments; `path` takes none.
    ///
    ///     try PathConverter(arguments: ConverterArguments())
    public init(arguments: ConverterArguments) throws {
        try arguments.check(allowed: [], maxPositional: 0)
    }

    /// The text when it does not start with `/`.
    public func toValue(_ text: Substring) -> (any Sendable)? {
        guard let first = text.utf8.first, first != UInt8(ascii: "/") else { return nil }
        return String(text)
    }

    /// The value's text, percent-encoded with `/` kept.
    public func toURL(_ value: any Sendable) throws -> String {
        let text = routeValueText(value)
        guard let first = text.utf8.first, first != UInt8(ascii: "/") else {
            throw RouteConverterError("a path value must be non-empty and not start with '/'")
        }
        return encodePathText(text, keepSlash: true)
    }

    /// Tried after every other converter: 200.
    public var weight: Int { 200 }
    /// Spans segments.
    public var matchesSlashes: Bool { true }
}
