// Jinja's tests: `value is defined`, `is none`, `is even`, `is divisibleby 3`...

enum BuiltinTests {
    private static func unary(_ name: String, _ test: @escaping @Sendable (TemplateValue) -> Bool) -> TestFunction {
        return { value, arguments, _ in
            _ = try arguments.bind([], for: name)
            return test(value)
        }
    }

    private static func binary(_ name: String, _ test: @escaping @Sendable (TemplateValue, TemplateValue) throws -> Bool) -> TestFunction {
        return { value, arguments, _ in
            let other = try arguments.bind(["other"], for: name)[0]
            return try test(value, other)
        }
    }

    static let all: [String: TestFunction] = {
        let equal = binary("eq") { $0.pythonEquals($1) }
        let notEqual = binary("ne") { !$0.pythonEquals($1) }
        let greater = binary("gt") { try $0.pythonCompare($1, operator: ">") > 0 }
        let greaterOrEqual = binary("ge") { try $0.pythonCompare($1, operator: ">=") >= 0 }
        let less = binary("lt") { try $0.pythonCompare($1, operator: "<") < 0 }
        let lessOrEqual = binary("le") { try $0.pythonCompare($1, operator: "<=") <= 0 }
        var tests: [String: TestFunction] = [
            "defined": unary("defined") { !$0.isUndefined },
            "undefined": unary("undefined") { $0.isUndefined },
            "none": unary("none") { $0.isNone },
            "true": unary("true") { $0.boolValue == true },
            "false": unary("false") { $0.boolValue == false },
            "boolean": unary("boolean") { $0.boolValue != nil },
            "integer": unary("integer") { if case .int = $0.storage { return true } else { return false } },
            "float": unary("float") { if case .double = $0.storage { return true } else { return false } },
            "number": unary("number") { $0.numeric != nil },
            "string": unary("string") { $0.stringValue != nil },
            "mapping": unary("mapping") { $0.dictionaryValue != nil },
            "sequence": unary("sequence") { $0.stringValue != nil || $0.listValue != nil || $0.dictionaryValue != nil || $0.isUndefined },
            "iterable": unary("iterable") { $0.stringValue != nil || $0.listValue != nil || $0.dictionaryValue != nil || $0.isUndefined },
            "callable": unary("callable") { value in
                if case .object(let object) = value.storage { return object.isCallable }
                return value.isUndefined
            },
            "escaped": unary("escaped") { $0.isSafe },
            "lower": unary("lower") { value in
                guard let s = value.stringValue else { return false }
                return s.unicodeScalars.contains { $0.properties.isCased } && !s.unicodeScalars.contains { $0.properties.isUppercase }
            },
            "upper": unary("upper") { value in
                guard let s = value.stringValue else { return false }
                return s.unicodeScalars.contains { $0.properties.isCased } && !s.unicodeScalars.contains { $0.properties.isLowercase }
            },
            "even": { value, arguments, _ in
                _ = try arguments.bind([], for: "even")
                return try Operators.binary(.modulo, value, .int(2)).pythonEquals(.int(0))
            },
            "odd": { value, arguments, _ in
                _ = try arguments.bind([], for: "odd")
                return try Operators.binary(.modulo, value, .int(2)).pythonEquals(.int(1))
            },
            "divisibleby": { value, arguments, _ in
                let divisor = try arguments.bind(["num"], for: "divisibleby")[0]
                return try Operators.binary(.modulo, value, divisor).pythonEquals(.int(0))
            },
            "sameas": binary("sameas") { a, b in
                switch (a.storage, b.storage) {
                case (.none, .none): return true
                case (.bool(let x), .bool(let y)): return x == y
                case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
                case (.object(let x), .object(let y)): return x === y
                default: return false
                }
            },
            "in": binary("in") { try Operators.contains($1, $0) },
            "filter": { value, arguments, state in
                _ = try arguments.bind([], for: "filter")
                return value.stringValue.map { state.registry.filters[$0] != nil } ?? false
            },
            "test": { value, arguments, state in
                _ = try arguments.bind([], for: "test")
                return value.stringValue.map { state.registry.tests[$0] != nil } ?? false
            },
        ]
        for name in ["eq", "equalto", "=="] { tests[name] = equal }
        for name in ["ne", "!="] { tests[name] = notEqual }
        for name in ["gt", "greaterthan", ">"] { tests[name] = greater }
        for name in ["ge", ">="] { tests[name] = greaterOrEqual }
        for name in ["lt", "lessthan", "<"] { tests[name] = less }
        for name in ["le", "<="] { tests[name] = lessOrEqual }
        return tests
    }()
}
