// `value.name` and `value[key]`, as Jinja's environment looks them up: an attribute first
// then an item for `.name`, an item first then an attribute for `[key]`.

enum Attributes {
    /// The methods of Python's dict, str and list that templates can call; `user.items`
    /// finds the method even when the dictionary has a key `items`, as in Jinja.
    static let dictionaryMethods: Set<String> = ["items", "keys", "values", "get"]
    static let stringMethods: Set<String> = [
        "upper", "lower", "strip", "lstrip", "rstrip", "startswith", "endswith", "replace", "split", "rsplit",
        "join", "title", "capitalize", "count", "find", "isdigit", "isalpha", "isalnum", "isspace", "isupper",
        "islower", "splitlines", "format", "center", "ljust", "rjust", "zfill", "swapcase", "index", "rfind",
    ]
    static let listMethods: Set<String> = ["count", "index"]

    /// `base.name`.
    static func attribute(_ base: TemplateValue, _ name: String) throws(TemplateRuntimeError) -> TemplateValue {
        switch base.storage {
        case .dictionary(let d):
            if dictionaryMethods.contains(name) { return .object(BoundMethod(base, name)) }
            return d[name] ?? .undefined(.attribute(owner: "dict object", name: name))
        case .undefined, .missing:
            throw TemplateRuntimeError.undefined(base)
        case .object(let object):
            return object.attribute(name) ?? .undefined(.attribute(owner: "\(object.typeName) object", name: name))
        case .string, .markup:
            if stringMethods.contains(name) { return .object(BoundMethod(base, name)) }
        case .list, .tuple:
            if listMethods.contains(name) { return .object(BoundMethod(base, name)) }
        default:
            break
        }
        return .undefined(.attribute(owner: "\(base.typeName) object", name: name))
    }

    /// `base[key]`.
    static func item(_ base: TemplateValue, _ key: TemplateValue) throws(TemplateRuntimeError) -> TemplateValue {
        switch base.storage {
        case .dictionary(let d):
            if let name = key.stringValue {
                if let value = d[name] { return value }
                if dictionaryMethods.contains(name) { return .object(BoundMethod(base, name)) }
                return .undefined(.attribute(owner: "dict object", name: name))
            }
            return .undefined(.hint("'dict object' has no attribute \(key.repr)"))
        case .list(let items), .tuple(let items):
            if let index = key.integerLike {
                let at = index < 0 ? index + items.count : index
                if at >= 0 && at < items.count { return items[at] }
                return .undefined(.hint("\(base.typeName) object has no element \(index)"))
            }
            if let name = key.stringValue { return try attribute(base, name) }
            return .undefined(.hint("\(base.typeName) object has no element \(key.repr)"))
        case .string(let s), .markup(let s):
            if let index = key.integerLike {
                let scalars = Array(s.unicodeScalars)
                let at = index < 0 ? index + scalars.count : index
                guard at >= 0 && at < scalars.count else { return .undefined(.hint("str object has no element \(index)")) }
                let character = String(scalars[at])
                return base.isSafe ? .safe(character) : .string(character)
            }
            if let name = key.stringValue { return try attribute(base, name) }
            return .undefined(.hint("str object has no element \(key.repr)"))
        case .undefined, .missing:
            throw TemplateRuntimeError.undefined(base)
        case .object(let object):
            if let name = key.stringValue, let value = object.attribute(name) { return value }
            return .undefined(.hint("'\(object.typeName) object' has no attribute \(key.repr)"))
        default:
            if let name = key.stringValue { return try attribute(base, name) }
            return .undefined(.hint("'\(base.typeName) object' has no attribute \(key.repr)"))
        }
    }

    /// `base[start:stop:step]` for lists, tuples and strings, with Python's clamping.
    static func slice(_ base: TemplateValue, _ start: TemplateValue?, _ stop: TemplateValue?, _ step: TemplateValue?) throws(TemplateRuntimeError) -> TemplateValue {
        func bound(_ value: TemplateValue?) throws(TemplateRuntimeError) -> Int? {
            guard let value, !value.isNone else { return nil }
            guard let i = value.integerLike else {
                throw TemplateRuntimeError(.type, "slice indices must be integers or None")
            }
            return i
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw TemplateRuntimeError(.value, "slice step cannot be zero") }
        func indices(_ count: Int) throws(TemplateRuntimeError) -> [Int] {
            func clamp(_ value: Int?, _ defaultValue: Int) -> Int {
                guard var v = value else { return defaultValue }
                if v < 0 { v += count }
                return stepValue > 0 ? min(max(v, 0), count) : min(max(v, -1), count - 1)
            }
            let from = clamp(try bound(start), stepValue > 0 ? 0 : count - 1)
            let to = clamp(try bound(stop), stepValue > 0 ? count : -1)
            return Array(stride(from: from, to: to, by: stepValue))
        }
        switch base.storage {
        case .list(let items): return .list(try indices(items.count).map { items[$0] })
        case .tuple(let items): return .tuple(try indices(items.count).map { items[$0] })
        case .string(let s), .markup(let s):
            let scalars = Array(s.unicodeScalars)
            var view = String.UnicodeScalarView()
            for i in try indices(scalars.count) { view.append(scalars[i]) }
            return base.isSafe ? .safe(String(view)) : .string(String(view))
        case .undefined, .missing: throw TemplateRuntimeError.undefined(base)
        default: throw TemplateRuntimeError(.type, "'\(base.typeName)' object is not subscriptable")
        }
    }
}

enum Iteration {
    /// The items a for loop (or a filter) goes through: a list's or tuple's elements, a
    /// dictionary's keys, a string's characters; undefined is empty unless `strict`.
    static func items(of value: TemplateValue, strict: Bool = false) throws(TemplateRuntimeError) -> [TemplateValue] {
        switch value.storage {
        case .list(let items), .tuple(let items): return items
        case .dictionary(let d): return d.keys.map { .string($0) }
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .markup(let s): return s.unicodeScalars.map { .safe(String($0)) }
        case .undefined, .missing:
            if strict { throw TemplateRuntimeError.undefined(value) }
            return []
        default:
            throw TemplateRuntimeError(.type, "'\(value.typeName)' object is not iterable")
        }
    }

    /// `a, b = value`: exactly `count` items.
    static func unpack(_ value: TemplateValue, count: Int) throws(TemplateRuntimeError) -> [TemplateValue] {
        if case .undefined = value.storage { throw TemplateRuntimeError.undefined(value) }
        let items = try Iteration.items(of: value)
        if items.count > count { throw TemplateRuntimeError(.value, "too many values to unpack (expected \(count))") }
        if items.count < count {
            throw TemplateRuntimeError(.value, "not enough values to unpack (expected \(count), got \(items.count))")
        }
        return items
    }
}
