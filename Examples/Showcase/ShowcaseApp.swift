#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkMiddleware

/// The reference app of `shared/conformance/CONTRACT.md`, built from Werk's own parts.
struct Showcase {
    /// Bodies larger than this get 413 at `/echo` (the contract's 10 MiB).
    static let maxEchoBody = 10 * 1024 * 1024

    /// The application: every endpoint of the contract, routed by Werk's `Router`.
    /// Throws a `RoutingError` when a rule is malformed or two rules conflict.
    static func makeApp() throws -> Router {
        var router = Router()
        router.get("/") { _ in home() }
        router.route("/signin", methods: ["GET", "POST"]) { request in try signin(request) }
        router.route("/echo", methods: nil) { request in try echo(request) }
        router.get("/stream") { request in try stream(request) }
        router.get("/sleep") { request in try sleep(request) }
        router.get("/error") { _ in throw ShowcaseFailure() }
        router.get("/session") { request in try countVisit(request) }
        router.get("/users/<int:id>", .name("user")) { (_: Request, id: Int) in try Response.json(["id": id]) }
        // Strict slashes: `/docs` redirects (308) to `/docs/`, keeping the query.
        router.get("/docs/") { _ in docs() }
        _ = try router.map()  // compile now: a bad rule fails at startup, not on a request
        return router
    }

    /// `/session`: counts this client's visits in its signed session cookie.
    static func countVisit(_ request: Request) throws -> Response {
        let session = try request.requireSession()
        let count = (session.get("count", as: Int.self) ?? 0) + 1
        try session.set("count", count)
        return try .json(["count": count])
    }

    static func page(_ title: String, _ body: String) -> Response {
        Response("""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(escapeHTML(title))</title></head>
            <body>
            \(body)
            </body>
            </html>

            """, contentType: "text/html; charset=utf-8")
    }

    static func home() -> Response {
        page("Werk Showcase", """
            <h1>Home</h1>
            <p>The reference app of Werk.</p>
            <ul><li><a href="/signin">Sign in</a></li><li><a href="/docs/">Docs</a></li><li><a href="/echo">Echo</a></li></ul>
            """)
    }

    static func docs() -> Response {
        page("Docs", "<h1>Docs</h1>\n<p>Endpoints: /, /signin, /echo, /stream, /sleep, /users/&lt;id&gt;, /docs/.</p>")
    }

    static let signinForm = """
        <form method="post" action="/signin">
        <label>Username <input name="username" type="text"></label>
        <label>Password <input name="password" type="password"></label>
        <button type="submit">Sign in</button>
        </form>
        """

    static func signin(_ request: Request) throws -> Response {
        if request.method == "POST" {
            let form = try request.form
            let username = form["username"] ?? ""
            if username == "admin" && form["password"] == "password" {
                return page("Welcome", "<h1>Welcome, admin</h1>")
            }
            return page("Sign in", "<h1>Sign in</h1>\n<p>Bad username or password for \(escapeHTML(username)).</p>\n\(signinForm)")
        }
        return page("Sign in", "<h1>Sign in</h1>\n\(signinForm)")
    }

    /// The `/echo` answer: every fact of the request as JSON.
    struct Echo: Encodable {
        struct File: Encodable {
            let filename: String?
            let content_type: String?
            let length: Int
            let sha256: String

            enum CodingKeys: String, CodingKey { case filename, content_type, length, sha256 }

            /// Every key, `null` when absent (a part without Content-Type), as the contract lists them.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(filename, forKey: .filename)
                try container.encode(content_type, forKey: .content_type)
                try container.encode(length, forKey: .length)
                try container.encode(sha256, forKey: .sha256)
            }
        }
        let method: String
        let path: String
        let query: [String: [String]]
        let headers: [String: String]
        let body_length: Int
        let body_sha256: String
        let form: [String: [String]]
        let files: [String: [File]]
    }

    static func echo(_ request: Request) throws -> Response {
        var request = request
        request.maxContentLength = maxEchoBody
        request.maxFormMemorySize = maxEchoBody
        let body = try request.data
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.lowercased()
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        var files: [String: [Echo.File]] = [:]
        for (field, file) in try request.files {
            var hash = SHA256()
            try file.forEachChunk { hash.update($0) }
            files[field, default: []].append(Echo.File(filename: file.filename, content_type: file.contentType,
                                                         length: file.size, sha256: hexString(hash.finalize())))
        }
        return try .json(Echo(method: request.method, path: request.path, query: grouped(request.args),
                              headers: headers, body_length: body.count, body_sha256: hexString(SHA256.hash(body)),
                              form: grouped(try request.form), files: files))
    }

    static func grouped(_ dict: MultiDict<String, String>) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for key in dict.keys { out[key] = dict.getAll(key) }
        return out
    }

    static func stream(_ request: Request) throws -> Response {
        guard let chunks = request.args.get("chunks", as: Int.self), (0...100_000).contains(chunks),
              let size = request.args.get("size", as: Int.self), (0...1_048_576).contains(size) else {
            throw HTTPError.badRequest("chunks must be 0-100000 and size 0-1048576.")
        }
        let piece = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        return Response.stream(contentType: "application/octet-stream") { writer in
            for _ in 0..<chunks { try writer.write(piece) }
        }
    }

    static func sleep(_ request: Request) throws -> Response {
        guard let ms = request.args.get("ms", as: Int.self), (0...10_000).contains(ms) else {
            throw HTTPError.badRequest("ms must be a number from 0 to 10000.")
        }
        usleep(UInt32(ms) * 1000)
        return Response("slept")
    }
}

/// The error `/error` throws on purpose; its text must never reach the client.
struct ShowcaseFailure: Error, CustomStringConvertible {
    var description: String { "reference-app-intentional-failure" }
}
