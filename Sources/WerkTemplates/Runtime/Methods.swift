// The Python methods templates call on values: `d.items()`, `s.upper()`, `s.split(',')`...
// On a safe string, the result stays safe and string arguments are escaped first (Markup's rule).
import Werk

enum Methods {
    static func call(_ name: String, on receiver: TemplateValue, _ arguments: TemplateArguments) throws(TemplateRuntimeError) -> TemplateValue {
        switch receiver.storage {
        case .dictionary(let d): return try dictionaryMethod(name, d, arguments)
        case .string(let s): return try stringMethod(name, s, safe: false, arguments)
        case .markup(let s): return try stringMethod(name, s, safe: true, arguments)
        case .list(let items), .tuple(let items):
            let bound = try bind(arguments, ["value"], for: name)
            if name == "count" { return .int(items.filter { $0.pythonEquals(bound[0]) }.count) }
            guard let at = items.firstIndex(where: { $0.pythonEquals(bound[0]) }) else {
                throw TemplateRuntimeError(.value, "\(bound[0].repr) is not in list")
            }
            return .int(at)
        default:
            throw TemplateRuntimeError(.type, "'\(receiver.typeName)' object has no method '\(name)'")
        }
    }

    private static func bind(_ arguments: TemplateArguments, _ names: [String], defaults: [TemplateValue] = [], for name: String) throws(TemplateRuntimeError) -> [TemplateValue] {
        do {
            return try arguments.bind(names, defaults: defaults, for: name)
        } catch let error as TemplateRuntimeError {
            throw error
        } catch {
            throw TemplateRuntimeError(.type, "\(error)")
        }
    }

    private static func dictionaryMethod(_ name: String, _ d: TemplateDictionary, _ arguments: TemplateArguments) throws(TemplateRuntimeError) -> TemplateValue {
        switch name {
        case "items":
            _ = try bind(arguments, [], for: name)
            return .list(zip(d.keys, d.values).map { .tuple([.string($0), $1]) })
        case "keys":
            _ = try bind(arguments, [], for: name)
            return .list(d.keys.map { .string($0) })
        case "values":
            _ = try bind(arguments, [], for: name)
            return .list(d.values)
        default:
            let bound = try bind(arguments, ["key", "default"], defaults: [.none], for: name)
            guard let key = bound[0].stringValue else { return bound[1] }
            return d[key] ?? bound[1]
        }
    }

    private static func stringMethod(_ name: String, _ s: String, safe: Bool, _ arguments: TemplateArguments) throws(TemplateRuntimeError) -> TemplateValue {
        /// Text that goes into a safe receiver's result (`replace`'s new text, `join`'s items, a
        /// fill character): escaped first, as markupsafe does.
        func text(_ value: TemplateValue) -> String { safe ? value.escapedText(true) : value.description }
        /// Text a method only searches for or strips (`startswith`, `count`, `split`, `strip`,
        /// `replace`'s old text): as written, as markupsafe leaves it.
        func plain(_ value: TemplateValue) -> String { value.description }
        func result(_ string: String) -> TemplateValue { safe ? .safe(string) : .string(string) }
        func optionalText(_ value: TemplateValue) -> String? { value.isNone || value.isUndefined ? nil : plain(value) }
        switch name {
        case "upper": _ = try bind(arguments, [], for: name); return result(Strings.upper(s))
        case "lower": _ = try bind(arguments, [], for: name); return result(Strings.lower(s))
        case "title": _ = try bind(arguments, [], for: name); return result(Strings.title(s))
        case "capitalize": _ = try bind(arguments, [], for: name); return result(Strings.capitalize(s))
        case "swapcase":
            _ = try bind(arguments, [], for: name)
            return result(s.unicodeScalars.map { $0.properties.isUppercase ? $0.properties.lowercaseMapping : $0.properties.uppercaseMapping }.joined())
        case "strip", "lstrip", "rstrip":
            let chars = optionalText(try bind(arguments, ["chars"], defaults: [.none], for: name)[0])
            return result(Strings.strip(s, chars, leading: name != "rstrip", trailing: name != "lstrip"))
        case "startswith", "endswith":
            let prefix = try bind(arguments, ["prefix"], for: name)[0]
            let candidates = prefix.listValue?.map { plain($0) } ?? [plain(prefix)]
            let scalars = Array(s.unicodeScalars)
            return .bool(candidates.contains { candidate in
                let c = Array(candidate.unicodeScalars)
                guard c.count <= scalars.count else { return false }
                return name == "startswith" ? scalars.prefix(c.count).elementsEqual(c) : scalars.suffix(c.count).elementsEqual(c)
            })
        case "replace":
            let bound = try bind(arguments, ["old", "new", "count"], defaults: [.int(-1)], for: name)
            return result(Strings.replace(s, plain(bound[0]), text(bound[1]), count: bound[2].integerLike ?? -1))
        case "split", "rsplit":
            let bound = try bind(arguments, ["sep", "maxsplit"], defaults: [.none, .int(-1)], for: name)
            if optionalText(bound[0])?.isEmpty == true { throw TemplateRuntimeError(.value, "empty separator") }
            var parts = Strings.split(s, optionalText(bound[0]), maxSplit: name == "split" ? bound[1].integerLike ?? -1 : -1)
            if name == "rsplit", let max = bound[1].integerLike, max >= 0, parts.count > max + 1 {
                let sep = optionalText(bound[0]) ?? " "
                parts = [parts[0..<(parts.count - max)].joined(separator: sep)] + parts[(parts.count - max)...]
            }
            return .list(parts.map(result))
        case "splitlines":
            return .list(s.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { result(String($0)) }.dropLast(s.last?.isNewline == true ? 1 : 0))
        case "join":
            let items = try Iteration.items(of: try bind(arguments, ["iterable"], for: name)[0])
            return result(items.map { text($0) }.joined(separator: s))
        case "count":
            let sub = Array(plain(try bind(arguments, ["sub"], for: name)[0]).unicodeScalars)
            let h = Array(s.unicodeScalars)
            if sub.isEmpty { return .int(h.count + 1) }
            var count = 0, i = 0
            while let at = Strings.find(sub, in: h, from: i) { count += 1; i = at + sub.count }
            return .int(count)
        case "find", "index", "rfind":
            let sub = plain(try bind(arguments, ["sub"], for: name)[0])
            var found = Strings.find(sub, in: s)
            if name == "rfind" {
                let h = Array(s.unicodeScalars), n = Array(sub.unicodeScalars)
                found = nil
                var i = 0
                while let at = Strings.find(n, in: h, from: i) { found = at; i = at + 1 }
            }
            if name == "index" && found == nil { throw TemplateRuntimeError(.value, "substring not found") }
            return .int(found ?? -1)
        case "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower":
            _ = try bind(arguments, [], for: name)
            let scalars = s.unicodeScalars
            switch name {
            case "isdigit": return .bool(!s.isEmpty && scalars.allSatisfy { $0.properties.numericType == .decimal || $0.properties.numericType == .digit })
            case "isalpha": return .bool(!s.isEmpty && scalars.allSatisfy { $0.properties.isAlphabetic })
            case "isalnum": return .bool(!s.isEmpty && scalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
            case "isspace": return .bool(!s.isEmpty && scalars.allSatisfy(PythonWhitespace.contains))
            case "isupper": return .bool(scalars.contains { $0.properties.isCased } && !scalars.contains { $0.properties.isLowercase })
            default: return .bool(scalars.contains { $0.properties.isCased } && !scalars.contains { $0.properties.isUppercase })
            }
        case "center", "ljust", "rjust":
            let bound = try bind(arguments, ["width", "fillchar"], defaults: [.string(" ")], for: name)
            let width = min(bound[0].integerLike ?? 0, PythonFormat.maximumWidth)
            // Escaped into a safe receiver (markupsafe): `"` becomes `&#34;`, no longer one character.
            let fill = text(bound[1]).unicodeScalars
            guard fill.count == 1, let only = fill.first else {
                throw TemplateRuntimeError(.type, "The fill character must be exactly one character long")
            }
            return result(Strings.pad(s, width: width, fill: only, align: name))
        case "zfill":
            let width = min(try bind(arguments, ["width"], for: name)[0].integerLike ?? 0, PythonFormat.maximumWidth)
            let scalars = Array(s.unicodeScalars)
            guard scalars.count < width else { return result(s) }
            let padding = String(repeating: "0", count: width - scalars.count)
            if let first = scalars.first, first == "+" || first == "-" {
                return result(String(first) + padding + String(String.UnicodeScalarView(scalars.dropFirst())))
            }
            return result(padding + s)
        case "format":
            return result(try PythonFormat.braces(s, arguments, escaping: safe))
        default:
            throw TemplateRuntimeError(.type, "'str' object has no method '\(name)'")
        }
    }
}

extension Strings {
    /// Python's `center`, `ljust`, `rjust` (centering puts the extra space on the right when
    /// the text is even, on the left when odd, as CPython does).
    static func pad(_ s: String, width: Int, fill: Unicode.Scalar, align: String) -> String {
        let length = s.unicodeScalars.count
        guard width > length else { return s }
        let total = width - length
        let fillText = String(Character(fill))
        switch align {
        case "ljust": return s + String(repeating: fillText, count: total)
        case "rjust": return String(repeating: fillText, count: total) + s
        default:
            let left = total / 2 + (total & width & 1)
            return String(repeating: fillText, count: left) + s + String(repeating: fillText, count: total - left)
        }
    }
}
