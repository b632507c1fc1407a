#if canImport(Glibc)
import Glibc
#endif
import Testing
import Werk
import WerkTesting
import WerkMiddleware

@Suite("SharedData middleware and safeJoin")
struct SharedDataTests {
    /// A folder with files, a subfolder, and a link that points out of it.
    static let root: String = {
        let base = "/tmp/werk-shared-\(getpid())"
        mkdir(base, 0o755)
        mkdir(base + "/public", 0o755)
        mkdir(base + "/public/sub", 0o755)
        write(base + "/public/hello.txt", "Hello, static!\n")
        write(base + "/public/sub/page.html", "<h1>sub</h1>")
        write(base + "/public/h\u{e9}llo.css", "p{}")
        write(base + "/secret.txt", "root:x:0:0")
        symlink(base + "/secret.txt", base + "/public/link.txt")
        return base + "/public"
    }()

    static func write(_ path: String, _ text: String) {
        let file = fopen(path, "wb")
        _ = text.withCString { fputs($0, file) }
        fclose(file)
    }

    static let notFound = Request.application { _ in throw HTTPError.notFound() }
    static var client: Client { Client(stack(sharedData(["/static": root]), app: notFound)) }

    @Test func servesFilesWithTypeLengthAndValidators() throws {
        let response = try Self.client.get("/static/hello.txt")
        #expect(response.status == .ok)
        #expect(try response.text == "Hello, static!\n")
        #expect(response.contentType == "text/plain; charset=utf-8")
        #expect(response.headers["Content-Length"] == "15")
        #expect(response.etag != nil && response.lastModified != nil)
        #expect(response.cacheControl.maxAge == 43_200 && response.cacheControl.isPublic)
        #expect(try Self.client.get("/static/sub/page.html").contentType == "text/html; charset=utf-8")
        #expect(try Self.client.get("/static/h\u{e9}llo.css").status == .ok)
    }

    @Test func conditionalAndRanges() throws {
        let first = try Self.client.get("/static/hello.txt")
        let tag = try #require(first.headers["ETag"])
        #expect(try Self.client.get("/static/hello.txt", headers: try Headers([("If-None-Match", tag)])).status == .notModified)
        let range = try Self.client.get("/static/hello.txt", headers: try Headers([("Range", "bytes=0-4")]))
        #expect(range.status == .partialContent)
        #expect(try range.text == "Hello")
        #expect(try Self.client.get("/static/hello.txt", headers: try Headers([("Range", "bytes=100-")])).status == .rangeNotSatisfiable)
        let head = try Self.client.head("/static/hello.txt")
        #expect(head.status == .ok && head.headers["Content-Length"] == "15")
    }

    @Test(arguments: ["/static/../secret.txt", "/static/sub/../../secret.txt", "/static//etc/passwd",
                      "/static/link.txt", "/static/sub", "/static/sub/", "/static/", "/static/nope.txt",
                      "/static/sub\\..\\hello.txt", "/staticx/hello.txt", "/static/.//../secret.txt"])
    func neverEscapesOrServesFolders(_ path: String) throws {
        let response = try Self.client.get(path)
        #expect(response.status == .notFound, "\(path)")
        #expect(try !response.text.contains("root:"))
    }

    @Test func otherMethodsGoToTheApp() throws {
        #expect(try Self.client.post("/static/hello.txt", body: [1]).status == .notFound)
    }

    @Test func safeJoinRules() {
        #expect(safeJoin(root: Self.root, "hello.txt") == Self.root + "/hello.txt")
        #expect(safeJoin(root: Self.root + "/", "sub/page.html") == Self.root + "/sub/page.html")
        #expect(safeJoin(root: Self.root, "missing/file") == Self.root + "/missing/file")
        for bad in ["..", "../x", "a/../../x", "/abs", "a//b", ".", "a\\b", "a\u{0}b", ""] {
            #expect(safeJoin(root: Self.root, bad) == nil, "\(bad)")
        }
        #expect(safeJoin(root: Self.root, "link.txt") == nil)
        #expect(safeJoin(root: Self.root, "link.txt", resolvingLinks: false) == Self.root + "/link.txt")
    }
}
