import Testing
@testable import Werk
import WerkTesting

/// `Mounts`, the prefix code behind `Router.mount`, `dispatcher` and `sharedData`.
@Suite("Routing: mounts under path prefixes")
struct MountsTests {
    @Test(arguments: [("/api", "/api"), ("api", "/api"), ("/api/", "/api"), ("api//", "/api"), ("/", ""), ("", ""),
                      ("/a/b/", "/a/b")])
    func prefixesHaveOneForm(_ written: String, _ normalized: String) {
        #expect(Mounts<Int>.normalized(written) == normalized)
    }

    @Test(arguments: [
        ("/api", "/api", true), ("/api/", "/api", true), ("/api/users", "/api", true), ("/apis", "/api", false),
        ("/ap", "/api", false), ("/x/api", "/api", false), ("/api/\u{301}x", "/api", true), ("/api\u{301}", "/api", false),
        ("/", "", true), ("/anything", "", true), ("", "", true),
    ])
    func pathsBelowAPrefixByWholeSegments(_ path: String, _ prefix: String, _ below: Bool) {
        #expect(Mounts<Int>.isBelow(path, prefix: prefix) == below)
    }

    @Test func longestPrefixWins() {
        let mounts = Mounts(["/": 0, "/a": 1, "/a/b": 2, "/c": 3])
        #expect(mounts.entries.map(\.prefix.utf8.count) == [4, 2, 2, 0])
        #expect(mounts.match("/a/b/c")?.value == 2)
        #expect(mounts.match("/a/bc")?.value == 1)
        #expect(mounts.match("/c")?.value == 3)
        #expect(mounts.match("/d")?.value == 0)
        #expect(Mounts(["/a": 1]).match("/d") == nil)
    }

    @Test func dispatchMovesThePrefixToScriptName() throws {
        let echo = Request.application { request in Response("\(request.environ.scriptName)|\(request.environ.pathInfo)") }
        var mounts = Mounts<any Application>()
        mounts.add("/api/", echo)
        for (path, expected) in [("/api", "/api|"), ("/api/users/7", "/api|/users/7"), ("/api/\u{301}x", "/api|/\u{301}x")] {
            var environ = try EnvironBuilder(path: path).makeEnviron()
            var started: Status?
            let body = try #require(try mounts.dispatch(&environ, StartResponse { status, _, _ in started = status }))
            #expect(started == .ok)
            #expect(String(decoding: try body.collect(), as: UTF8.self) == expected)
        }
        var outside = try EnvironBuilder(path: "/apis").makeEnviron()
        #expect(try mounts.dispatch(&outside, StartResponse { _, _, _ in }) == nil)
        #expect(outside.pathInfo == "/apis" && outside.scriptName == "")
    }

    @Test func routerListsItsMountsWithTheRootAsSlash() {
        var router = Router()
        router.mount("/", Request.application { _ in Response("root") })
        router.mount("admin/", Request.application { _ in Response("admin") })
        #expect(router.mounts.map(\.prefix) == ["/admin", "/"])
    }
}
