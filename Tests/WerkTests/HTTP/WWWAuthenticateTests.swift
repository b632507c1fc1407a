import Testing
@testable import Werk

@Suite struct WWWAuthenticateTests {
    @Test(arguments: [
        (WWWAuthenticate.basic(realm: "x"), "Basic realm=\"x\", charset=\"UTF-8\""),
        (WWWAuthenticate.basic(realm: "WallyWorld", charset: nil), "Basic realm=\"WallyWorld\""),
        (WWWAuthenticate.basic(realm: "say \"hi\""), "Basic realm=\"say \\\"hi\\\"\", charset=\"UTF-8\""),
        (WWWAuthenticate.bearer(), "Bearer"),
        (WWWAuthenticate.bearer(realm: "example"), "Bearer realm=\"example\""),
        (WWWAuthenticate.bearer(realm: "example", error: "invalid_token", errorDescription: "The access token expired"),
         "Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\""),
        (WWWAuthenticate.bearer(scope: "openid profile", errorURI: "https://e.x/err"),
         "Bearer scope=\"openid profile\", error_uri=\"https://e.x/err\""),
        (WWWAuthenticate(scheme: "Negotiate", token: "abc=="), "Negotiate abc=="),
        (WWWAuthenticate(scheme: "digest", parameters: [("realm", "r"), ("algorithm", "SHA-256"), ("stale", "true")]),
         "Digest realm=\"r\", algorithm=SHA-256, stale=true"),
    ])
    func headerValue(value: WWWAuthenticate, expected: String) {
        #expect(value.headerValue == expected)
    }

    @Test func parsesBasic() throws {
        // RFC 7617 s2.1 example
        let w = try #require(WWWAuthenticate(parsing: "Basic realm=\"foo\", charset=\"UTF-8\""))
        #expect(w.scheme == "basic")
        #expect(w.parameters.map(\.0) == ["realm", "charset"])
        #expect(w[parameter: "REALM"] == "foo")
        #expect(w == .basic(realm: "foo"))
    }

    @Test func parsesBearerError() throws {
        // RFC 6750 s3 example
        let w = try #require(WWWAuthenticate(parsing: "Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\""))
        #expect(w == .bearer(realm: "example", error: "invalid_token", errorDescription: "The access token expired"))
    }

    @Test(arguments: [
        ("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\"",
         WWWAuthenticate(scheme: "newauth", parameters: [("realm", "apps"), ("type", "1"), ("title", "Login to \"apps\"")])),
        ("Basic realm=\"a\", Bearer realm=\"b\"", WWWAuthenticate(scheme: "basic", parameters: [("realm", "a")])),
        ("Negotiate", WWWAuthenticate(scheme: "negotiate")),
        ("Negotiate abc==", WWWAuthenticate(scheme: "negotiate", token: "abc==")),
        ("  basic   Realm = x  ", WWWAuthenticate(scheme: "basic", parameters: [("realm", "x")])),
    ] as [(String, WWWAuthenticate)])
    func parses(input: String, expected: WWWAuthenticate) {
        #expect(WWWAuthenticate(parsing: input) == expected)
    }

    @Test(arguments: [nil, "", "  ", "B@d realm=x", "\"quoted\""] as [String?])
    func rejects(input: String?) {
        #expect(WWWAuthenticate(parsing: input) == nil)
    }

    @Test func equalityIsOrderSensitive() {
        let a = WWWAuthenticate(scheme: "x", parameters: [("a", "1"), ("b", "2")])
        let b = WWWAuthenticate(scheme: "x", parameters: [("b", "2"), ("a", "1")])
        #expect(a != b)
        #expect(a == WWWAuthenticate(scheme: "X", parameters: [("a", "1"), ("b", "2")]))
        #expect(a != WWWAuthenticate(scheme: "x", parameters: [("a", "1")]))
    }

    @Test func roundTrip() {
        for w in [WWWAuthenticate.basic(realm: "r\\x"), .bearer(realm: "a, b", scope: "s"),
                  WWWAuthenticate(scheme: "negotiate", token: "t0k=")] {
            #expect(WWWAuthenticate(parsing: w.headerValue) == w)
        }
    }
}
