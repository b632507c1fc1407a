import Testing
@testable import Werk

@Suite("URLParts and joinURL")
struct URLPartsTests {
    @Test func parsesFullURL() throws {
        let u = try #require(URLParts(parsing: "HTTPS://user:pw@Example.com:8443/a/b;p?x=1&y=2#top"))
        #expect(u.scheme == "https")
        #expect(u.userinfo == "user:pw")
        #expect(u.host == "Example.com")
        #expect(u.port == 8443)
        #expect(u.path == "/a/b;p")
        #expect(u.query == "x=1&y=2")
        #expect(u.fragment == "top")
        #expect(u.description == "https://user:pw@Example.com:8443/a/b;p?x=1&y=2#top")
    }

    @Test(arguments: [
        ("/search?q=a", nil, nil, nil, "/search", "q=a", nil),
        ("", nil, nil, nil, "", nil, nil),
        ("?", nil, nil, nil, "", "", nil),
        ("#", nil, nil, nil, "", nil, ""),
        ("//host/p", nil, "host", nil, "/p", nil, nil),
        ("file:///etc/hosts", "file", "", nil, "/etc/hosts", nil, nil),
        ("mailto:a@b.c", "mailto", nil, nil, "a@b.c", nil, nil),
        ("urn:isbn:0451450523", "urn", nil, nil, "isbn:0451450523", nil, nil),
        ("http://[::1]:80/", "http", "::1", 80, "/", nil, nil),
        ("http://[fe80::1%25en0]/", "http", "fe80::1%25en0", nil, "/", nil, nil),
        ("http://h:/", "http", "h", nil, "/", nil, nil),
        ("a/b:c", nil, nil, nil, "a/b:c", nil, nil),
        ("http://h?q#f?g", "http", "h", nil, "", "q", "f?g"),
    ] as [(String, String?, String?, Int?, String, String?, String?)])
    func components(_ s: String, _ scheme: String?, _ host: String?, _ port: Int?,
                    _ path: String, _ query: String?, _ fragment: String?) throws {
        let u = try #require(URLParts(parsing: s))
        #expect(u.scheme == scheme)
        #expect(u.host == host)
        #expect(u.port == port)
        #expect(u.path == path)
        #expect(u.query == query)
        #expect(u.fragment == fragment)
        if scheme == nil || scheme == s.prefix(scheme?.count ?? 0).lowercased() {
            #expect(u.description == s.replacingPortColonIfEmpty())
        }
    }

    @Test(arguments: [
        "http://h:99999/", "http://h:12a/", "http://h:-1/", "http://[::1/", "http://[::1]x/",
        "1http://h/", "a b:c", "ht~tp://x", "http://h:000000080/",
    ])
    func rejectsMalformed(_ s: String) {
        #expect(URLParts(parsing: s) == nil)
    }

    @Test func buildsFromComponents() {
        let u = URLParts(scheme: "http", host: "::1", port: 8080, path: "/x", query: "a=1")
        #expect(u.description == "http://[::1]:8080/x?a=1")
        #expect(URLParts(path: "rel").description == "rel")
    }

    static let base = "http://a/b/c/d;p?q"

    /// RFC 3986 s5.4.1 normal examples.
    @Test(arguments: [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
        ("../../g", "http://a/g"),
    ])
    func rfc3986NormalExamples(_ reference: String, _ expected: String) {
        #expect(joinURL(base: Self.base, reference) == expected)
    }

    /// RFC 3986 s5.4.2 abnormal examples (strict parser).
    @Test(arguments: [
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"),
        ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."),
        ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"),
        ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        ("g;x=1/../y", "http://a/b/c/y"), ("g?y/./x", "http://a/b/c/g?y/./x"), ("g?y/../x", "http://a/b/c/g?y/../x"),
        ("g#s/./x", "http://a/b/c/g#s/./x"), ("g#s/../x", "http://a/b/c/g#s/../x"), ("http:g", "http:g"),
    ])
    func rfc3986AbnormalExamples(_ reference: String, _ expected: String) {
        #expect(joinURL(base: Self.base, reference) == expected)
    }

    @Test(arguments: [
        ("http://h", "x", "http://h/x"),
        ("http://h/dir/", "../../../x", "http://h/x"),
        ("/a/b", "c", "/a/c"),
        ("", "x/../y", "y"),
        ("http://h/a", "https://other/p/../q", "https://other/q"),
        ("http://h/a", "//other", "http://other"),
    ])
    func otherJoins(_ base: String, _ reference: String, _ expected: String) {
        #expect(joinURL(base: base, reference) == expected)
    }

    @Test(arguments: [
        ("/a/b/c/./../../g", "/a/g"), ("mid/content=5/../6", "mid/6"), ("/..", "/"), ("..", ""),
        ("/a/./b/../../c/", "/c/"), ("no/dots", "no/dots"), ("/a//../b", "/a/b"),
    ])
    func removeDotSegments(_ path: String, _ expected: String) {
        #expect(werkRemoveDotSegments(Substring(path)) == expected)
    }
}

extension String {
    /// Test helper: `URLParts` drops an empty port, so "h:/" recomposes as "h/".
    fileprivate func replacingPortColonIfEmpty() -> String {
        self == "http://h:/" ? "http://h/" : self
    }
}

@Suite("Rootless dot segments")
struct RootlessDotSegmentTests {
    @Test(arguments: [("a/b", "../../c", "c"), ("a/b", "../c", "c"), ("a/b/c", "./d", "a/b/d"), ("mailto:x", "y", "mailto:y")])
    func rootlessBases(_ base: String, _ reference: String, _ expected: String) {
        #expect(joinURL(base: base, reference) == expected)
    }
}
