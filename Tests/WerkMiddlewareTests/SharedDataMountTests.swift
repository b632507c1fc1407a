#if canImport(Glibc)
import Glibc
#endif
import Testing
import Werk
import WerkTesting
import WerkMiddleware

/// sharedData's mounts: precompressed siblings, index files and listings, dotfiles,
/// Cache-Control per mount, single files.
@Suite("sharedData mounts")
struct SharedDataMountTests {
    static let root: String = {
        let base = "/tmp/werk-mounts-\(getpid())"
        for folder in ["", "/site", "/site/docs", "/site/empty", "/site/assets", "/site/.git", "/site/.well-known", "/site/htm", "/other"] {
            mkdir(base + folder, 0o755)
        }
        mkfifo(base + "/site/empty/pipe", 0o644)
        let files = [
            "/site/app.js": "console.log('plain')", "/site/app.js.br": "BROTLI", "/site/app.js.gz": "GZIP",
            "/site/style.css": "p{}", "/site/style.css.gz": "GZ-CSS", "/site/only.txt.gz": "no original",
            "/site/docs/index.html": "<h1>docs</h1>", "/site/docs/page.txt": "page", "/site/docs/.secret": "s",
            "/site/.env": "SECRET=1", "/site/.git/config": "[core]", "/site/.well-known/security.txt": "Contact: x",
            "/site/assets/logo.svg": "<svg/>", "/other/favicon.ico": "ICO", "/site/htm/index.htm": "<h1>htm</h1>",
        ]
        for (path, text) in files { SharedDataTests.write(base + path, text) }
        return base
    }()

    static let notFound = Request.application { _ in throw HTTPError.notFound() }
    static func client(_ mounts: [String: StaticFiles]) -> Client { Client(stack(sharedData(mounts), app: notFound)) }
    static var site: Client {
        client(["/": .folder(root + "/site", listing: true), "/favicon.ico": .file(root + "/other/favicon.ico", cacheControl: "public, max-age=60"),
                "/assets": .folder(root + "/site/assets", cacheControl: "public, max-age=31536000, immutable")])
    }

    @Test(arguments: [
        ("br, gzip", "BROTLI", "br"), ("gzip, deflate, br", "BROTLI", "br"), ("gzip", "GZIP", "gzip"),
        ("br;q=0.5, gzip", "GZIP", "gzip"), ("deflate", "console.log('plain')", nil), ("br;q=0, gzip;q=0", "console.log('plain')", nil),
        ("*", "BROTLI", "br"), ("identity", "console.log('plain')", nil),
    ] as [(String, String, String?)])
    func precompressedSiblingsWhenAccepted(_ accept: String, _ body: String, _ encoding: String?) throws {
        let response = try Self.site.get("/app.js", headers: ["Accept-Encoding": accept])
        #expect(try response.text == body)
        #expect(response.headers["Content-Encoding"] == encoding)
        #expect(response.contentType?.hasPrefix("text/javascript") == true, "\(response.contentType ?? "-")")
        #expect(response.vary == ["Accept-Encoding"])
    }

    @Test func precompressedDetails() throws {
        let plain = try Self.site.get("/app.js")
        #expect(plain.headers["Content-Encoding"] == nil && plain.vary == ["Accept-Encoding"])
        // Each variant has its own validator; a 304 for one is not a 304 for the other.
        let brotli = try Self.site.get("/app.js", headers: ["Accept-Encoding": "br"])
        let tag = try #require(brotli.headers["ETag"])
        #expect(tag != plain.headers["ETag"])
        #expect(try Self.site.get("/app.js", headers: ["Accept-Encoding": "br", "If-None-Match": tag]).status == .notModified)
        #expect(try Self.site.get("/app.js", headers: ["If-None-Match": tag]).status == .ok)
        // Ranges apply to the bytes sent.
        let range = try Self.site.get("/app.js", headers: ["Accept-Encoding": "gzip", "Range": "bytes=0-1"])
        #expect(try range.status == .partialContent && (range.text) == "GZ")
        // Only a gzip sibling: br is not invented.
        #expect(try Self.site.get("/style.css", headers: ["Accept-Encoding": "br"]).headers["Content-Encoding"] == nil)
        #expect(try Self.site.get("/style.css", headers: ["Accept-Encoding": "br, gzip"]).text == "GZ-CSS")
        // No sibling: no Vary.
        #expect(try Self.site.get("/docs/page.txt").vary.isEmpty)
        // A sibling without its original is not served in its place.
        #expect(try Self.site.get("/only.txt", headers: ["Accept-Encoding": "gzip"]).status == .notFound)
        // Asked for by name, a .gz file is just a file.
        let direct = try Self.site.get("/app.js.gz")
        #expect(try direct.text == "GZIP" && direct.headers["Content-Encoding"] == nil)
        let off = Self.client(["/": .folder(Self.root + "/site", precompressed: false)])
        let unpacked = try off.get("/app.js", headers: ["Accept-Encoding": "br"])
        #expect(try unpacked.text == "console.log('plain')" && unpacked.vary.isEmpty)
    }

    @Test func indexFilesAndListings() throws {
        let docs = try Self.site.get("/docs/")
        #expect(try docs.text == "<h1>docs</h1>" && docs.contentType == "text/html; charset=utf-8")
        let redirect = try Self.site.get("/docs?x=1")
        #expect(redirect.status == .permanentRedirect && redirect.location == "/docs/?x=1")
        let listing = try Self.site.get("/empty/")
        #expect(try listing.status == .ok && (listing.text).contains("Index of /empty/"))
        let top = try Self.site.get("/")
        #expect(try top.text.contains("href=\"docs/\"") && top.text.contains("href=\"app.js\""))
        // Dotfiles are left out of listings.
        #expect(try !top.text.contains(".env") && !top.text.contains(".git"))
        // Without listing, a folder without an index goes to the app; with an index it is served.
        let plain = Self.client(["/s": .folder(Self.root + "/site")])
        #expect(try plain.get("/s/empty/").status == .notFound)
        #expect(try plain.get("/s/empty").status == .notFound)
        #expect(try plain.get("/s/docs/").text == "<h1>docs</h1>")
        #expect(try plain.get("/s/docs").location == "/s/docs/")
        let noIndex = Self.client(["/s": .folder(Self.root + "/site", index: nil)])
        #expect(try noIndex.get("/s/docs/").status == .notFound)
        // A file URL with a trailing slash is not the file.
        #expect(try Self.site.get("/docs/page.txt/").status == .notFound)
    }

    /// A folder has one URL, so the relative links of its page resolve: `//docs/`, `/./docs/`
    /// and `/docs%2F` (a slash the client did not send as one) are redirected to `/docs/`.
    /// Files are served under any spelling that stays inside (`//app.js`, as nginx and Python's
    /// http.server do). `index.htm` is an index too; pipes are neither listed nor opened.
    @Test func oneURLPerFolder() throws {
        for (path, raw) in [("//docs/", "//docs/"), ("/./docs/", "/./docs/"), ("/docs/", "/docs%2F"), ("/docs//", "/docs%2F/"),
                            ("/empty/", "/empty%2f"), ("/docs/.", "/docs/."), ("/./empty/.", "/./empty/%2e")] {
            let setRaw: Middleware = { app in AppFunction { environ, startResponse in
                environ.requestURI = raw
                return try app(&environ, startResponse)
            } }
            let client = Client(stack(setRaw, sharedData(["/": .folder(Self.root + "/site", listing: true)]), app: Self.notFound))
            let response = try client.run(EnvironBuilder(path: path))
            #expect(response.status == .permanentRedirect, "\(raw)")
            #expect(response.location == (path.contains("empty") ? "/empty/" : "/docs/"), "\(raw)")
        }
        #expect(try Self.site.get("//app.js").text == "console.log('plain')")
        #expect(try Self.site.get("/docs//page.txt").text == "page")
        #expect(try Self.site.get("/./docs/./page.txt").text == "page")
        #expect(try Self.site.get("/htm/").text == "<h1>htm</h1>")
        // A file is no folder: not with a trailing "/." either.
        #expect(try Self.site.get("/app.js/.").status == .notFound)
        // A folder inside a %2F is redirected too, and its own name may hold "%2F" literally.
        mkdir(Self.root + "/site/empty/sub", 0o755)
        let inner: Middleware = { app in AppFunction { environ, startResponse in
            environ.requestURI = "/empty%2Fsub/"
            return try app(&environ, startResponse)
        } }
        let innerClient = Client(stack(inner, sharedData(["/": .folder(Self.root + "/site", listing: true)]), app: Self.notFound))
        #expect(try innerClient.run(EnvironBuilder(path: "/empty/sub/")).location == "/empty/sub/")
        mkdir(Self.root + "/site/a%2Fb", 0o755)
        #expect(try Self.site.get("/a%2Fb/").status == .ok)
        // A gateway that leaves REQUEST_URI decoded (or empty) gets the folder, not a loop.
        mkdir(Self.root + "/site/q?x", 0o755)
        var decoded = try EnvironBuilder(path: "/").makeEnviron()
        decoded.pathInfo = "/q?x/"
        decoded.requestURI = "/q?x/"
        let head = ResponseHead()
        let app = stack(sharedData(["/": .folder(Self.root + "/site", listing: true)]), app: Self.notFound)
        _ = try app(&decoded, head.startResponse)
        #expect(head.status == .ok)
        let listing = try Self.site.get("/empty/")
        #expect(try listing.status == .ok && !listing.text.contains("pipe"))
        #expect(try Self.site.get("/empty/pipe").status == .notFound)
    }

    @Test(arguments: ["/.env", "/.git/config", "/.git/", "/docs/.secret", "/.well-known/security.txt", "/%2eenv", "/assets/../.env"])
    func dotfilesAre404(_ path: String) throws {
        let response = try Self.site.get(path)
        #expect(response.status == .notFound, "\(path)")
        #expect(try !response.text.contains("SECRET") && !response.text.contains("[core]"))
    }

    @Test func dotfilesWhenAllowed() throws {
        let client = Self.client(["/": .folder(Self.root + "/site", listing: true, allowDotfiles: true),
                                  "/.well-known": .folder(Self.root + "/site/.well-known")])
        #expect(try client.get("/.env").text == "SECRET=1")
        #expect(try client.get("/").text.contains(".env"))
        // A mount whose own prefix has a dot serves what is below it.
        #expect(try Self.client(["/.well-known": .folder(Self.root + "/site/.well-known")]).get("/.well-known/security.txt").text == "Contact: x")
    }

    @Test func cacheControlPerMountAndSingleFiles() throws {
        #expect(try Self.site.get("/assets/logo.svg").headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(try Self.site.get("/app.js").headers["Cache-Control"] == "public, max-age=43200")
        let icon = try Self.site.get("/favicon.ico")
        #expect(try icon.text == "ICO" && icon.headers["Cache-Control"] == "public, max-age=60")
        #expect(try Self.site.get("/favicon.ico/x").status == .notFound)
        let none = Self.client(["/": .folder(Self.root + "/site", cacheControl: nil)])
        #expect(try !none.get("/app.js").headers.contains("Cache-Control"))
        // The old spelling: folders by path, one max-age.
        let legacy = Client(stack(sharedData(["/static": Self.root + "/site"], maxAge: 5), app: Self.notFound))
        #expect(try legacy.get("/static/app.js").headers["Cache-Control"] == "public, max-age=5")
        // Files only, as Werkzeug's SharedDataMiddleware: folders go to the app.
        #expect(try legacy.get("/static/docs/").status == .notFound)
        #expect(try legacy.get("/static/docs").status == .notFound)
        #expect(try legacy.get("/static/.env").status == .notFound)
    }

    @Test func directoryListingEscapesAndEncodes() throws {
        let folder = Self.root + "/listing"
        mkdir(folder, 0o755)
        mkdir(folder + "/sub dir", 0o755)
        SharedDataTests.write(folder + "/a<b>.txt", "x")
        let page = try directoryListing(of: folder, path: "/x/").text
        #expect(page.contains("href=\"sub%20dir/\">sub dir/</a>"))
        #expect(page.contains("href=\"a%3Cb%3E.txt\">a&lt;b&gt;.txt</a> <small>(1 bytes)</small>"))
        #expect(page.contains("href=\"../\"") && page.contains("<title>Index of /x/</title>"))
        #expect(try !directoryListing(of: folder, path: "/").text.contains("href=\"../\""))
    }
}
