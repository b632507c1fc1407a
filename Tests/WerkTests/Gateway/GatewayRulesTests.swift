import Synchronization
import Testing
@testable import Werk

private struct Boom: Error {}

/// Counts close-hook calls across `@Sendable` closures.
final class CloseCounter: Sendable {
    private let calls = Atomic<Int>(0)
    var count: Int { calls.load(ordering: .relaxed) }
    func hit() { calls.add(1, ordering: .relaxed) }
}

#if canImport(Glibc)
import Glibc
#endif

@Suite("Gateway rules (PEP 3333)")
struct GatewayRulesTests {
    @Test func startResponseOnceThenOnlyWithError() throws {
        let head = ResponseHead()
        try head.start(.ok, Headers())
        #expect(throws: GatewayError(.startResponseCalledTwice)) { try head.start(.ok, Headers()) }
        // With error info and before sending, the app may replace the head.
        try head.start(.internalServerError, Headers(), error: Boom())
        #expect(head.status == .internalServerError)
        try head.beginBody()
        // After sending, the error is re-thrown.
        #expect(throws: Boom.self) { try head.start(.badRequest, Headers(), error: Boom()) }
        #expect(head.status == .internalServerError)
    }

    @Test func bodyBeforeStartIsRefused() {
        let head = ResponseHead()
        #expect(throws: GatewayError(.startResponseNotCalled)) { try head.beginBody() }
    }

    @Test(arguments: ["Connection", "keep-alive", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Proxy-Authenticate"])
    func hopByHopHeadersAreTheServers(_ name: String) throws {
        let head = ResponseHead()
        let headers = try Headers([(name, "x")])
        #expect(throws: GatewayError(.hopByHopHeader(name))) { try head.start(.ok, headers) }
    }

    @Test(arguments: [0, 99, 100, 199, 1000, -5])
    func invalidStatusesAreRefused(_ code: Int) {
        #expect(throws: GatewayError.self) { try ResponseHead().start(Status(code), Headers()) }
    }

    @Test func reasonWithLineBreakIsRefused() {
        #expect(throws: GatewayError.self) { try ResponseHead().start(Status(200, reason: "OK\r\nX: y"), Headers()) }
    }

    @Test func uncheckedInjectedHeaderIsRefusedAtStart() {
        var headers = Headers()
        headers.addUnchecked("X", "a\nb")
        #expect(throws: HeaderError.self) { try ResponseHead().start(.ok, headers) }
    }

    @Test func middlewareStackReadsTopDown() throws {
        func tagging(_ tag: String) -> Middleware {
            { app in
                AppFunction { environ, startResponse in
                    environ.variables["trace", default: ""] += tag
                    return try app(&environ, StartResponse { status, headers, error in
                        var headers = headers
                        headers.add("X-Trace", tag)
                        try startResponse(status, headers, error: error)
                    })
                }
            }
        }
        let app = AppFunction { environ, startResponse in
            try startResponse(.ok, Headers())
            return Body(environ.variables["trace"] ?? "")
        }
        let stacked = stack(tagging("a"), tagging("b"), tagging("c"), app: app)
        var environ = Environ(method: "GET", pathInfo: "/")
        let head = ResponseHead()
        let body = try stacked(&environ, head.startResponse)
        #expect(try body.collect() == Array("abc".utf8))
        // The innermost adds its header first.
        #expect(head.headers.values(for: "X-Trace") == ["c", "b", "a"])
    }

    @Test func bodyFormsProduceTheSameBytes() throws {
        let expected = Array("one two three".utf8)
        let chunks = Body(chunks: BodyChunks(["one ", "two ", "three"].map { Array($0.utf8) }))
        let stream = Body(stream: { writer in
            try writer.write("one ")
            try writer.write(Array("two ".utf8))
            try writer.write("three")
        })
        #expect(try Body(expected).collect() == expected)
        #expect(try chunks.collect() == expected)
        #expect(try chunks.collect() == expected)  // a second pass starts over
        #expect(try stream.collect() == expected)
        #expect(Body.empty.knownLength == 0 && chunks.knownLength == nil && Body("abc").knownLength == 3)
    }

    @Test func chunksMayThrowMidway() {
        let body = Body(chunks: BodyChunks {
            var n = 0
            return {
                n += 1
                if n == 3 { throw Boom() }
                return [UInt8(n)]
            }
        })
        var seen: [UInt8] = []
        #expect(throws: Boom.self) { try body.forEachChunk { seen += $0 } }
        #expect(seen == [1, 2])
    }

    @Test func closeHooksRunInReverseOrder() {
        let order = CloseOrder()
        var body = Body("x")
        body.onClose { order.append("first") }
        body.onClose { order.append("second") }
        body.close()
        #expect(order.items == ["second", "first"])
    }

    @Test func fileRegionReadsTheRegion() throws {
        let path = "/tmp/werk-test-region-\(getpid())"
        let content = Array((0..<100_000).map { UInt8($0 % 251) })
        let file = fopen(path, "wb")
        _ = content.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        defer { unlink(path) }
        let region = FileRegion(path: path, offset: 1000, length: 70_000)
        #expect(try Body(file: region).collect() == Array(content[1000..<71_000]))
        #expect(try FileRegion(wholeFileAt: path).length == 100_000)
        #expect(throws: FileError.self) { try FileRegion(path: path, offset: 99_990, length: 100).forEachChunk { _ in } }
        #expect(throws: FileError.self) { try FileRegion(wholeFileAt: "/tmp") }
        #expect(throws: FileError.self) { try FileRegion(wholeFileAt: "/nonexistent/werk") }
    }
}

/// The order close hooks ran in, recorded across `@Sendable` closures.
final class CloseOrder: Sendable {
    private let recorded = Locked<[String]>([])
    var items: [String] { recorded.withLock { $0 } }
    func append(_ item: String) { recorded.withLock { $0.append(item) } }
}

@Suite("ResponseHead lifetime")
struct ResponseHeadLifetimeTests {
    @Test func startResponseOutlivesATemporaryHead() throws {
        // `ResponseHead().startResponse` keeps the head alive for the call.
        let start = ResponseHead().startResponse
        try start(.ok, Headers())
        #expect(throws: GatewayError(.startResponseCalledTwice)) { try start(.ok, Headers()) }
    }
}

@Suite("Hop-by-hop names")
struct HopByHopNamesTests {
    @Test func matchesTheSetCaseInsensitively() {
        for name in ResponseHead.hopByHopHeaders {
            #expect(ResponseHead.isHopByHop(name) && ResponseHead.isHopByHop(name.uppercased()))
        }
        for name in ["Content-Type", "Content-Length", "TE-X", "Trailerz", "Connections", "Server", ""] {
            #expect(!ResponseHead.isHopByHop(name), "\(name)")
        }
    }
}

@Suite("Body.rewritten")
struct BodyRewrittenTests {
    @Test func producesFromTheInnerBodyAndForwardsClose() throws {
        let counter = CloseCounter()
        var body = Body(chunks: BodyChunks(["ab", "cd"].map { Array($0.utf8) }))
        body.onClose { counter.hit() }
        let upper = body.rewritten { inner, writer in
            try inner.forEachChunk { try writer.write(Array(String(decoding: $0, as: UTF8.self).uppercased().utf8)) }
        }
        #expect(upper.knownLength == nil)
        #expect(try upper.collect() == Array("ABCD".utf8))
        #expect(counter.count == 0)
        upper.close()
        #expect(counter.count == 1)
    }
}

@Suite("Folder entries and links")
struct FolderEntriesTests {
    @Test func entriesAndLstat() throws {
        let base = "/tmp/werk-entries-\(getpid())"
        mkdir(base, 0o755)
        mkdir(base + "/sub", 0o755)
        symlink(base, base + "/sub/up")
        defer {
            unlink(base + "/sub/up")
            rmdir(base + "/sub")
            rmdir(base)
        }
        #expect(try FileInfo.entries(ofFolder: base) == ["sub"])
        #expect(try FileInfo.entries(ofFolder: base + "/sub") == ["up"])
        #expect(try FileInfo(path: base + "/sub/up").isDirectory)
        let link = try FileInfo(path: base + "/sub/up", followingLinks: false)
        #expect(link.isSymbolicLink && !link.isDirectory)
        #expect(throws: FileError.self) { try FileInfo.entries(ofFolder: base + "/missing") }
    }
}
