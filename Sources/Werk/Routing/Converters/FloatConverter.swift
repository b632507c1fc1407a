/// `<float:name>` or `<float(min=None, max=None, signed=False):name>`: digits, a dot, digits
/// (`1.5`; not `1`, `.5` or `1e3`), a leading `-` when `signed`; the value is a `Double`.
///
///     Rule("/price/<float:amount>", endpoint: "price")   // "/price/9.99" -> ["amount": 9.99]
public struct FloatConverter: RouteConverter {
    /// Smallest value accepted, or nil.
    public let min: Double?
    /// Largest value accepted, or nil.
    public let max: Double?
    /// Whether a leading `-` is accepted.
    public let signed: Bool

    /// A converter with these bounds: `FloatConverter(min: 0)`.
    public init(min: Double? = nil, max: Double? = nil, signed: Bool = false) {
        self.min = min
        self.max = max
        self.signed = signed
    }

    /// From rule arguments `min`, `max`, `signed`, by name or position.
    ///
    ///     try FloatConverter(arguments: ConverterArguments(keyword: ["max": .double(1)]))
    public init(arguments: ConverterArguments) throws {
        try arguments.check(allowed: ["min", "max", "signed"], maxPositional: 3)
        let min = try arguments.double("min", position: 0)
        let max = try arguments.double("max", position: 1)
        if let min, let max, max < min { throw RouteConverterError("max \(max) is below min \(min)") }
        self.init(min: min, max: max, signed: try arguments.bool("signed", position: 2) ?? false)
    }

    /// The `Double` when `text` is `digits.digits` within bounds.
    public func toValue(_ text: Substring) -> (any Sendable)? {
        var utf8 = text.utf8[...]
        if signed, utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        var sawDot = false, before = 0, after = 0
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                if sawDot { return nil }
                sawDot = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if sawDot { after += 1 } else { before += 1 }
            } else {
                return nil
            }
        }
        guard sawDot, before > 0, after > 0, let value = Double(text), value.isFinite else { return nil }
        if let min, value < min { return nil }
        if let max, value > max { return nil }
        return value
    }

    /// The number as `digits.digits`; a `Double`, an `Int` or a string of one.
    public func toURL(_ value: any Sendable) throws -> String {
        var number: Double
        if let d = value as? Double { number = d }
        else if let n = value as? Int { number = Double(n) }
        else if let text = value as? String, let d = Double(text) { number = d }
        else { throw RouteConverterError("expected a number") }
        guard number.isFinite else { throw RouteConverterError("not finite") }
        if number < 0 && !signed { throw RouteConverterError("negative, and the converter is not signed") }
        // -0.0 is not below 0, but its text "-0.0" has the sign an unsigned converter refuses.
        if number == 0 && !signed { number = 0 }
        if let min, number < min { throw RouteConverterError("below the minimum \(min)") }
        if let max, number > max { throw RouteConverterError("above the maximum \(max)") }
        let text = String(number)
        guard !text.contains("e") else { throw RouteConverterError("too large or small to write as digits.digits") }
        return text
    }

    /// Numbers are more specific than strings: 50.
    public var weight: Int { 50 }
}
