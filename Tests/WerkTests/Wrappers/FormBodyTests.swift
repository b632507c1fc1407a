import Testing
@testable import Werk
import WerkTesting

/// Urlencoded bodies and query strings as Werkzeug reads them, and the form's memory limit
/// whichever way the body was read first.
struct FormBodyTests {
    private static func request(query: String = "", body: String, limits: Int? = nil) throws -> Request {
        var builder = EnvironBuilder(method: "POST", path: "/")
        builder.query = query
        builder.body = Array(body.utf8)
        builder.contentType = "application/x-www-form-urlencoded"
        let environ = try builder.makeEnviron()
        return limits.map { Request(environ, maxFormMemorySize: $0) } ?? Request(environ)
    }

    /// A leading `?` belongs to the first key (`??a=1` has the key `?a`), as in Werkzeug; only
    /// `parseQueryString` drops it, for a URL's `?...` passed as it is.
    @Test func aLeadingQuestionMarkIsPartOfTheKey() throws {
        let request = try Self.request(query: "?a=1", body: "?b=2&c=3")
        #expect(try request.form.keys == ["?b", "c"])
        #expect(request.args.keys == ["?a"])
        #expect(parseQueryString("?a=1").keys == ["a"])
    }

    /// `maxFormMemorySize` holds when the body was read with `request.data` first (413, as
    /// Werkzeug raises), not only when the form reads it.
    @Test func theFormLimitHoldsAfterTheBodyWasRead() throws {
        let body = "a=" + String(repeating: "x", count: 100)
        let request = try Self.request(body: body, limits: 50)
        #expect(try request.data.count == body.utf8.count)
        #expect { try request.form } throws: { ($0 as? HTTPError)?.status == .contentTooLarge }
        let fresh = try Self.request(body: body, limits: 50)
        #expect { try fresh.form } throws: { ($0 as? HTTPError)?.status == .contentTooLarge }
        #expect(try Self.request(body: body, limits: 500).form["a"]?.count == 100)
    }
}
