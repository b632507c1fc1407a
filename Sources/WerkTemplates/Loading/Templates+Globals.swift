// The functions every template can call: range, dict, namespace, cycler, joiner.

extension Templates {
    /// The most items `range()` makes (it builds a list, where Python's is lazy).
    static let maximumRange = 1_000_000

    static let builtinGlobals: TemplateDictionary = [
        "range": .object(NativeFunction("range") { arguments in
            guard arguments.keyword.isEmpty, (1...3).contains(arguments.positional.count) else {
                throw TemplateRuntimeError(.type, "range expected 1 to 3 integer arguments")
            }
            var numbers: [Int] = []
            for value in arguments.positional {
                guard let i = value.integerLike else {
                    throw TemplateRuntimeError(.type, "'\(value.typeName)' object cannot be interpreted as an integer")
                }
                numbers.append(i)
            }
            let (start, stop) = numbers.count == 1 ? (0, numbers[0]) : (numbers[0], numbers[1])
            let step = numbers.count == 3 ? numbers[2] : 1
            guard step != 0 else { throw TemplateRuntimeError(.value, "range() arg 3 must not be zero") }
            let (span, overflow) = stop.subtractingReportingOverflow(start)
            guard !overflow, step != -1 || span != .min, span / step <= maximumRange else {
                throw TemplateRuntimeError(.value, "range() of more than \(maximumRange) items")
            }
            return .list(stride(from: start, to: stop, by: step).map { .int($0) })
        }),
        "dict": .object(NativeFunction("dict") { arguments in
            var pairs: [(String, TemplateValue)] = []
            if let first = arguments.positional.first, let d = first.dictionaryValue {
                pairs = zip(d.keys, d.values).map { ($0, $1) }
            }
            pairs += arguments.keyword.map { ($0.name, $0.value) }
            return .dictionary(TemplateDictionary(pairs))
        }),
        "namespace": .object(NativeFunction("namespace") { arguments in
            var pairs: [(String, TemplateValue)] = []
            if let first = arguments.positional.first, let d = first.dictionaryValue {
                pairs = zip(d.keys, d.values).map { ($0, $1) }
            }
            pairs += arguments.keyword.map { ($0.name, $0.value) }
            return .object(Namespace(TemplateDictionary(pairs)))
        }),
        "cycler": .object(NativeFunction("cycler") { arguments in .object(Cycler(arguments.positional)) }),
        "joiner": .object(NativeFunction("joiner") { arguments in
            let separator = try arguments.bind(["sep"], defaults: [.string(", ")], for: "joiner")[0]
            return .object(Joiner(separator))
        }),
    ]
}
