/// One range-spec of a byte `Range` header (RFC 9110 s14.1.1).
///
/// ```swift
/// ByteRangeSpec(.fromTo(0, 499)).headerValue   // 0-499
/// ByteRangeSpec(.suffix(500)).headerValue      // -500
/// ```
public struct ByteRangeSpec: Hashable, Sendable {
    /// The two shapes of a byte range-spec.
    public enum Kind: Hashable, Sendable {
        /// `first-last` (inclusive) or, with `nil`, the open-ended `first-`.
        case fromTo(Int, Int?)
        /// `-N`: the last N bytes.
        case suffix(Int)
    }

    /// Which shape this spec has.
    public var kind: Kind

    /// Wraps a spec shape.
    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// The spec as written in a header, e.g. `0-499`, `500-`, `-500`.
    public var headerValue: String {
        switch kind {
        case let .fromTo(first, last?): return "\(first)-\(last)"
        case let .fromTo(first, nil): return "\(first)-"
        case let .suffix(n): return "-\(n)"
        }
    }

    /// The half-open byte range this spec selects in a representation of
    /// `length` bytes, or `nil` when it is unsatisfiable there
    /// (RFC 9110 s14.1.2, s14.1.1).
    public func resolve(length: Int) -> Swift.Range<Int>? {
        guard length > 0 else { return nil }
        switch kind {
        case let .fromTo(first, last):
            // first >= length is unsatisfiable; last is clamped to length - 1.
            guard first >= 0, first < length else { return nil }
            let end = Swift.min(last ?? (length - 1), length - 1)
            guard end >= first else { return nil }
            return first..<(end + 1)
        case let .suffix(n):
            // A zero suffix is unsatisfiable; a longer one means the whole file.
            guard n > 0 else { return nil }
            return Swift.max(0, length - Swift.min(n, length))..<length
        }
    }
}

/// How a `Range` header applies to a representation of known length.
public enum RangeResolution: Equatable, Sendable {
    /// Unknown range unit: ignore the header and serve the whole representation.
    case ignore
    /// No spec overlaps the representation: answer 416 (RFC 9110 s15.5.17).
    case unsatisfiable
    /// Half-open byte ranges clamped to the length, in request order.
    case satisfiable([Swift.Range<Int>])
}

/// A parsed `Range` request header (RFC 9110 s14.2).
///
/// ```swift
/// let r = RangeHeader(parsing: "bytes=0-499, -500")!
/// r.resolve(length: 10_000)   // .satisfiable([0..<500, 9500..<10000])
/// ```
public struct RangeHeader: Sendable, Equatable {
    /// Upper bound on range-specs accepted from a client, to bound work.
    public static let maxSpecs = 100

    /// The range unit, lowercased (units compare case-insensitively, RFC 9110 s14.1).
    public var unit: String
    /// The range-specs in request order. Empty for units other than `bytes`
    /// whose specs are not in byte-range syntax.
    public var specs: [ByteRangeSpec]

    /// Creates a header value directly.
    public init(unit: String = "bytes", specs: [ByteRangeSpec]) {
        self.unit = unit
        self.specs = specs
    }

    /// Parses `unit=spec, spec, ...` (RFC 9110 s14.1.1). Returns `nil` when the
    /// header is malformed, which RFC 9110 s14.2 says to treat as absent:
    /// a missing `=` or unit, no specs, `last < first`, non-digits, numbers too
    /// big for `Int`, or more than `maxSpecs` specs. For units other than
    /// `bytes`, specs that are not byte-range syntax leave `specs` empty.
    public init?(parsing: String) {
        let bytes = Array(parsing.utf8)
        guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let unitBytes = HTTPSyntax.trim(bytes[0..<eq])
        guard !unitBytes.isEmpty, unitBytes.allSatisfy(HTTPSyntax.isTChar) else { return nil }
        let unit = HTTPSyntax.lowercased(HTTPSyntax.string(unitBytes))
        let parsed = RangeHeader.parseSpecs(bytes[(eq + 1)...])
        if unit == "bytes" {
            guard let parsed else { return nil }
            self.init(unit: unit, specs: parsed)
        } else {
            // other-range: we cannot judge its syntax (RFC 9110 s14.1.1).
            self.init(unit: unit, specs: parsed ?? [])
        }
    }

    /// Parses a byte range-set: 1#range-spec (RFC 9110 s14.1.1).
    private static func parseSpecs(_ set: ArraySlice<UInt8>) -> [ByteRangeSpec]? {
        var specs: [ByteRangeSpec] = []
        var start = set.startIndex
        var i = set.startIndex
        while i <= set.endIndex {
            if i == set.endIndex || set[i] == UInt8(ascii: ",") {
                let element = HTTPSyntax.trim(set[start..<i])
                if !element.isEmpty {  // empty list elements are ignored (RFC 9110 s5.6.1)
                    guard specs.count < maxSpecs, let spec = parseSpec(element) else { return nil }
                    specs.append(spec)
                }
                start = i + 1
            }
            i += 1
        }
        return specs.isEmpty ? nil : specs
    }

    private static func parseSpec(_ s: ArraySlice<UInt8>) -> ByteRangeSpec? {
        guard let dash = s.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let firstBytes = s[s.startIndex..<dash]
        let lastBytes = s[(dash + 1)...]
        if firstBytes.isEmpty {
            // suffix-range = "-" suffix-length
            guard let n = HTTPSyntax.parseDigits(lastBytes) else { return nil }
            return ByteRangeSpec(.suffix(n))
        }
        // int-range = first-pos "-" [ last-pos ]
        guard let first = HTTPSyntax.parseDigits(firstBytes) else { return nil }
        if lastBytes.isEmpty { return ByteRangeSpec(.fromTo(first, nil)) }
        guard let last = HTTPSyntax.parseDigits(lastBytes), last >= first else { return nil }
        return ByteRangeSpec(.fromTo(first, last))
    }

    /// Applies the header to a representation of `length` bytes
    /// (RFC 9110 s14.2): `.ignore` for a unit other than `bytes`,
    /// `.unsatisfiable` when no spec selects any byte (always so for an empty
    /// representation), otherwise the satisfiable ranges in request order
    /// (unsatisfiable specs are dropped; overlapping ranges are not merged).
    public func resolve(length: Int) -> RangeResolution {
        guard unit == "bytes" else { return .ignore }
        let ranges = specs.compactMap { $0.resolve(length: length) }
        return ranges.isEmpty ? .unsatisfiable : .satisfiable(ranges)
    }

    /// The header form, e.g. `bytes=0-499,-500`.
    public var headerValue: String {
        unit + "=" + specs.map(\.headerValue).joined(separator: ",")
    }
}
