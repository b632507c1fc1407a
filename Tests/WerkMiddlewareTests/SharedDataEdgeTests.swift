#if canImport(Glibc)
import Glibc
#endif
import Testing
import Werk
import WerkTesting
import WerkMiddleware

/// sharedData where links, non-ASCII prefixes and failed preconditions meet: the paths a
/// mount builds itself (index files, precompressed siblings) obey the same rule as the URL's,
/// and an answer to one client's preconditions is never cacheable for the URL.
@Suite("sharedData edges")
struct SharedDataEdgeTests {
    static let root: String = {
        let base = "/tmp/werk-edges-\(getpid())"
        for folder in ["", "/site", "/site/linked", "/site/caf\u{e9}"] { mkdir(base + folder, 0o755) }
        SharedDataTests.write(base + "/secret.txt", "root:x:0:0")
        SharedDataTests.write(base + "/site/app.js", "plain")
        SharedDataTests.write(base + "/site/caf\u{e9}/menu.txt", "menu")
        SharedDataTests.write(base + "/site/bc", "wrong file")
        SharedDataTests.write(base + "/site/abc", "right file")
        // Links in the places the mount fills in itself, leading out of the folder.
        symlink(base + "/secret.txt", base + "/site/linked/index.html")
        symlink(base + "/secret.txt", base + "/site/app.js.gz")
        return base + "/site"
    }()

    static let notFound = Request.application { _ in throw HTTPError.notFound() }
    static func client(_ mounts: [String: StaticFiles]) -> Client { Client(stack(sharedData(mounts), app: notFound)) }

    @Test func anIndexFileThatLinksOutIsNotServed() throws {
        let response = try Self.client(["/": .folder(Self.root)]).get("/linked/")
        #expect(response.status == .notFound)
        #expect(try !response.text.contains("root:x"))
    }

    @Test func aPrecompressedSiblingThatLinksOutIsNotServed() throws {
        let response = try Self.client(["/": .folder(Self.root)]).get("/app.js", headers: try Headers([("Accept-Encoding", "gzip")]))
        #expect(response.status == .ok)
        #expect(try response.text == "plain")
        #expect(response.headers["Content-Encoding"] == nil)
    }

    /// A listing shows only what can be fetched: a link leading out of the folder (whose size
    /// would tell what lies outside) and a name with a backslash are left out; a link inside stays.
    @Test func aListingLeavesOutWhatCannotBeFetched() throws {
        let folder = Self.root + "/listed"
        mkdir(folder, 0o755)
        SharedDataTests.write(folder + "/here.txt", "here")
        SharedDataTests.write(folder + "/back\\slash.txt", "x")
        symlink(Self.root + "/../secret.txt", folder + "/out.txt")
        symlink(folder + "/here.txt", folder + "/alias.txt")
        let page = try Self.client(["/": .folder(Self.root, listing: true)]).get("/listed/").text
        #expect(page.contains("here.txt") && page.contains("alias.txt"))
        #expect(!page.contains("out.txt") && !page.contains("slash"))
        #expect(!page.contains("(10 bytes)"))
    }

    @Test func aNonASCIIPrefixMapsToTheFileBelowIt() throws {
        let client = Self.client(["/\u{fc}": .folder(Self.root)])
        #expect(try client.get("/\u{fc}/abc").text == "right file")
        // A path that reads like the prefix but is not the same bytes is not below it.
        let nfd = Self.client(["/caf\u{e9}": .folder(Self.root + "/caf\u{e9}")])
        #expect(try nfd.get("/caf\u{e9}/menu.txt").text == "menu")
        #expect(try nfd.get("/cafe\u{301}/menu.txt").status == .notFound)
    }

    @Test(arguments: [("If-Match", "\"other\""), ("Range", "bytes=999-")])
    func aFailedPreconditionOrRangeIsNotCacheable(name: String, value: String) throws {
        let response = try Self.client(["/": .folder(Self.root)]).get("/abc", headers: try Headers([(name, value)]))
        #expect(response.status == .preconditionFailed || response.status == .rangeNotSatisfiable)
        #expect(response.headers["Cache-Control"] == "no-store")
    }
}
