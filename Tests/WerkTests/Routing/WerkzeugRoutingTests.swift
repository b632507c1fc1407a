import Foundation
import Testing
import Werk

/// Werk's router answers as Werkzeug's does: the same rule table and requests, with Werkzeug's
/// answers recorded by Tests/fixtures/make_werkzeug_routing.py (the system tests check that the
/// committed file is still what Werkzeug answers).
@Suite("Routing: Werkzeug's answers")
struct WerkzeugRoutingTests {
    struct RuleSpec: Decodable, Sendable {
        var pattern: String
        var endpoint: String
        var methods: [String]?
        var defaults: [String: Int]?
        var strict_slashes: Bool?
    }

    struct Value: Decodable, Sendable, Equatable {
        var type: String
        var text: String
    }

    struct Outcome: Decodable, Sendable, Equatable, CustomStringConvertible {
        var endpoint: String?
        var values: [String: Value]?
        var redirect: String?
        var status: Int?
        var allowed: [String]?

        var description: String {
            if let endpoint { return "\(endpoint) \((values ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.text)" })" }
            if let redirect { return "redirect \(redirect)" }
            return "\(status ?? 0)\(allowed.map { " \($0)" } ?? "")"
        }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var path: String
        var method: String
        var query: String
        var outcome: Outcome
        var testDescription: String { "\(method) \(String(reflecting: path))\(query.isEmpty ? "" : "?" + query)" }
    }

    struct FixtureFile: Decodable {
        var werkzeug: String
        var rules: [RuleSpec]
        var cases: [Case]
    }

    static let fixture: FixtureFile? = {
        var path = "\(#filePath)"
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path + "/fixtures/werkzeug-routing.json")) else { return nil }
        return try? JSONDecoder().decode(FixtureFile.self, from: data)
    }()

    /// Where Werk answers otherwise on purpose, and why.
    static let differences: [String: String] = [
        // Python's `\d` and int() take any Unicode decimal digit; an <int> in Werk is ASCII
        // digits, so `/users/１２` is not a second spelling of `/users/12`.
        "/users/\u{FF11}\u{FF12}": "user_by_name",
        "/users/\u{663}": "user_by_name",
    ]

    static let built: Result<MapAdapter<String>, RoutingError>? = {
        guard let fixture else { return nil }
        let rules = fixture.rules.map { spec in
            Rule(spec.pattern, endpoint: spec.endpoint, methods: spec.methods,
                 defaults: RouteValues((spec.defaults ?? [:]).map { ($0.key, $0.value as any Sendable) }),
                 strictSlashes: spec.strict_slashes)
        }
        // Werkzeug's Map answers OPTIONS like any method (Flask adds it to rules); so does Werk's without automaticOptions.
        return Result { () throws(RoutingError) in try Map(rules, automaticOptions: false).bind(host: "example.com") }
    }()

    static var adapter: MapAdapter<String>? { try? built?.get() }

    @Test func fixtureAndMapAreThere() {
        #expect((Self.fixture?.cases.count ?? 0) >= 100, "missing or unreadable Tests/fixtures/werkzeug-routing.json")
        if case .failure(let error)? = Self.built { Issue.record("Werk refused the rule table: \(error)") }
    }

    @Test(arguments: fixture?.cases ?? [])
    func answersAsWerkzeug(_ request: Case) throws {
        let adapter = try #require(Self.adapter)
        let werk = Self.outcome(adapter, request)
        if let endpoint = Self.differences[request.path] {
            #expect(werk.endpoint == endpoint, "Werkzeug: \(request.outcome)")
        } else {
            #expect(werk == request.outcome)
        }
    }

    /// Werk's answer in the fixture's terms.
    static func outcome(_ adapter: MapAdapter<String>, _ request: Case) -> Outcome {
        do {
            let match = try adapter.match(request.path, method: request.method, query: request.query)
            var values: [String: Value] = [:]
            for (name, value) in match.values {
                switch value {
                case let number as Int: values[name] = Value(type: "int", text: String(number))
                case let number as Double: values[name] = Value(type: "float", text: String(number))
                case let uuid as UUID: values[name] = Value(type: "UUID", text: uuid.uuidString.lowercased())
                case let text as String: values[name] = Value(type: "str", text: text)
                default: values[name] = Value(type: "\(type(of: value))", text: "\(value)")
                }
            }
            return Outcome(endpoint: match.endpoint, values: values)
        } catch .redirect(let location) {
            return Outcome(redirect: location)
        } catch .methodNotAllowed(let allowed) {
            return Outcome(status: 405, allowed: allowed.sorted())
        } catch .notFound {
            return Outcome(status: 404)
        } catch {
            return Outcome(status: 0, allowed: ["\(error)"])
        }
    }
}
