// Filters over sequences: length, first, last, join, sort, reverse, list, items, dictsort,
// map, select/reject(attr), sum, min, max, unique, batch, slice.

extension BuiltinFilters {
    static let collectionFilters: [String: FilterFunction] = [
        "length": length, "count": length,
        "first": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "first")
            return try Iteration.items(of: value).first ?? .undefined(.hint("No first item, sequence was empty."))
        },
        "last": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "last")
            return try Iteration.items(of: value).last ?? .undefined(.hint("No last item, sequence was empty."))
        },
        "join": join,
        "sort": { value, arguments, _, _ in
            let bound = try bind(arguments, ["reverse", "case_sensitive", "attribute"], [.false, .false, .none], "sort")
            let key = multiKey(bound[2], ignoreCase: !bound[1].isTruthy)
            return .list(try sorted(try Iteration.items(of: value), key: key, reverse: bound[0].isTruthy))
        },
        "reverse": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "reverse")
            if let s = value.stringValue { return like(value, String(String.UnicodeScalarView(s.unicodeScalars.reversed()))) }
            return .list(try Iteration.items(of: value).reversed())
        },
        "list": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "list")
            return .list(try Iteration.items(of: value))
        },
        "items": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "items")
            if value.isUndefined { return .list([]) }
            guard let d = value.dictionaryValue else { throw TemplateRuntimeError(.value, "Can only get item pairs from a mapping.") }
            return .list(zip(d.keys, d.values).map { .tuple([.string($0), $1]) })
        },
        "dictsort": { value, arguments, _, _ in
            let bound = try bind(arguments, ["case_sensitive", "by", "reverse"], [.false, .string("key"), .false], "dictsort")
            if value.isUndefined { throw TemplateRuntimeError.undefined(value) }
            guard let d = value.dictionaryValue else { throw TemplateRuntimeError(.type, "dictsort needs a dictionary") }
            let position: Int
            switch bound[1].description {
            case "key": position = 0
            case "value": position = 1
            default: throw TemplateRuntimeError(.value, "You can only sort by either \"key\" or \"value\"")
            }
            let pairs: [TemplateValue] = zip(d.keys, d.values).map { .tuple([.string($0), $1]) }
            let ignoreCase = !bound[0].isTruthy
            return .list(try sorted(pairs, key: { pair in
                let item = pair.listValue![position]
                return ignoreCase ? lowered(item) : item
            }, reverse: bound[2].isTruthy))
        },
        "map": map,
        "select": { value, arguments, state, _ in try selectOrReject(value, arguments, &state, select: true, attribute: false) },
        "reject": { value, arguments, state, _ in try selectOrReject(value, arguments, &state, select: false, attribute: false) },
        "selectattr": { value, arguments, state, _ in try selectOrReject(value, arguments, &state, select: true, attribute: true) },
        "rejectattr": { value, arguments, state, _ in try selectOrReject(value, arguments, &state, select: false, attribute: true) },
        "sum": { value, arguments, _, _ in
            let bound = try bind(arguments, ["attribute", "start"], [.none, .int(0)], "sum")
            let key = attributeKey(bound[0])
            var total = bound[1]
            for item in try Iteration.items(of: value) { total = try Operators.binary(.add, total, try key(item)) }
            return total
        },
        "min": { value, arguments, _, _ in try extreme(value, arguments, "min", wantsLarger: false) },
        "max": { value, arguments, _, _ in try extreme(value, arguments, "max", wantsLarger: true) },
        "unique": { value, arguments, _, _ in
            let bound = try bind(arguments, ["case_sensitive", "attribute"], [.false, .none], "unique")
            let key = attributeKey(bound[1], ignoreCase: !bound[0].isTruthy)
            // Keys Python hashes (text, numbers, None) in a set: linear, as Jinja's; others
            // (lists, dictionaries) compared one by one.
            var seenKeys = Set<String>(), seenOthers: [TemplateValue] = [], result: [TemplateValue] = []
            for item in try Iteration.items(of: value) {
                let k = try key(item)
                if let hashed = uniqueKey(k) {
                    guard seenKeys.insert(hashed).inserted else { continue }
                } else {
                    if seenOthers.contains(where: { $0.pythonEquals(k) }) { continue }
                    seenOthers.append(k)
                }
                result.append(item)
            }
            return .list(result)
        },
        "batch": { value, arguments, _, _ in
            let bound = try bind(arguments, ["linecount", "fill_with"], [.none], "batch")
            guard let size = bound[0].integerLike, size > 0, size <= Operators.maximumRepeatedItems else {
                throw TemplateRuntimeError(.value, "batch size must be a positive integer up to \(Operators.maximumRepeatedItems)")
            }
            let items = try Iteration.items(of: value)
            var batches: [TemplateValue] = []
            var start = 0
            while start < items.count {
                var batch = Array(items[start..<min(start + size, items.count)])
                if batch.count < size && !bound[1].isNone { batch += Array(repeating: bound[1], count: size - batch.count) }
                batches.append(.list(batch))
                start += size
            }
            return .list(batches)
        },
        "slice": { value, arguments, _, _ in
            let bound = try bind(arguments, ["slices", "fill_with"], [.none], "slice")
            guard let slices = bound[0].integerLike, slices > 0, slices <= 100_000 else { throw TemplateRuntimeError(.value, "slice count must be a positive integer") }
            let items = try Iteration.items(of: value)
            let perSlice = items.count / slices, withExtra = items.count % slices
            var offset = 0
            var result: [TemplateValue] = []
            for number in 0..<slices {
                let start = offset + number * perSlice
                if number < withExtra { offset += 1 }
                let end = offset + (number + 1) * perSlice
                var part = Array(items[start..<end])
                if !bound[1].isNone && number >= withExtra { part.append(bound[1]) }
                result.append(.list(part))
            }
            return .list(result)
        },
    ]

    static let length: FilterFunction = { value, arguments, _, _ in
        _ = try bind(arguments, [], [], "length")
        guard let count = value.pythonLength else { throw TemplateRuntimeError(.type, "object of type '\(value.typeName)' has no len()") }
        return .int(count)
    }

    /// `join(d='', attribute=None)`; with autoescaping, if any item is safe the rest are
    /// escaped and the result is safe.
    static let join: FilterFunction = { value, arguments, _, autoescape in
        let bound = try bind(arguments, ["d", "attribute"], [.emptyString, .none], "join")
        let key = attributeKey(bound[1])
        var items: [TemplateValue] = []
        for item in try Iteration.items(of: value) { items.append(try key(item)) }
        let separator = bound[0]
        if !autoescape { return .string(items.map(\.description).joined(separator: separator.description)) }
        if separator.isSafe || items.contains(where: \.isSafe) {
            return .safe(items.map { $0.escapedText(true) }.joined(separator: separator.escapedText(true)))
        }
        return .string(items.map(\.description).joined(separator: separator.description))
    }

    /// Lower-cases strings (Jinja's `ignore_case`), leaves other values.
    static func lowered(_ value: TemplateValue) -> TemplateValue {
        if case .string(let s) = value.storage { return .string(s.lowercased()) }
        if case .markup(let s) = value.storage { return .safe(s.lowercased()) }
        return value
    }

    /// Jinja's attribute getter: `"a.b.0"` looks up `item["a"]["b"][0]`; nil or none gives the item.
    static func attributeKey(_ attribute: TemplateValue, ignoreCase: Bool = false, default fallback: TemplateValue? = nil) -> @Sendable (TemplateValue) throws -> TemplateValue {
        let parts: [TemplateValue]
        if attribute.isNone || attribute.isUndefined {
            parts = []
        } else if let i = attribute.integerLike {
            parts = [.int(i)]
        } else {
            parts = attribute.description.split(separator: ".", omittingEmptySubsequences: false).map { part in
                Int(part).map { .int($0) } ?? .string(String(part))
            }
        }
        return { item in
            var value = item
            for part in parts {
                value = try Attributes.item(value, part)
                if let fallback, value.isUndefined { value = fallback }
            }
            return ignoreCase ? lowered(value) : value
        }
    }

    /// Comma-separated attributes (`sort(attribute='last,first')`) as one list key; a list
    /// even for one attribute, as Jinja's sort compares them (equal elements are skipped with
    /// `==`, so undefined keys sort without an error).
    static func multiKey(_ attribute: TemplateValue, ignoreCase: Bool) -> @Sendable (TemplateValue) throws -> TemplateValue {
        guard let text = attribute.stringValue, text.contains(",") else {
            let key = attributeKey(attribute, ignoreCase: ignoreCase)
            return { item in .list([try key(item)]) }
        }
        let keys = text.split(separator: ",").map { attributeKey(.string(String($0)), ignoreCase: ignoreCase) }
        return { item in .list(try keys.map { try $0(item) }) }
    }

    /// A stable sort by `key` with Python's ordering (mixed types throw, as in Python).
    static func sorted(_ items: [TemplateValue], key: (TemplateValue) throws -> TemplateValue, reverse: Bool) throws -> [TemplateValue] {
        let keyed = try items.enumerated().map { (index: $0.offset, key: try key($0.element), item: $0.element) }
        var failure: (any Error)?
        let ordered = keyed.sorted { a, b in
            do {
                let order = try reverse ? b.key.pythonCompare(a.key, operator: "<") : a.key.pythonCompare(b.key, operator: "<")
                return order != 0 ? order < 0 : a.index < b.index
            } catch {
                failure = failure ?? error
                return a.index < b.index
            }
        }
        if let failure { throw failure }
        return ordered.map(\.item)
    }

    private static func extreme(_ value: TemplateValue, _ arguments: TemplateArguments, _ name: String, wantsLarger: Bool) throws -> TemplateValue {
        let bound = try bind(arguments, ["case_sensitive", "attribute"], [.false, .none], name)
        let key = attributeKey(bound[1], ignoreCase: !bound[0].isTruthy)
        var best: (key: TemplateValue, item: TemplateValue)?
        for item in try Iteration.items(of: value) {
            let k = try key(item)
            if let current = best {
                let order = try k.pythonCompare(current.key, operator: wantsLarger ? ">" : "<")
                if wantsLarger ? order > 0 : order < 0 { best = (k, item) }
            } else {
                best = (k, item)
            }
        }
        return best?.item ?? .undefined(.hint("No aggregated item, sequence was empty."))
    }

    /// `map('filter', args...)` or `map(attribute='name', default=...)`.
    static let map: FilterFunction = { value, arguments, state, autoescape in
        // Jinja's map, select and reject start with `if value:`: a false value gives nothing.
        let items = value.isTruthy ? try Iteration.items(of: value) : []
        if arguments.positional.isEmpty, let attribute = arguments["attribute"] {
            let key = attributeKey(attribute, default: arguments["default"])
            return .list(try items.map(key))
        }
        guard let name = arguments.positional.first?.stringValue else { throw TemplateRuntimeError(.value, "map requires a filter argument") }
        guard let filter = state.registry.filters[name] else { throw TemplateRuntimeError(.value, "No filter named '\(name)'.") }
        let rest = TemplateArguments(Array(arguments.positional.dropFirst()), keyword: arguments.keyword)
        var result: [TemplateValue] = []
        for item in items { result.append(try filter(item, rest, &state, autoescape)) }
        return .list(result)
    }

    private static func selectOrReject(_ value: TemplateValue, _ arguments: TemplateArguments, _ state: inout RenderState,
                                       select: Bool, attribute: Bool) throws -> TemplateValue {
        var positional = arguments.positional
        let key: @Sendable (TemplateValue) throws -> TemplateValue
        if attribute {
            guard !positional.isEmpty else { throw TemplateRuntimeError(.type, "Missing parameter for attribute name") }
            key = attributeKey(positional.removeFirst())
        } else {
            key = { $0 }
        }
        var test: TestFunction = { value, _, _ in value.isTruthy }
        if !positional.isEmpty {
            let name = positional.removeFirst().description
            guard let found = state.registry.tests[name] else { throw TemplateRuntimeError(.value, "No test named '\(name)'.") }
            test = found
        }
        let rest = TemplateArguments(positional, keyword: arguments.keyword)
        var result: [TemplateValue] = []
        for item in value.isTruthy ? try Iteration.items(of: value) : [] where try test(try key(item), rest, &state) == select {
            result.append(item)
        }
        return .list(result)
    }
}

/// A key equal for values Python finds equal and hashes alike (`1`, `1.0` and `True`; a string
/// and the same text marked safe), or nil for a value compared otherwise (NaN, containers).
func uniqueKey(_ value: TemplateValue) -> String? {
    switch value.storage {
    case .string(let s), .markup(let s): return "s" + s
    case .int(let i): return "n" + String(i)
    case .bool(let b): return b ? "n1" : "n0"
    case .double(let d):
        guard !d.isNaN else { return nil }
        if d == d.rounded(), let i = Int(exactly: d) { return "n" + String(i) }
        return "d" + String(d)
    case .none: return "N"
    default: return nil
    }
}
