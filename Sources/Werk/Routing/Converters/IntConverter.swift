/// `<int:name>` or `<int(fixed_digits=0, min=None, max=None, signed=False):name>`: ASCII digits
/// only (a leading `-` when `signed`), no `+`, no spaces; the value is an `Int` within `min...max`.
/// With `fixed_digits`, exactly that many digits, and URLs are zero-padded.
///
///     Rule("/users/<int:id>", endpoint: "user")                 // "/users/42" -> ["id": 42]
///     Rule("/archive/<int(fixed_digits=4):year>", endpoint: "y") // "/archive/2024"
public struct IntConverter: RouteConverter {
    /// Exact number of digits, or 0 for any.
    public let fixedDigits: Int
    /// Smallest value accepted, or nil.
    public let min: Int?
    /// Largest value accepted, or nil.
    public let max: Int?
    /// Whether a leading `-` is accepted.
    public let signed: Bool

    /// A converter with these bounds: `IntConverter(min: 1, max: 100)`.
    public init(fixedDigits: Int = 0, min: Int? = nil, max: Int? = nil, signed: Bool = false) {
        self.fixedDigits = fixedDigits
        self.min = min
        self.max = max
        self.signed = signed
    }

    /// From rule arguments `fixed_digits`, `min`, `max`, `signed`, by name or position.
    ///
    ///     try IntConverter(arguments: ConverterArguments(keyword: ["min": .int(1)]))
    public init(arguments: ConverterArguments) throws {
        try arguments.check(allowed: ["fixed_digits", "min", "max", "signed"], maxPositional: 4)
        let fixedDigits = try arguments.int("fixed_digits", position: 0) ?? 0
        guard fixedDigits >= 0 else { throw RouteConverterError("fixed_digits must not be negative") }
        let min = try arguments.int("min", position: 1)
        let max = try arguments.int("max", position: 2)
        if let min, let max, max < min { throw RouteConverterError("max \(max) is below min \(min)") }
        self.init(fixedDigits: fixedDigits, min: min, max: max, signed: try arguments.bool("signed", position: 3) ?? false)
    }

    /// The `Int` when `text` is digits within bounds.
    public func toValue(_ text: Substring) -> (any Sendable)? {
        var utf8 = text.utf8[...]
        var negative = false
        if signed, utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        if utf8.isEmpty { return nil }
        if fixedDigits > 0 && utf8.count != fixedDigits { return nil }
        var value = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(Int(byte &- 48))
                : times.addingReportingOverflow(Int(byte &- 48))
            if o1 || o2 { return nil }
            value = sum
        }
        if let min, value < min { return nil }
        if let max, value > max { return nil }
        return value
    }

    /// The decimal digits, zero-padded to `fixed_digits`; an `Int` or a string of one.
    public func toURL(_ value: any Sendable) throws -> String {
        let number: Int
        if let n = value as? Int { number = n }
        else if let text = value as? String, let n = toValue(Substring(text)) as? Int { number = n }
        else { throw RouteConverterError("expected an integer") }
        if number < 0 && !signed { throw RouteConverterError("negative, and the converter is not signed") }
        if let min, number < min { throw RouteConverterError("below the minimum \(min)") }
        if let max, number > max { throw RouteConverterError("above the maximum \(max)") }
        var digits = String(number.magnitude)
        if digits.utf8.count < fixedDigits { digits = String(repeating: "0", count: fixedDigits - digits.utf8.count) + digits }
        return number < 0 ? "-" + digits : digits
    }

    /// Numbers are more specific than strings: 50.
    public var weight: Int { 50 }
}
