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

    /// An urlencoded form may have `maxFormParts` fields (1,000 by default), as a multipart one
    /// may have parts (Django's DATA_UPLOAD_MAX_NUMBER_FIELDS): 100,000 fields in 400 KB held
    /// the default 500 KiB memory limit and cost a MultiDict entry each. Empty pieces count not.
    @Test func anUrlencodedFormHasAtMostMaxFormPartsFields() throws {
        let thousand = (0..<1000).map { "k\($0)=1" }.joined(separator: "&") + "&&&"
        #expect(try Self.request(body: thousand).form.count == 1000)
        #expect(urlencodedFieldCount(Array("a=1&&b&=&".utf8)) == 3)
        let many = thousand + "&one=more"
        #expect { try Self.request(body: many).form } throws: { ($0 as? HTTPError)?.status == .contentTooLarge }
        var builder = EnvironBuilder(method: "POST", path: "/")
        builder.body = Array(many.utf8)
        builder.contentType = "application/x-www-form-urlencoded"
        let unlimited = Request(try builder.makeEnviron(), maxFormParts: nil)
        #expect(try unlimited.form.count == 1001)
        let small = Request(try builder.makeEnviron(), maxFormParts: 10)
        #expect { try small.form } throws: { ($0 as? HTTPError)?.status == .contentTooLarge }
    }
}
