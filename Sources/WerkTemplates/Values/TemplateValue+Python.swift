// Python's meaning of a value: its type name, truth, equality and order.

extension TemplateValue {
    /// Python's name for the value's type, as error messages say it (`int`, `str`, `dict`...).
    var typeName: String {
        switch storage {
        case .missing, .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .markup: return "Markup"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dictionary: return "dict"
        case .object(let object): return object.typeName
        }
    }

    /// Python truthiness: `none`, `false`, zero, empty strings and collections, and undefined
    /// are false; everything else is true.
    public var isTruthy: Bool {
        switch storage {
        case .missing, .undefined, .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s), .markup(let s): return !s.isEmpty
        case .list(let l), .tuple(let l): return !l.isEmpty
        case .dictionary(let d): return !d.isEmpty
        case .object: return true
        }
    }

    /// A number as a `Double` for mixed arithmetic and comparison (booleans are 0 and 1).
    var numeric: Double? {
        switch storage {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// Python's `==`: numbers compare by value across int, float and bool; a safe string
    /// equals the same plain string; lists, tuples and dictionaries compare by content.
    func pythonEquals(_ other: TemplateValue) -> Bool {
        switch (storage, other.storage) {
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)), (.string(let a), .markup(let b)),
             (.markup(let a), .string(let b)), (.markup(let a), .markup(let b)):
            return a.utf8.elementsEqual(b.utf8)
        case (.none, .none): return true
        case (.missing, .missing), (.undefined, .undefined), (.missing, .undefined), (.undefined, .missing): return true
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.pythonEquals($1) }
        case (.dictionary(let a), .dictionary(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in zip(a.keys, a.values) {
                guard let theirs = b[key], theirs.pythonEquals(value) else { return false }
            }
            return true
        case (.object(let a), .object(let b)): return a === b
        default:
            if let a = numeric, let b = other.numeric {
                if case .int(let i) = storage, case .double(let d) = other.storage { return exactlyEqual(i, d) }
                if case .double(let d) = storage, case .int(let i) = other.storage { return exactlyEqual(i, d) }
                return a == b
            }
            return false
        }
    }

    /// Python compares an int and a float exactly (2**53 + 1 != 2.0**53).
    private func exactlyEqual(_ i: Int, _ d: Double) -> Bool {
        guard d.isFinite, d == d.rounded(), abs(d) < 9.3e18 else { return false }
        return Int(d) == i
    }

    /// Python's ordering for `<`, `<=`, `>`, `>=` and sorting: numbers by value, strings by
    /// code point, lists and tuples element by element; other pairs throw as Python's TypeError.
    func pythonCompare(_ other: TemplateValue, operator op: String) throws(TemplateRuntimeError) -> Int {
        switch (storage, other.storage) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)), (.string(let a), .markup(let b)),
             (.markup(let a), .string(let b)), (.markup(let a), .markup(let b)):
            return compareScalars(a, b)
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)):
            for (x, y) in zip(a, b) where !x.pythonEquals(y) {
                return try x.pythonCompare(y, operator: op)
            }
            return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
        default:
            if let a = numeric, let b = other.numeric {
                return a < b ? -1 : (a == b ? 0 : 1)
            }
            if isUndefined { throw TemplateRuntimeError.undefined(self) }
            if other.isUndefined { throw TemplateRuntimeError.undefined(other) }
            throw TemplateRuntimeError(.type, "'\(op)' not supported between instances of '\(typeName)' and '\(other.typeName)'")
        }
    }

    /// Code point order, which is UTF-8 byte order.
    private func compareScalars(_ a: String, _ b: String) -> Int {
        var i = a.utf8.makeIterator(), j = b.utf8.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// The number of items, as Python's `len()` (strings count code points); nil when the
    /// value has no length.
    var pythonLength: Int? {
        switch storage {
        case .string(let s), .markup(let s): return s.unicodeScalars.count
        case .list(let l), .tuple(let l): return l.count
        case .dictionary(let d): return d.count
        case .undefined, .missing: return 0
        case .object(let object): return object.length
        default: return nil
        }
    }
}
