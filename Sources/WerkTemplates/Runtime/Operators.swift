// Python's operators on template values: + - * / // % ** ~ and unary minus, with Python's
// int/float rules (`/` always gives a float, `//` floors, `%` takes the divisor's sign).
#if canImport(Glibc)
import Glibc
#endif
import Werk

enum Operators {
    /// The largest string (bytes) or list (items) a `*` may build (the limits keep a template
    /// from exhausting memory).
    static let maximumRepeatedSize = 16 * 1024 * 1024
    static let maximumRepeatedItems = 1024 * 1024

    static func binary(_ op: BinaryOperator, _ a: TemplateValue, _ b: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        if a.isUndefined { throw TemplateRuntimeError.undefined(a) }
        // `text % undefined` is Python's str formatting, which takes it as an empty mapping.
        if b.isUndefined && !(op == .modulo && a.stringValue != nil) { throw TemplateRuntimeError.undefined(b) }
        switch op {
        case .add: return try add(a, b)
        case .subtract: return try arithmetic(op, a, b, { $0.subtractingReportingOverflow($1) }, { $0 - $1 })
        case .multiply: return try multiply(a, b)
        case .divide:
            guard let x = a.numeric, let y = b.numeric else { throw unsupported(op, a, b) }
            guard y != 0 else { throw TemplateRuntimeError(.zeroDivision, "division by zero") }
            return .double(x / y)
        case .floorDivide: return try floorDivide(a, b)
        case .modulo: return try modulo(a, b)
        case .power: return try power(a, b)
        }
    }

    static func unsupported(_ op: BinaryOperator, _ a: TemplateValue, _ b: TemplateValue) -> TemplateRuntimeError {
        TemplateRuntimeError(.type, "unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
    }

    static let overflow = TemplateRuntimeError(.value, "integer result too large (Python's integers have no limit; Werk's have 64 bits)")

    /// Both operands as integers (ints and bools), if they are.
    private static func integers(_ a: TemplateValue, _ b: TemplateValue) -> (Int, Int)? {
        guard let x = a.integerLike, let y = b.integerLike else { return nil }
        return (x, y)
    }

    private static func arithmetic(_ op: BinaryOperator, _ a: TemplateValue, _ b: TemplateValue,
                                   _ integer: (Int, Int) -> (partialValue: Int, overflow: Bool),
                                   _ float: (Double, Double) -> Double) throws(TemplateRuntimeError) -> TemplateValue {
        if let (x, y) = integers(a, b) {
            let (result, overflowed) = integer(x, y)
            if overflowed { throw overflow }
            return .int(result)
        }
        guard let x = a.numeric, let y = b.numeric else { throw unsupported(op, a, b) }
        return .double(float(x, y))
    }

    private static func add(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        switch (a.storage, b.storage) {
        case (.string(let x), .string(let y)): return .string(x + y)
        // A safe string escapes the plain one it is added to, and the sum is safe (Markup's +).
        case (.markup(let x), .string(let y)): return .safe(x + escapeHTML(y))
        case (.string(let x), .markup(let y)): return .safe(escapeHTML(x) + y)
        case (.markup(let x), .markup(let y)): return .safe(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.tuple(let x), .tuple(let y)): return .tuple(x + y)
        default: return try arithmetic(.add, a, b, { $0.addingReportingOverflow($1) }, { $0 + $1 })
        }
    }

    private static func multiply(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        func repeated<T>(_ items: [T], _ times: Int) throws(TemplateRuntimeError) -> [T] {
            // Nothing repeated any number of times is nothing (without building `times` empties).
            guard times > 0, !items.isEmpty else { return [] }
            let limit = T.self == UInt8.self ? maximumRepeatedSize : maximumRepeatedItems
            guard items.count <= limit / times else {
                throw TemplateRuntimeError(.value, "repeated sequence larger than \(limit) items")
            }
            return Array([[T]](repeating: items, count: times).joined())
        }
        switch (a.storage, b.storage) {
        case (.string(let s), _) where b.integerLike != nil: return .string(String(decoding: try repeated(Array(s.utf8), b.integerLike!), as: UTF8.self))
        case (_, .string(let s)) where a.integerLike != nil: return .string(String(decoding: try repeated(Array(s.utf8), a.integerLike!), as: UTF8.self))
        case (.markup(let s), _) where b.integerLike != nil: return .safe(String(decoding: try repeated(Array(s.utf8), b.integerLike!), as: UTF8.self))
        case (.list(let l), _) where b.integerLike != nil: return .list(try repeated(l, b.integerLike!))
        case (_, .list(let l)) where a.integerLike != nil: return .list(try repeated(l, a.integerLike!))
        case (.tuple(let l), _) where b.integerLike != nil: return .tuple(try repeated(l, b.integerLike!))
        default: return try arithmetic(.multiply, a, b, { $0.multipliedReportingOverflow(by: $1) }, { $0 * $1 })
        }
    }

    private static func floorDivide(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        if let (x, y) = integers(a, b) {
            guard y != 0 else { throw TemplateRuntimeError(.zeroDivision, "integer division or modulo by zero") }
            let (quotient, overflowed) = x.dividedReportingOverflow(by: y)
            if overflowed { throw overflow }
            if y == -1 { return .int(quotient) }
            return .int(quotient - ((x % y != 0) && ((x < 0) != (y < 0)) ? 1 : 0))
        }
        guard let x = a.numeric, let y = b.numeric else { throw unsupported(.floorDivide, a, b) }
        guard y != 0 else { throw TemplateRuntimeError(.zeroDivision, "float floor division by zero") }
        return .double(floatDivmod(x, y).quotient)
    }

    private static func modulo(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        if case .string(let format) = a.storage { return .string(try PythonFormat.format(format, b)) }
        if case .markup(let format) = a.storage { return .safe(try PythonFormat.format(format, b, escapingArguments: true)) }
        if let (x, y) = integers(a, b) {
            guard y != 0 else { throw TemplateRuntimeError(.zeroDivision, "integer modulo by zero") }
            if y == -1 { return .int(0) }
            let r = x % y
            return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
        }
        guard let x = a.numeric, let y = b.numeric else { throw unsupported(.modulo, a, b) }
        guard y != 0 else { throw TemplateRuntimeError(.zeroDivision, "float modulo") }
        return .double(floatDivmod(x, y).remainder)
    }

    /// CPython's float divmod: the remainder takes the divisor's sign, the quotient is floored.
    static func floatDivmod(_ x: Double, _ y: Double) -> (quotient: Double, remainder: Double) {
        var mod = fmod(x, y)
        var div = (x - mod) / y
        if mod != 0 {
            if (y < 0) != (mod < 0) {
                mod += y
                div -= 1
            }
        } else {
            mod = copysign(0, y)
        }
        var floorDiv: Double
        if div != 0 {
            floorDiv = div.rounded(.down)
            if div - floorDiv > 0.5 { floorDiv += 1 }
        } else {
            floorDiv = copysign(0, x / y)
        }
        return (floorDiv, mod)
    }

    private static func power(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        if let (base, exponent) = integers(a, b), exponent >= 0 {
            var result = 1, factor = base, e = exponent
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: factor)
                    if o { throw overflow }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (f, o) = factor.multipliedReportingOverflow(by: factor)
                    if o { throw overflow }
                    factor = f
                }
            }
            return .int(result)
        }
        guard let x = a.numeric, let y = b.numeric else { throw unsupported(.power, a, b) }
        if x == 0 && y < 0 { throw TemplateRuntimeError(.zeroDivision, "0.0 cannot be raised to a negative power") }
        if x < 0 && y != y.rounded() { throw TemplateRuntimeError(.value, "a negative number to a fractional power is complex") }
        let result = pow(x, y)
        // Python's float power refuses to overflow (multiplication just gives inf).
        if result.isInfinite && x.isFinite && y.isFinite { throw TemplateRuntimeError(.value, "(34, 'Numerical result out of range')") }
        return .double(result)
    }

    static func negate(_ a: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        switch a.storage {
        case .int(let i):
            if i == .min { throw overflow }
            return .int(-i)
        case .bool(let b): return .int(b ? -1 : 0)
        case .double(let d): return .double(-d)
        case .undefined, .missing: throw TemplateRuntimeError.undefined(a)
        default: throw TemplateRuntimeError(.type, "bad operand type for unary -: '\(a.typeName)'")
        }
    }

    static func positive(_ a: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        switch a.storage {
        case .int, .double: return a
        case .bool(let b): return .int(b ? 1 : 0)
        case .undefined, .missing: throw TemplateRuntimeError.undefined(a)
        default: throw TemplateRuntimeError(.type, "bad operand type for unary +: '\(a.typeName)'")
        }
    }

    /// `a ~ b ~ ...`: the parts' text joined; with autoescaping, if any part is safe the plain
    /// parts are escaped and the result is safe (Jinja's markup_join).
    static func concat(_ parts: [TemplateValue], autoescape: Bool) -> TemplateValue {
        if autoescape && parts.contains(where: \.isSafe) {
            return .safe(parts.map { $0.escapedText(true) }.joined())
        }
        return .string(parts.map(\.description).joined())
    }

    /// `item in container`.
    static func contains(_ container: TemplateValue, _ item: TemplateValue) throws(TemplateRuntimeError) -> Bool {
        switch container.storage {
        case .string(let s), .markup(let s):
            guard let needle = item.stringValue else {
                if item.isUndefined { throw TemplateRuntimeError.undefined(item) }
                throw TemplateRuntimeError(.type, "'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return needle.isEmpty || Strings.find(needle, in: s) != nil
        case .list(let items), .tuple(let items): return items.contains { $0.pythonEquals(item) }
        case .dictionary(let d):
            switch item.storage {
            case .list, .dictionary: throw TemplateRuntimeError(.type, "unhashable type: '\(item.typeName)'")
            default: break
            }
            guard let key = item.stringValue else { return false }
            return d[key] != nil
        case .undefined, .missing: return false
        case .object(let object):
            if let key = item.stringValue { return object.attribute(key) != nil }
            return false
        default: throw TemplateRuntimeError(.type, "argument of type '\(container.typeName)' is not iterable")
        }
    }

    static func compare(_ op: CompareOperator, _ a: TemplateValue, _ b: TemplateValue) throws(TemplateRuntimeError) -> Bool {
        switch op {
        case .equal: return a.pythonEquals(b)
        case .notEqual: return !a.pythonEquals(b)
        case .less: return try a.pythonCompare(b, operator: "<") < 0
        case .lessOrEqual: return try a.pythonCompare(b, operator: "<=") <= 0
        case .greater: return try a.pythonCompare(b, operator: ">") > 0
        case .greaterOrEqual: return try a.pythonCompare(b, operator: ">=") >= 0
        case .in: return try contains(b, a)
        case .notIn: return try !contains(b, a)
        }
    }
}

extension TemplateValue {
    /// An int or a bool as an integer (Python's bool is an int).
    var integerLike: Int? {
        switch storage {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
}
