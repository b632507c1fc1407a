#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import Werk
import WerkTesting
import WerkMiddleware

/// The README's examples, copied here verbatim between `README:` markers so they are compiled
/// and served; `theCopiesMatchTheREADME` fails when a copy and its README block differ.
@Suite("README examples")
struct ReadmeTests {
    /// Serves the router example (its `runSimple` call hands the app to the test instead).
    static func routerExample() throws -> any Application {
        let secretKey = String(repeating: "readme-secret-", count: 3)
        var served: (any Application)?
        func runSimple(host: String, port: Int, app: any Application) throws { served = app }
        // README: router
        var router = Router()
        router.get("/") { request in Response(html: "<a href=\"\(try request.urlFor("user", ["id": 7]))\">Ada</a>") }
        router.get("/users/<int:id>", .name("user")) { (request: Request, id: Int) in try .json(["id": id]) }
        router.post("/signin") { request in
            request.session?["user"] = try request.form.require("username")   // 400 names the field when missing
            return .redirect(to: "/", status: .seeOther)
        }
        router.get("/slow") { request async throws in
            try await Task.sleep(for: .milliseconds(5))   // await any async client: a database, an HTTP API
            return Response("done")
        }
        // The secret: at least 32 random bytes, e.g. `openssl rand -hex 32`, kept out of the source.
        let app = stack(try sessions(secret: secretKey), sharedData(["/static": "./static"]), app: router)
        try runSimple(host: "127.0.0.1", port: 5000, app: app)
        // README: end
        return try #require(served)
    }

    /// The middleware example, around a router that echoes what it was given.
    static func middlewareExample() throws -> any Application {
        let router = Request.application { request in
            Response("\(request.remoteAddr) \(request.requestID ?? "-")")
        }
        // README: middleware
        let app = stack(
            proxyFix(xFor: 1, forwarded: 1),                    // X-Forwarded-* and RFC 7239 Forwarded
            trustedHosts(["example.com", ".example.com"]),      // any other Host: 400 before the app
            requestID(),                                        // X-Request-Id in the environ, response and log
            accessLog(format: .combined),                       // .standard, .common, .combined or .custom { entry in ... }
            serverTiming(slowerThan: .milliseconds(500)),       // Server-Timing: app;dur=...; slow requests logged
            try cors(origins: ["https://app.example.com"], allowCredentials: true),
            sharedData(["/static": .folder("./static", cacheControl: "public, max-age=31536000, immutable"),
                        "/favicon.ico": .file("./static/favicon.ico")]),
            app: router)
        // README: end
        return app
    }

    @Test func routerExampleServes() async throws {
        let app = try Self.routerExample()
        let (home, user, missing, signedIn, slow) = try await onWorkerThread {
            let client = Client(app)
            return (try client.get("/"), try client.get("/users/7"), try client.post("/signin", form: []),
                    try client.post("/signin", form: [("username", "ada")]), try client.get("/slow"))
        }
        #expect(try home.contentType == "text/html; charset=utf-8" && home.text == #"<a href="/users/7">Ada</a>"#)
        #expect(try user.text == #"{"id":7}"#)
        #expect(try missing.status == .badRequest && missing.text.contains("&#39;username&#39;"))
        #expect(signedIn.status == .seeOther && signedIn.headers["Set-Cookie"]?.hasPrefix("session=") == true)
        #expect(try slow.text == "done")
    }

    @Test func middlewareExampleServes() throws {
        let client = Client(try Self.middlewareExample())
        let response = try client.get("/", headers: ["Host": "www.example.com", "X-Forwarded-For": "203.0.113.4",
                                                     "Origin": "https://app.example.com", "X-Request-Id": "readme-1"])
        #expect(try response.text == "203.0.113.4 readme-1")
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(response.headers["Server-Timing"]?.hasPrefix("app;dur=") == true)
        #expect(try client.get("/", headers: ["Host": "evil.example"]).status == .badRequest)
    }

    @Test(arguments: ["router", "middleware"])
    func theCopiesMatchTheREADME(_ name: String) throws {
        let here = URL(fileURLWithPath: #filePath)
        let readme = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let readmeText = try String(decoding: Data(contentsOf: readme), as: UTF8.self)
        let testText = try String(decoding: Data(contentsOf: here), as: UTF8.self)
        let copy = try #require(Self.copy(named: name, in: testText), "no `// README: \(name)` block in this file")
        let blocks = Self.swiftBlocks(in: readmeText)
        let found = blocks.first { Self.code($0) == copy }
        #expect(found != nil, "README.md has no ```swift block equal to the `\(name)` copy in ReadmeTests.swift:\n\(copy.joined(separator: "\n"))")
    }

    /// The lines between `// README: name` and `// README: end`, without their common indentation.
    static func copy(named name: String, in text: String) -> [String]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.drop { $0 == " " } == "// README: \(name)" }),
              let end = lines[start...].firstIndex(where: { $0.drop { $0 == " " } == "// README: end" }) else { return nil }
        let body = Array(lines[(start + 1)..<end])
        let indent = body.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return body.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }
    }

    /// The contents of every ```swift block.
    static func swiftBlocks(in markdown: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if current == nil, line == "```swift" { current = [] } else if current != nil, line == "```" {
                blocks.append(current!)
                current = nil
            } else if current != nil { current!.append(line) }
        }
        return blocks
    }

    /// A block's code without its `import` lines and the blank lines around them.
    static func code(_ block: [String]) -> [String] {
        var lines = block.filter { !$0.hasPrefix("import ") }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
