import Foundation
import Testing
import Werk

/// Werk's helpers answer as Werkzeug's of the same names, on inputs chosen to be awkward
/// (path tricks in file names, broken quoting, repeated parameters, IDNA hosts). Werkzeug's
/// answers are recorded by Tests/fixtures/make_werkzeug_utilities.py (a system test checks the
/// committed file against the Werkzeug installed). Where Werkzeug raises, Werk must answer
/// without failing; what it answers is its own.
@Suite("Werkzeug's helpers, answer for answer")
struct WerkzeugUtilitiesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let function: String
        let input: String
        /// Werkzeug's answer as JSON text; nil when Werkzeug raised.
        let output: String?
        var testDescription: String { "\(function)(\(String(reflecting: input).prefix(50)))" }
    }

    static let cases: [Case] = {
        var path = "\(#filePath)"
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path + "/fixtures/werkzeug-utilities.json")),
              let file = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = file["cases"] as? [[String: Any]] else { return [] }
        return list.compactMap { item in
            guard let function = item["function"] as? String else { return nil }
            // dump_header's input is a list; the others are strings.
            let input = (item["input"] as? String) ?? canonical(item["input"] as Any)
            return Case(function: function, input: input, output: item["output"].map(canonical))
        }
    }()

    /// JSON text with sorted keys: equal values, equal text.
    static func canonical(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else {
            return "\(value)"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Where Werk answers otherwise on purpose: (function, input) -> Werk's answer, and why.
    static let differences: [String: (werk: String, why: String)] = {
        var table: [String: (werk: String, why: String)] = [:]
        // Werkzeug does these two only when it runs on Windows; a name saved on Linux is
        // often served to or copied onto Windows, so Werk does them everywhere.
        for name in ["CON", "con.txt", "NUL.tar.gz", "aux", "com1.txt", "LPT9"] {
            table["secure_filename " + name] = (canonical("_" + name), "Windows device names are prefixed on every system")
        }
        table[#"secure_filename a\b\c.txt"#] = (canonical("a_b_c.txt"), "a backslash separates folders on every system")
        table[#"secure_filename C:\Windows\evil.exe"#] = (canonical("C_Windows_evil.exe"), "a backslash separates folders on every system")
        table[#"parse_options_header a; k="a%22b""#] = (canonical(["a", ["k": "a%22b"]] as [Any]),
            "%22 is undone in multipart file names only (uploadFilename), not in every quoted value")
        table["parse_options_header a; k*=koi8-r''%C3%A9"] = (canonical(["a", ["k": "\u{E9}"]] as [Any]),
            "an extended value in another charset is decoded (as UTF-8 when valid), not left encoded")
        table[#"parse_list_header "unterminated, b"#] = (canonical([#""unterminated, b"#]),
            "an unterminated quoted string stays one raw element instead of emptying the list")
        table[#"unquote_header_value "a\b""#] = (canonical(#"a\b"#),
            "only a doubled backslash and an escaped quote are escapes: clients send Windows paths with bare backslashes in quotes")
        table["iri_to_uri http://example.com/?q=a+b&x=%"] = (canonical("http://example.com/?q=a+b&x=%25"),
            "a % that starts no escape is encoded, so the result is a valid URI")
        return table
    }()

    @Test func fixtureIsThere() {
        #expect(Self.cases.count >= 100, "missing or unreadable Tests/fixtures/werkzeug-utilities.json")
    }

    @Test(arguments: cases)
    func answersAsWerkzeug(_ test: Case) throws {
        let werk = try #require(Self.answer(test.function, test.input), "no Werk helper for \(test.function)")
        if let difference = Self.differences[test.function + " " + test.input] {
            #expect(werk == difference.werk, "\(difference.why); Werkzeug: \(test.output ?? "raises")")
        } else if let expected = test.output {
            #expect(werk == expected)
        }
    }

    /// Werk's answer, as canonical JSON text.
    static func answer(_ function: String, _ input: String) -> String? {
        switch function {
        case "secure_filename": return canonical(secureFilename(input))
        case "parse_cookie":
            let cookies = parseCookieHeader(input)
            return canonical(cookies.keys.flatMap { key in cookies.getAll(key).map { [key, $0] } })
        case "parse_options_header":
            let (value, options) = parseOptionsHeader(input)
            return canonical([value, options] as [Any])
        case "parse_list_header": return canonical(parseListHeader(input))
        case "parse_dict_header":
            return canonical(parseDictHeader(input).mapValues { $0.map { $0 as Any } ?? NSNull() })
        case "quote_header_value": return canonical(quoteHeaderValue(input))
        case "unquote_header_value": return canonical(unquoteHeaderValue(input))
        case "iri_to_uri": return canonical(iriToURI(input))
        case "uri_to_iri": return canonical(uriToIRI(input))
        case "dump_header":
            guard let items = try? JSONSerialization.jsonObject(with: Data(input.utf8)) as? [String] else { return nil }
            return canonical(dumpListHeader(items))
        default: return nil
        }
    }
}
