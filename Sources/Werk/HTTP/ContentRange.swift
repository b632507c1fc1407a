/// A `Content-Range` header (RFC 9110 s14.4).
///
/// ```swift
/// ContentRange(range: 0..<500, length: 1234).headerValue   // bytes 0-499/1234
/// ContentRange(range: nil, length: 1234).headerValue       // bytes */1234
/// ContentRange(range: 0..<500, length: nil).headerValue    // bytes 0-499/*
/// ```
public struct ContentRange: Hashable, Sendable {
    /// The range unit, normally `bytes`.
    public var unit: String
    /// The half-open range sent, or `nil` for the unsatisfied form `*/length`.
    public var range: Swift.Range<Int>?
    /// The complete length, or `nil` when unknown (`/*`).
    public var length: Int?

    /// Creates a value directly.
    public init(unit: String = "bytes", range: Swift.Range<Int>?, length: Int?) {
        self.unit = unit
        self.range = range
        self.length = length
    }

    /// Parses `unit first-last/length`, `unit first-last/*` or `unit */length`
    /// (RFC 9110 s14.4). Returns `nil` for malformed input, `*/*`,
    /// `last < first`, `last >= length`, or numbers too big for `Int`.
    public init?(parsing: String) {
        let bytes = Array(HTTPSyntax.trim(Array(parsing.utf8)[...]))
        guard let sp = bytes.firstIndex(where: HTTPSyntax.isSpace) else { return nil }
        let unitBytes = bytes[0..<sp]
        guard unitBytes.allSatisfy(HTTPSyntax.isTChar) else { return nil }
        let rest = HTTPSyntax.trim(bytes[(sp + 1)...])
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let rangePart = rest[rest.startIndex..<slash]
        let lengthPart = rest[(slash + 1)...]

        var length: Int?
        if lengthPart.count == 1, lengthPart.first == UInt8(ascii: "*") {
            length = nil
        } else {
            guard let n = HTTPSyntax.parseDigits(lengthPart) else { return nil }
            length = n
        }
        var range: Swift.Range<Int>?
        if rangePart.count == 1, rangePart.first == UInt8(ascii: "*") {
            // unsatisfied-range = "*/" complete-length
            guard length != nil else { return nil }
            range = nil
        } else {
            guard let dash = rangePart.firstIndex(of: UInt8(ascii: "-")),
                  let first = HTTPSyntax.parseDigits(rangePart[rangePart.startIndex..<dash]),
                  let last = HTTPSyntax.parseDigits(rangePart[(dash + 1)...]),
                  last >= first, last < Int.max else { return nil }
            // RFC 9110 s14.4: invalid when last-pos >= complete-length
            if let length, last >= length { return nil }
            range = first..<(last + 1)
        }
        self.init(unit: HTTPSyntax.lowercased(HTTPSyntax.string(unitBytes)), range: range, length: length)
    }

    /// The header form. An empty `range` cannot be expressed and is written
    /// as the unsatisfied form `*`.
    public var headerValue: String {
        let r: String
        if let range, !range.isEmpty {
            r = "\(range.lowerBound)-\(range.upperBound - 1)"
        } else {
            r = "*"
        }
        return unit + " " + r + "/" + (length.map { String($0) } ?? "*")
    }
}
