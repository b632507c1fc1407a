// Number filters: int, float, round, abs, filesizeformat.
#if canImport(Glibc)
import Glibc
#endif

extension BuiltinFilters {
    static let numberFilters: [String: FilterFunction] = [
        "int": { value, arguments, _, _ in
            let bound = try bind(arguments, ["default", "base"], [.int(0), .int(10)], "int")
            // Jinja's Undefined raises for int(), which the filter does not catch.
            if value.isUndefined { throw TemplateRuntimeError.undefined(value) }
            return try toInt(value, default: bound[0], base: bound[1].integerLike ?? 10)
        },
        "float": { value, arguments, _, _ in
            let fallback = try bind(arguments, ["default"], [.double(0)], "float")[0]
            if value.isUndefined { throw TemplateRuntimeError.undefined(value) }
            return toFloat(value).map { .double($0) } ?? fallback
        },
        "round": { value, arguments, _, _ in
            let bound = try bind(arguments, ["precision", "method"], [.int(0), .string("common")], "round")
            return try round(value, precision: bound[0], method: bound[1].description)
        },
        "abs": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "abs")
            switch value.storage {
            case .int(let i):
                guard i != .min else { throw Operators.overflow }
                return .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .double(let d): return .double(abs(d))
            default: throw TemplateRuntimeError(.type, "bad operand type for abs(): '\(value.typeName)'")
            }
        },
        "filesizeformat": { value, arguments, _, _ in
            let binary = try bind(arguments, ["binary"], [.false], "filesizeformat")[0].isTruthy
            if value.isUndefined { throw TemplateRuntimeError.undefined(value) }
            guard let bytes = toFloat(value) else { throw TemplateRuntimeError(.value, "could not convert \(value.repr) to float") }
            let base: Double = binary ? 1024 : 1000
            let prefixes = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
            if bytes == 1 { return .string("1 Byte") }
            if bytes < base { return .string("\(Int(exactly: bytes.rounded(.towardZero)) ?? 0) Bytes") }
            var unit = base
            for prefix in prefixes {
                unit *= base
                if bytes < unit || prefix == prefixes.last! {
                    return .string(PythonFormat.printf("%.1f", base * bytes / unit) + " " + prefix)
                }
            }
            return .string("")
        },
    ]

    /// Jinja's `int`: a string read as an integer in `base` (Python's syntax: sign, spaces,
    /// underscores, a `0x`-style prefix), else as a float and truncated; other numbers
    /// truncated; anything else gives `fallback`.
    static func toInt(_ value: TemplateValue, default fallback: TemplateValue, base: Int) throws -> TemplateValue {
        switch value.storage {
        case .int: return value
        case .bool(let b): return .int(b ? 1 : 0)
        case .double(let d): return try truncated(d) ?? fallback
        case .string(let s), .markup(let s):
            if let i = parsePythonInt(s, base: base) { return .int(i) }
            guard let d = parsePythonFloat(s) else { return fallback }
            // Jinja catches the OverflowError of `int(float("inf"))` for text: `?page=inf`
            // gives the default, never an error page. A finite value past 64 bits (Python
            // gives the big integer) gives the default too: Werk's integers are 64-bit.
            return (try? truncated(d)) ?? fallback
        default: return fallback
        }
    }

    /// A float truncated to an int; nil for NaN (Python's ValueError); throws for infinities
    /// and floats beyond 64 bits (Python's OverflowError, which Jinja does not catch for a
    /// float value; for text it does, and gives the default).
    private static func truncated(_ d: Double) throws -> TemplateValue? {
        if d.isNaN { return nil }
        guard let i = Int(exactly: d.rounded(.towardZero)) else {
            throw TemplateRuntimeError(.value, "cannot convert float \(PythonFloat.repr(d)) to integer")
        }
        return .int(i)
    }

    /// Python's `float(value)`, or nil where it would raise.
    static func toFloat(_ value: TemplateValue) -> Double? {
        switch value.storage {
        case .double(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .string(let s), .markup(let s): return parsePythonFloat(s)
        default: return nil
        }
    }

    /// Python's `int(text, base)`: surrounding whitespace, a sign, single underscores between
    /// digits, and for base 0 / 2 / 8 / 16 the matching prefix.
    static func parsePythonInt(_ text: String, base: Int) -> Int? {
        var s = Substring(PythonWhitespace.strip(text))
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        var radix = base
        let lower = s.lowercased()
        for (prefix, prefixRadix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (base == 0 || base == prefixRadix) {
            radix = prefixRadix
            s = s.dropFirst(2)
            if s.first == "_" { s = s.dropFirst() }
        }
        if radix == 0 {
            radix = 10
            // Base 0: a decimal literal may not have leading zeros (other than zero itself).
            if s.count > 1 && s.first == "0" && !s.allSatisfy({ $0 == "0" || $0 == "_" }) { return nil }
        }
        guard (2...36).contains(radix), !s.isEmpty, s.first != "_", s.last != "_",
              !zip(s, s.dropFirst()).contains(where: { $0 == "_" && $1 == "_" }) else { return nil }
        guard let magnitude = UInt64(String(s.filter { $0 != "_" }), radix: radix) else { return nil }
        if negative { return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    /// Python's `float(text)`: whitespace around, single underscores between digits,
    /// `inf`/`infinity`/`nan` in any case.
    static func parsePythonFloat(_ text: String) -> Double? {
        let s = PythonWhitespace.strip(text)
        var body = Substring(s)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        switch body.lowercased() {
        case "inf", "infinity": return s.hasPrefix("-") ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        // Underscores only between digits.
        let scalars = Array(s.unicodeScalars)
        for (i, scalar) in scalars.enumerated() where scalar == "_" {
            guard i > 0, i + 1 < scalars.count, scalars[i - 1].properties.numericType == .decimal,
                  scalars[i + 1].properties.numericType == .decimal else { return nil }
        }
        let cleaned = String(s.filter { $0 != "_" })
        guard !cleaned.isEmpty, cleaned.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }),
              cleaned.contains(where: \.isNumber) else { return nil }
        return Double(cleaned)
    }

    /// `round(precision=0, method='common')`: `common` is Python's `round()` (ties to even, on
    /// the exact binary value); `ceil` and `floor` give floats.
    static func round(_ value: TemplateValue, precision: TemplateValue, method: String) throws -> TemplateValue {
        guard ["common", "ceil", "floor"].contains(method) else {
            throw TemplateRuntimeError(.value, "method must be common, ceil or floor")
        }
        guard let digits = precision.integerLike.map({ min(max($0, -400), 400) }) else {
            throw TemplateRuntimeError(.type, "'\(precision.typeName)' object cannot be interpreted as an integer")
        }
        guard let number = value.numeric else {
            throw TemplateRuntimeError(.type, "type \(value.typeName) doesn't define __round__ method")
        }
        if method != "common" {
            let scale = pow(10.0, Double(digits))
            let scaled = number * scale
            return .double((method == "ceil" ? scaled.rounded(.up) : scaled.rounded(.down)) / scale)
        }
        if let integer = value.integerLike {
            guard digits < 0 else { return .int(integer) }
            return .int(try roundInteger(integer, digits: -digits))
        }
        return .double(roundFloat(number, digits: digits))
    }

    /// Python's `round(float, ndigits)`.
    static func roundFloat(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return x }
        if digits == 0 { return x.rounded(.toNearestOrEven) }
        if digits > 0 {
            if digits > 323 { return x }
            // printf rounds the exact binary value to nearest, ties to even, as CPython's dtoa.
            return Double(PythonFormat.printf("%.\(digits)f", x)) ?? x
        }
        if digits < -308 { return 0 * x }
        let scale = pow(10.0, Double(-digits))
        let y = x / scale
        var z = y.rounded()
        if abs(y - z) == 0.5 { z = 2 * (y / 2).rounded() }
        return z * scale
    }

    /// Python's `round(int, -n)`: to a multiple of 10**n, ties to even.
    private static func roundInteger(_ value: Int, digits: Int) throws -> Int {
        guard digits < 19 else { return 0 }
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let remainder = ((value % scale) + scale) % scale
        let down = value - remainder
        let (up, overflow) = down.addingReportingOverflow(scale)
        if remainder * 2 < scale { return down }
        if overflow { throw Operators.overflow }
        if remainder * 2 > scale { return up }
        return (down / scale) % 2 == 0 ? down : up
    }
}
