import Testing
@testable import Werk

@Suite struct AuthorizationTests {
    /// RFC 7617 s2 example.
    @Test func basicRFCExample() throws {
        let auth = try #require(Authorization(parsing: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="))
        #expect(auth.scheme == "basic")
        #expect(auth.username == "Aladdin")
        #expect(auth.password == "open sesame")
        #expect(auth.token == nil)
        #expect(Authorization.basic(username: "Aladdin", password: "open sesame").headerValue == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    }

    @Test(arguments: [
        ("user", "pa:ss:word"), ("", ""), ("us\u{e9}r", "p\u{e4}ss"), ("a", ""), ("\u{1F600}", "x y"),
    ])
    func basicRoundTrip(username: String, password: String) throws {
        let header = Authorization.basic(username: username, password: password).headerValue
        let auth = try #require(Authorization(parsing: header))
        #expect(auth.username == username)
        #expect(auth.password == password)
        #expect(auth == .basic(username: username, password: password))
    }

    @Test(arguments: [
        "basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        "BASIC   QWxhZGRpbjpvcGVuIHNlc2FtZQ==  ",
    ])
    func basicCaseAndSpacing(header: String) {
        #expect(Authorization(parsing: header)?.username == "Aladdin")
    }

    @Test(arguments: [
        nil, "", "   ", "Basic", "Basic !!!", "Basic QWxhZGRpbg==",  // "Aladdin": no colon
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ", "Basic /w==",          // unpadded; invalid UTF-8
        "B@sic abc", "Bearer", "Bearer a b", "Bearer a,b", "Bearer =abc", "Digest ,,,",
    ] as [String?])
    func rejects(header: String?) {
        #expect(Authorization(parsing: header) == nil)
    }

    @Test func bearer() throws {
        // RFC 6750 s2.1 example
        let auth = try #require(Authorization(parsing: "Bearer mF_9.B5f-4.1JqM"))
        #expect(auth.scheme == "bearer")
        #expect(auth.token == "mF_9.B5f-4.1JqM")
        #expect(auth.username == nil)
        #expect(auth.headerValue == "Bearer mF_9.B5f-4.1JqM")
        #expect(Authorization(parsing: "bearer abc+/def==")?.token == "abc+/def==")
        #expect(Authorization.bearer("t").headerValue == "Bearer t")
    }

    @Test func digest() throws {
        // RFC 7616 s3.9.1 example (abridged)
        let header = """
        Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", \
        algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, \
        cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, \
        response="8ca523f5e9506fed4657c9700eebdbec", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
        """
        let auth = try #require(Authorization(parsing: header))
        #expect(auth.scheme == "digest")
        #expect(auth.username == "Mufasa")
        #expect(auth.password == nil)
        #expect(auth.parameters["realm"] == "http-auth@example.org")
        #expect(auth.parameters["uri"] == "/dir/index.html")
        #expect(auth.parameters["nc"] == "00000001")
        #expect(auth.parameters["qop"] == "auth")
        #expect(auth.parameters.count == 10)
        #expect(auth.token == nil)
        #expect(Authorization(parsing: auth.headerValue) == auth)
    }

    @Test func otherSchemes() {
        #expect(Authorization(parsing: "Negotiate YIIFyw==") == Authorization(scheme: "negotiate", token: "YIIFyw=="))
        #expect(Authorization(parsing: "Custom") == Authorization(scheme: "custom"))
        #expect(Authorization(parsing: "Custom A=1, b=\"x, y\"")?.parameters == ["a": "1", "b": "x, y"])
        #expect(Authorization(scheme: "Custom", token: "abc").headerValue == "Custom abc")
        #expect(Authorization(scheme: "custom", parameters: ["b": "x y", "a": "1"]).headerValue == "Custom a=1, b=\"x y\"")
    }
}
