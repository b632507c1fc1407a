// A value as text: Python's str() (what `{{ value }}` prints) and repr() (inside lists).

extension TemplateValue: CustomStringConvertible {
    /// Python's `str()` of the value: `None`, `True`, `1.0`, `['a', 'b']`, the text of a string;
    /// empty for undefined.
    public var description: String {
        switch storage {
        case .string(let s), .markup(let s): return s
        case .missing, .undefined: return ""
        case .int(let i): return String(i)
        default: return repr
        }
    }

    /// Python's `repr()`: strings quoted, containers with their elements' repr.
    var repr: String {
        var visiting = Set<ObjectIdentifier>()
        return repr(depth: 0, visiting: &visiting)
    }

    /// The deepest nesting written out (deeper is `...`): a value nested ten thousand deep must
    /// not overflow the stack.
    static let maximumReprDepth = 200

    /// `repr` inside containers `depth` deep, with the namespaces being written in `visiting`:
    /// a namespace that holds itself is written `<Namespace {...}>`, as Python writes a
    /// recursive dictionary (it recursed until the stack overflowed).
    func repr(depth: Int, visiting: inout Set<ObjectIdentifier>) -> String {
        guard depth < TemplateValue.maximumReprDepth else { return "..." }
        switch storage {
        case .list(let l): return "[" + l.map { $0.repr(depth: depth + 1, visiting: &visiting) }.joined(separator: ", ") + "]"
        case .tuple(let l):
            return l.count == 1 ? "(\(l[0].repr(depth: depth + 1, visiting: &visiting)),)"
                : "(" + l.map { $0.repr(depth: depth + 1, visiting: &visiting) }.joined(separator: ", ") + ")"
        case .dictionary(let d):
            return "{" + zip(d.keys, d.values).map { "\(TemplateValue.quoted($0)): \($1.repr(depth: depth + 1, visiting: &visiting))" }
                .joined(separator: ", ") + "}"
        case .object(let object as Namespace): return object.repr(depth: depth, visiting: &visiting)
        default: return flatRepr
        }
    }

    /// `repr` of a value that holds no other values.
    private var flatRepr: String {
        switch storage {
        case .missing, .undefined: return "Undefined"
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return PythonFloat.repr(d)
        case .string(let s): return TemplateValue.quoted(s)
        case .markup(let s): return "Markup(\(TemplateValue.quoted(s)))"
        case .object(let object): return object.repr
        case .list, .tuple, .dictionary: return "..."   // written by repr(depth:visiting:)
        }
    }

    /// Python's repr of a string: single quotes unless the text has a single quote and no
    /// double quote; backslash escapes for the quote, backslash, and characters Python does
    /// not print (controls, separators, format characters).
    static func quoted(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += escaped(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }

    /// Python's `str.isprintable()` for one character: not a control, format, surrogate,
    /// private-use, unassigned or separator character (the ASCII space excepted).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x7F { return scalar.value >= 0x20 }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        switch scalar.value {
        case ..<0x100: return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        case ..<0x10000: return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
    }
}
