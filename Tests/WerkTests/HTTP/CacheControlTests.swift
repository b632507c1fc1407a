import Testing
@testable import Werk

@Suite struct CacheControlTests {
    @Test func parsesResponseDirectives() {
        let cc = CacheControl(parsing: "public, max-age=3600, s-maxage=60, must-revalidate, proxy-revalidate, immutable, no-transform, stale-while-revalidate=30, stale-if-error=86400")
        #expect(cc.isPublic)
        #expect(!cc.isPrivate)
        #expect(cc.maxAge == 3600)
        #expect(cc.sMaxAge == 60)
        #expect(cc.mustRevalidate)
        #expect(cc.proxyRevalidate)
        #expect(cc.immutable)
        #expect(cc.noTransform)
        #expect(cc.staleWhileRevalidate == 30)
        #expect(cc.staleIfError == 86400)
        #expect(cc.extensions.isEmpty)
    }

    @Test func parsesRequestDirectives() {
        let cc = CacheControl(parsing: "No-Cache, NO-STORE, max-stale=10, min-fresh=5, only-if-cached")
        #expect(cc.noCache)
        #expect(cc.noStore)
        #expect(cc.maxStale == 10)
        #expect(cc.minFresh == 5)
        #expect(cc.onlyIfCached)
    }

    @Test func bareMaxStaleIsUnlimited() {
        let cc = CacheControl(parsing: "max-stale")
        #expect(cc.maxStale == Int.max)
        #expect(cc.headerValue == "max-stale")
    }

    @Test(arguments: [
        ("max-age=abc", nil), ("max-age=", nil), ("max-age", nil), ("max-age=-1", nil),
        ("max-age=1.5", nil), ("max-age=\"60\"", 60), ("max-age=0", 0), ("max-age = 7", 7),
        ("max-age=99999999999999999999999", 2_147_483_648),
    ] as [(String, Int?)])
    func numbers(input: String, expected: Int?) {
        #expect(CacheControl(parsing: input).maxAge == expected)
    }

    @Test func extensionsAndFieldNames() {
        let cc = CacheControl(parsing: "private=\"Set-Cookie\", no-cache=\"a, b\", community=\"UCI\", X-Flag")
        #expect(cc.isPrivate)
        #expect(cc.noCache)
        #expect(cc.extensions == ["community": "UCI", "x-flag": nil])
    }

    @Test(arguments: [nil, "", " , ,"] as [String?])
    func empty(input: String?) {
        let cc = CacheControl(parsing: input)
        #expect(cc.isEmpty)
        #expect(cc == CacheControl())
        #expect(cc.headerValue == "")
    }

    @Test func buildsHeader() {
        var cc = CacheControl()
        cc.maxAge = 60
        cc.noCache = true
        cc.isPublic = true
        cc.extensions["x"] = "a b"
        cc.extensions["y"] = .some(nil)
        #expect(!cc.isEmpty)
        #expect(cc.headerValue == "public, no-cache, max-age=60, x=\"a b\", y")
    }

    @Test(arguments: [
        "public, max-age=3600",
        "no-store",
        "private, must-revalidate, max-age=0, s-maxage=10, stale-if-error=5",
        "no-cache, max-stale=30, min-fresh=1, only-if-cached, no-transform",
        "immutable, proxy-revalidate, stale-while-revalidate=1, a=\"b c\", z",
        "max-stale",
    ])
    func roundTrip(header: String) {
        let cc = CacheControl(parsing: header)
        #expect(CacheControl(parsing: cc.headerValue) == cc)
        #expect(CacheControl(parsing: cc.headerValue).headerValue == cc.headerValue)
    }
}

extension CacheControlTests {
    @Test func nonTokenExtensionNamesAreDropped() {
        #expect(CacheControl(parsing: "\"quoted\", a b, ok").extensions == ["ok": nil])
        var cc = CacheControl()
        cc.extensions["bad name"] = "x"
        #expect(cc.headerValue == "")
    }
}
