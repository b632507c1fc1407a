import Synchronization
import Testing
import Werk
import WerkTesting

@Suite("Test client")
struct ClientTests {
    /// Echoes what it received, as JSON.
    static let echo = Request.application { request in
        struct Echo: Encodable {
            let method: String, path: String, query: [String: [String]], form: [String: [String]]
            let files: [String: String], contentType: String?, cookie: String?, body: Int
        }
        var query: [String: [String]] = [:]
        for key in request.args.keys { query[key] = request.args.getAll(key) }
        var form: [String: [String]] = [:]
        let parsed = try request.form
        for key in parsed.keys { form[key] = parsed.getAll(key) }
        var files: [String: String] = [:]
        for (key, file) in try request.files { files[key] = "\(file.filename ?? "")|\(file.contentType ?? "")|\(file.size)" }
        return try .json(Echo(method: request.method, path: request.path, query: query, form: form, files: files,
                              contentType: request.mimetype, cookie: request.headers["Cookie"],
                              body: try request.data.count))
    }

    struct Echoed: Decodable {
        let method: String, path: String, query: [String: [String]], form: [String: [String]]
        let files: [String: String], contentType: String?, cookie: String?, body: Int
    }

    @Test func methodsPathsAndQueries() throws {
        let client = Client(Self.echo)
        let get = try client.get("/search?q=a+b&q=c").json(Echoed.self)
        #expect(get.method == "GET" && get.path == "/search" && get.query["q"] == ["a b", "c"])
        for (method, response) in [("PUT", try client.put("/x", body: [1, 2])), ("PATCH", try client.patch("/x", body: [1])),
                                   ("DELETE", try client.delete("/x")), ("OPTIONS", try client.options("/x"))] {
            #expect(try response.json(Echoed.self).method == method)
        }
        let head = try client.head("/x")
        #expect(head.status == .ok)
        #expect(try head.data.isEmpty)
    }

    @Test func formsJSONAndRawBodies() throws {
        let client = Client(Self.echo)
        let form = try client.post("/f", form: [("name", "Zoë"), ("tag", "a"), ("tag", "b")]).json(Echoed.self)
        #expect(form.contentType == "application/x-www-form-urlencoded")
        #expect(form.form["name"] == ["Zoë"] && form.form["tag"] == ["a", "b"])
        let json = try client.post("/j", json: ["k": "v"]).json(Echoed.self)
        #expect(json.contentType == "application/json" && json.body == 9)
        let raw = try client.post("/r", body: [0, 1, 2], contentType: "application/octet-stream").json(Echoed.self)
        #expect(raw.contentType == "application/octet-stream" && raw.body == 3)
    }

    @Test func multipartEncoding() throws {
        let encoder = MultipartEncoder(fields: [("a\"b", "1")], files: [FileUpload(field: "f", filename: "x.txt", contentType: "text/plain", data: Array("hi".utf8))], boundary: "XYZ")
        let text = String(decoding: encoder.body, as: UTF8.self)
        #expect(encoder.contentType == "multipart/form-data; boundary=XYZ")
        #expect(text == "--XYZ\r\nContent-Disposition: form-data; name=\"a%22b\"\r\n\r\n1\r\n--XYZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XYZ--\r\n")
    }

    @Test func cookieJarKeepsAndDeletesCookies() throws {
        let app = Request.application { request in
            var response = Response("count=\(request.cookies["count"] ?? "none")")
            switch request.path {
            case "/set": try response.setCookie("count", "1", httpOnly: true, sameSite: .lax)
            case "/admin/set": try response.setCookie("admin", "yes", path: "/admin")
            case "/clear": try response.deleteCookie("count")
            default: break
            }
            return response
        }
        let client = Client(app)
        #expect(try client.get("/").text == "count=none")
        try client.get("/set")
        #expect(client.cookies["count"] == "1")
        #expect(client.cookies.cookies.first?.httpOnly == true)
        #expect(try client.get("/").text == "count=1")
        try client.get("/admin/set")
        #expect(client.cookies.header(host: "localhost", path: "/admin/x", secure: false) == "admin=yes; count=1")
        #expect(client.cookies.header(host: "localhost", path: "/administrator", secure: false) == "count=1")
        try client.get("/clear")
        #expect(client.cookies["count"] == nil)
        #expect(try client.get("/").text == "count=none")
        let noJar = Client(app, useCookies: false)
        try noJar.get("/set")
        #expect(try noJar.get("/").text == "count=none")
    }

    @Test func followsRedirects() throws {
        let app = Request.application { request in
            switch request.path {
            case "/old": return Response.redirect(to: "/middle?x=1", status: .movedPermanently)
            case "/middle": return Response.redirect(to: "new?x=\(request.args["x"] ?? "")", status: .found)
            case "/post": return Response.redirect(to: "/new", status: .seeOther)
            case "/keep": return Response.redirect(to: "/new", status: .temporaryRedirect)
            case "/loop": return Response.redirect(to: "/loop")
            case "/away": return Response.redirect(to: "http://elsewhere.example/")
            default: return Response("\(request.method) \(request.path)?\(request.queryString) \(try request.data.count)")
            }
        }
        let client = Client(app)
        let unfollowed = try client.get("/old")
        #expect(unfollowed.status == .movedPermanently && unfollowed.location == "/middle?x=1")
        let followed = try client.get("/old", followRedirects: true)
        #expect(try followed.text == "GET /new?x=1 0")
        #expect(client.history.map(\.status.code) == [301, 302])
        #expect(try client.post("/post", body: [1, 2, 3], followRedirects: true).text == "GET /new? 0")
        #expect(try client.post("/keep", body: [1, 2, 3], followRedirects: true).text == "POST /new? 3")
        #expect(throws: ClientError.self) { try client.get("/loop", followRedirects: true) }
        #expect(throws: ClientError.self) { try client.get("/away", followRedirects: true) }
    }

    @Test func enforcesTheGatewayContract() throws {
        let noStart = AppFunction { _, _ in Body("x") }
        #expect(throws: GatewayError(.startResponseNotCalled)) { try Client(noStart).get("/") }
        let twice = AppFunction { _, start in
            try start(.ok, Headers())
            try start(.ok, Headers())
            return Body("x")
        }
        #expect(throws: GatewayError(.startResponseCalledTwice)) { try Client(twice).get("/") }
        let lying = AppFunction { _, start in
            try start(.ok, try Headers([("Content-Length", "10")]))
            return Body("short")
        }
        #expect(throws: GatewayError(.contentLengthMismatch(declared: 10, actual: 5))) { try Client(lying).get("/") }
    }

    @Test func alwaysClosesTheBody() throws {
        final class Closes: Sendable { let count = Atomic<Int>(0) }
        let closes = Closes()
        let app = AppFunction { _, start in
            try start(.ok, Headers())
            var body = Body(chunks: BodyChunks { { throw HTTPError.badRequest() } })
            body.onClose { closes.count.add(1, ordering: .relaxed) }
            return body
        }
        #expect(throws: HTTPError.self) { try Client(app).get("/") }
        #expect(closes.count.load(ordering: .relaxed) == 1)
    }
}

@Suite("Test client uploads")
struct ClientUploadTests {
    @Test func multipartFilesReachRequestFiles() throws {
        let big = [UInt8]((0..<700_000).map { UInt8($0 % 253) })
        let client = Client(ClientTests.echo)
        let response = try client.post("/upload", form: [("title", "Ünïcode")], files: [
            FileUpload(field: "doc", filename: "notes.txt", contentType: "text/plain", data: Array("hello".utf8)),
            FileUpload(field: "blob", filename: "../../etc/big.bin", data: big),
        ])
        let echoed = try response.json(ClientTests.Echoed.self)
        #expect(echoed.contentType == "multipart/form-data")
        #expect(echoed.form["title"] == ["Ünïcode"])
        #expect(echoed.files["doc"] == "notes.txt|text/plain|5")
        // Path parts are stripped; the large file was spooled but reads back whole.
        #expect(echoed.files["blob"] == "big.bin|application/octet-stream|700000")
    }

    @Test func malformedMultipartIs400() throws {
        let client = Client(ClientTests.echo)
        let noBoundary = try client.post("/", body: Array("--x\r\n".utf8), contentType: "multipart/form-data")
        #expect(noBoundary.status == .badRequest)
        let unterminated = try client.post("/", body: Array("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue".utf8),
                                           contentType: "multipart/form-data; boundary=b")
        #expect(unterminated.status == .badRequest)
        #expect(try unterminated.text.contains("boundary") || (try unterminated.text.contains("end")))
    }
}

@Suite("Request body and form together")
struct RequestBodyAndFormTests {
    @Test func dataThenMultipartFormBothWork() throws {
        let encoder = MultipartEncoder(fields: [("a", "1")], files: [FileUpload(field: "f", filename: "x.bin", data: [9, 8, 7])])
        var builder = EnvironBuilder(method: "POST", path: "/")
        builder.body = encoder.body
        builder.contentType = encoder.contentType
        let request = Request(try builder.makeEnviron())
        #expect(try request.data == encoder.body)
        #expect(try request.form["a"] == "1")
        #expect(try request.files["f"]?.read() == [9, 8, 7])
    }
}
