#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization
import Testing
import Werk
import WerkTesting
import WerkMiddleware

/// Lint reports, kept for assertions (a lock guards them).
final class Reports: Sendable {
    private let lines = Locked<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func add(_ line: String) { lines.withLock { $0.append(line) } }
}

@Suite("Lint middleware")
struct LintTests {
    static func app(_ body: @escaping @Sendable (inout Environ, StartResponse) throws -> Body) -> AppFunction { AppFunction(body) }

    @Test func aCorrectAppPasses() throws {
        let reports = Reports()
        let client = Client(stack(lint(report: reports.add), app: Request.application { _ in Response("fine") }))
        #expect(try client.get("/").text == "fine")
        #expect(try client.head("/").status == .ok)
        let streamed = Client(stack(lint(report: reports.add), app: Request.application { _ in
            var response = Response.stream { writer in try writer.write("abc") }
            response.contentLength = 3
            return response
        }))
        #expect(try streamed.get("/").text == "abc")
        #expect(reports.all.isEmpty)
    }

    @Test func brokenAppsAreCaught() throws {
        let cases: [(AppFunction, String, String)] = [
            (Self.app { _, _ in Body("x") }, "without calling start_response", "S2"),
            (Self.app { _, start in
                try start(.ok, try Headers([("Content-Type", "text/plain")]))
                try start(.ok, try Headers([("Content-Type", "text/plain")]))
                return Body("x")
            }, "second time", "S1"),
            (Self.app { _, start in try start(.ok, Headers()); return Body("x") }, "Content-Type", "S6"),
            (Self.app { _, start in try start(.noContent, Headers()); return Body("oops") }, "must not have a body", "B1"),
            (Self.app { _, start in
                try start(.ok, try Headers([("Content-Type", "text/plain"), ("Content-Length", "10")]))
                return Body("short")
            }, "Content-Length declared 10", "B2"),
            (Self.app { _, start in
                try start(.ok, try Headers([("Content-Type", "text/plain"), ("Content-Length", "2")]))
                return Body(stream: { writer in try writer.write("toolong") })
            }, "passes its Content-Length", "B2"),
            (Self.app { _, start in
                var headers = Headers()
                headers.addUnchecked("Content-Type", "text/plain")
                headers.addUnchecked("Connection", "close")
                try start(.ok, headers)
                return Body("x")
            }, "hop-by-hop", "S5"),
        ]
        for (app, expected, rule) in cases {
            let error = try #require(throws: LintError.self) { try Client(stack(lint(), app: app)).get("/") }
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.rule == rule && error.message.hasSuffix("(Gateway rule \(rule))"), "\(error.message)")
            #expect(Self.gatewayRules.contains(rule))
        }
    }

    @Test func badEnvironsAreCaught() throws {
        let app = stack(lint(), app: Request.application { _ in Response("x") })
        for (name, value, rule) in [("PATH_INFO", "no-slash", "E2"), ("SCRIPT_NAME", "/app/", "E3"), ("wsgi.url_scheme", "ftp", "E5"),
                                    ("SERVER_PROTOCOL", "SPDY/3", "E4"), ("REQUEST_METHOD", "GE T", "E1"),
                                    ("CONTENT_LENGTH", "12a", "E6"), ("QUERY_STRING", "a=1#top", "E6")] {
            var environ = try EnvironBuilder().makeEnviron()
            environ[name] = value
            let error = try #require(throws: LintError.self, "\(name)") { _ = try app(&environ, ResponseHead().startResponse) }
            #expect(error.rule == rule, "\(error.message)")
            #expect(Self.gatewayRules.contains(rule))
        }
    }

    @Test func closingTwiceOrNeverIsReported() throws {
        let reports = Reports()
        let app = stack(lint(report: reports.add), app: Request.application { _ in Response("x") })
        do {
            var environ = try EnvironBuilder().makeEnviron()
            let body = try app(&environ, ResponseHead().startResponse)
            body.close()
            body.close()
        }
        #expect(reports.all == ["lint: the response body was closed 2 times; the server closes it once (Gateway rule B4)"])
        do {
            var environ = try EnvironBuilder().makeEnviron()
            _ = try app(&environ, ResponseHead().startResponse)  // never closed
        }
        #expect(reports.all.last == "lint: the response body was never closed (Gateway rule B4)")
    }

    /// The rule names the `Gateway` documentation page defines (`- **S1** ...`).
    static let gatewayRules: Set<String> = {
        let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Werk/Werk.docc/Gateway.md")
        let text = (try? String(contentsOf: page, encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("- **"), let end = line.dropFirst(4).firstIndex(of: "*") else { return nil }
            return String(line.dropFirst(4)[..<end])
        })
    }()

    /// Every rule lint cites is on the page, and the page numbers its rules without gaps or repeats.
    @Test func lintCitesRulesThePageStates() throws {
        let rules = Self.gatewayRules
        #expect(rules.count >= 20)
        for group in ["E", "I", "S", "B", "A", "M"] {
            let numbers = rules.filter { $0.hasPrefix(group) }.compactMap { Int($0.dropFirst()) }.sorted()
            #expect(!numbers.isEmpty && numbers == Array(1...numbers.count), "\(group): \(numbers)")
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Middleware/Lint.swift")
        let lint = try String(contentsOf: source, encoding: .utf8)
        var cited = Set<String>()
        for marker in ["rule: \"", "return \"", "(Gateway rule "] {
            for piece in lint.components(separatedBy: marker).dropFirst() {
                let name = piece.prefix { $0.isLetter || $0.isNumber }
                if name.count == 2 { cited.insert(String(name)) }
            }
        }
        #expect(cited.count >= 10 && cited.isSubset(of: rules), "\(cited.subtracting(rules))")
    }
}
