import Testing
import Werk
import WerkTesting
import WerkMiddleware

/// Counts how often the wrapped body stream is read.
final class CountingInput: RequestInput {
    let inner: BytesInput
    private(set) var reads = 0
    init(_ bytes: [UInt8]) { inner = BytesInput(bytes) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        reads += 1
        return try inner.read(into: buffer)
    }
}

@Suite("FormParsing middleware")
struct FormParsingTests {
    /// An app that reads the form through two separate Requests.
    static let app = AppFunction { environ, startResponse in
        let first = Request(environ), second = Request(environ)
        let names = try first.form.keys.joined(separator: ",")
        let file = try second.files["f"].map { "\($0.filename ?? "")=\($0.size)" } ?? "-"
        let parsedByMiddleware = environ[ParsedFormKey.self] != nil
        return try Response("\(names) \(file) \(parsedByMiddleware)")(&environ, startResponse)
    }

    @Test func parsesOnceAndSharesTheForm() throws {
        let client = Client(stack(formParsing(), app: Self.app))
        let response = try client.post("/", form: [("a", "1"), ("b", "2")],
                                       files: [FileUpload(field: "f", filename: "x.bin", data: [1, 2, 3])])
        #expect(try response.text == "a,b x.bin=3 true")
    }

    @Test func bodyIsReadOnlyByTheMiddleware() throws {
        let encoder = MultipartEncoder(fields: [("k", "v")], files: [])
        let input = CountingInput(encoder.body)
        var builder = EnvironBuilder(method: "POST", path: "/")
        builder.body = encoder.body
        builder.contentType = encoder.contentType
        var environ = try builder.makeEnviron()
        environ.input = input
        let head = ResponseHead()
        let app = stack(formParsing(), app: Self.app)
        let body = try app(&environ, head.startResponse)
        let readsAfterParse = input.reads
        let bytes = try body.collect()
        body.close()
        #expect(String(decoding: bytes, as: UTF8.self) == "k - true")
        #expect(readsAfterParse > 0)
        #expect(input.reads == readsAfterParse)
    }

    @Test func otherRequestsPassThroughUnread() throws {
        let client = Client(stack(formParsing(), app: Request.application { request in
            Response("\(try request.data.count) \(request.environ[ParsedFormKey.self] == nil)")
        }))
        #expect(try client.post("/", json: ["x": 1]).text == "7 true")
        #expect(try client.get("/").text == "0 true")
    }

    @Test func limitsAnswer413And400BeforeTheApp() throws {
        var limits = FormLimits()
        limits.maxContentLength = 100
        let client = Client(stack(formParsing(limits: limits), app: Self.app))
        let big = try client.post("/", form: [("a", String(repeating: "x", count: 500))])
        #expect(big.status == .contentTooLarge)
        limits.maxContentLength = nil
        limits.maxFormParts = 2
        let parts = Client(stack(formParsing(limits: limits), app: Self.app))
        let many = try parts.post("/", form: [("a", "1"), ("b", "2"), ("c", "3")], files: [FileUpload(field: "f", filename: "f", data: [1])])
        #expect(many.status == .contentTooLarge)
        let malformed = try Client(stack(formParsing(), app: Self.app))
            .post("/", body: Array("garbage".utf8), contentType: "multipart/form-data; boundary=zz")
        #expect(malformed.status == .badRequest)
    }
}
