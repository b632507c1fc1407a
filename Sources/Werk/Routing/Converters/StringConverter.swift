/// The default converter, `<name>` or `<string(minlength=1, maxlength=None, length=None):name>`:
/// one segment without slashes, at least one character long; lengths count Unicode scalars.
/// The value is a `String`.
///
///     Rule("/tags/<string(length=2):code>", endpoint: "tag")   // "/tags/de" -> ["code": "de"]
public struct StringConverter: RouteConverter {
    /// Fewest characters accepted (default 1).
    public let minLength: Int
    /// Most characters accepted, or nil for no limit.
    public let maxLength: Int?

    /// A converter for lengths `minLength...maxLength`: `StringConverter(minLength: 2)`.
    public init(minLength: Int = 1, maxLength: Int? = nil) {
        self.minLength = max(minLength, 1)
        self.maxLength = maxLength
    }

    /// From rule arguments `minlength`, `maxlength`, `length` (also `min`, `max`), by name or position.
    ///
    ///     try StringConverter(arguments: ConverterArguments(keyword: ["length": .int(2)]))
    public init(arguments: ConverterArguments) throws {
        try arguments.check(allowed: ["minlength", "maxlength", "length", "min", "max"], maxPositional: 3)
        if let length = try arguments.int("length", position: 2) {
            guard length >= 1 else { throw RouteConverterError("length must be at least 1") }
            self.init(minLength: length, maxLength: length)
            return
        }
        let minLength = try arguments.int("minlength", position: 0) ?? arguments.int("min") ?? 1
        let maxLength = try arguments.int("maxlength", position: 1) ?? arguments.int("max")
        if let maxLength, maxLength < max(minLength, 1) {
            throw RouteConverterError("maxlength \(maxLength) is below minlength \(minLength)")
        }
        self.init(minLength: minLength, maxLength: maxLength)
    }

    /// The text itself when its length fits.
    public func toValue(_ text: Substring) -> (any Sendable)? {
        let utf8 = text.utf8
        if utf8.isEmpty { return nil }
        // One UTF-8 byte per scalar for ASCII: the byte count bounds the scalar count.
        if minLength > 1 || maxLength != nil {
            let length = text.unicodeScalars.count
            if length < minLength { return nil }
            if let maxLength, length > maxLength { return nil }
        }
        return String(text)
    }

    /// The value's text, percent-encoded (a `/` becomes `%2F`); checks the length.
    public func toURL(_ value: any Sendable) throws -> String {
        let text = routeValueText(value)
        let length = text.unicodeScalars.count
        guard length >= minLength, maxLength.map({ length <= $0 }) ?? true else {
            throw RouteConverterError("length \(length) is outside \(minLength)...\(maxLength.map(String.init) ?? "")")
        }
        return encodePathText(text, keepSlash: false)
    }

    /// `string`'s weight: 100.
    public var weight: Int { 100 }
}
