import Synchronization
import Werk
import WerkTesting
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Errors of the test client.
struct ClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A live server on 127.0.0.1 port 0 (or another address) serving on a background thread.
final class LiveServer: Sendable {
    let server: HTTPServer
    private let done = Latch()

    convenience init(app: any Application, options: ServerOptions = LiveServer.testOptions(), address: ListenAddress = .tcp(host: "127.0.0.1", port: 0)) throws {
        try self.init(running: try HTTPServer(listeningOn: [address], app: app, options: options))
    }

    /// Serves `server` on a background thread.
    init(running server: HTTPServer) throws {
        self.server = server
        let done = self.done
        try startDetachedThread(stackSize: nil) {
            do { try server.serveForever() } catch { print("serveForever failed: \(error)") }
            done.set()
        }
    }

    static func testOptions(_ change: (inout ServerOptions) -> Void = { _ in }) -> ServerOptions {
        var options = ServerOptions()
        options.threads = 4
        options.accessLog = false
        options.banner = false
        options.shutdownGracePeriod = .seconds(3)
        change(&options)
        return options
    }

    var port: Int { server.port }

    /// A new raw connection to the server.
    func connect(timeout: Double = 5) throws -> RawClient { try RawClient(port: port, timeout: timeout) }

    /// Stops the server and waits (bounded) for serveForever to return; true when it did.
    @discardableResult
    func stop(timeout: Double = 6) -> Bool {
        server.shutdown()
        return done.wait(timeoutNanos: UInt64(timeout * 1e9))
    }

    deinit { server.shutdown() }
}

/// A parsed response as the test client received it.
struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var chunked = false
    var closeDelimited = false
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// A blocking client socket with receive/send timeouts, for byte-exact requests.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var eof = false

    init(port: Int, host: String = "127.0.0.1", timeout: Double = 5) throws {
        let v6 = host.contains(":")
        fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError("socket failed") }
        try configure(timeout: timeout)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, 4)
        let result: Int32
        if v6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        guard result == 0 else { throw ClientError("connect failed: errno \(errno)") }  // deinit closes fd
    }

    init(unixPath: String, timeout: Double = 5) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError("socket failed") }
        try configure(timeout: timeout)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: unixPath.utf8) }
        let result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        guard result == 0 else { throw ClientError("connect failed: errno \(errno)") }  // deinit closes fd
    }

    private func configure(timeout: Double) throws {
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The one close of `fd`: it runs also when an init throws after `fd` was set, so the
    /// inits must not close it themselves (a second close can take another test's socket).
    deinit { if fd >= 0 { close(fd) } }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ClientError("send failed: errno \(errno)") }
            offset += n
        }
    }

    /// Reads more bytes into the buffer; false at EOF/reset; throws on timeout.
    @discardableResult
    func fill() throws -> Bool {
        if eof { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer.append(contentsOf: chunk[0..<n]); return true }
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw ClientError("timed out waiting for the server") }
        eof = true
        return false
    }

    func readLine() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 0x0A) {
                let line = buffer[..<lf]
                buffer.removeSubrange(...lf)
                return String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
            }
            guard try fill() else { throw ClientError("closed while reading a line; got \(String(decoding: buffer, as: UTF8.self))") }
        }
    }

    func readExact(_ n: Int) throws -> [UInt8] {
        while buffer.count < n {
            guard try fill() else { throw ClientError("closed after \(buffer.count) of \(n) bytes") }
        }
        let out = Array(buffer[0..<n])
        buffer.removeSubrange(0..<n)
        return out
    }

    /// Reads one response (interim 1xx responses skipped unless `skipInterim` is false).
    func readResponse(method: String = "GET", skipInterim: Bool = true) throws -> TestResponse {
        var status = 0
        var headers: [(String, String)] = []
        for _ in 0..<10 {
            let statusLine = try readLine()
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else { throw ClientError("bad status line \(statusLine)") }
            status = code
            headers = []
            while true {
                let line = try readLine()
                if line.isEmpty { break }
                guard let colon = line.firstIndex(of: ":") else { throw ClientError("bad header line \(line)") }
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingSpaces))
            }
            if code >= 200 || !skipInterim { break }
        }
        var response = TestResponse(status: status, headers: headers, body: [])
        if method == "HEAD" || status < 200 || status == 204 || status == 304 { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            response.chunked = true
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw ClientError("bad chunk size \(sizeLine)") }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                response.body += try readExact(size)
                guard try readExact(2) == [0x0D, 0x0A] else { throw ClientError("chunk without CRLF") }
            }
        } else if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            response.body = try readExact(length)
        } else {
            response.closeDelimited = true
            while try fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// "closed" when the server closes within `timeout`, "data" if bytes arrive, "open" otherwise.
    func waitClosed(timeout: Double) -> String {
        if !buffer.isEmpty { return "data" }
        if eof { return "closed" }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(timeout * 1000)) > 0 else { return "open" }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_DONTWAIT))
        if n > 0 { buffer.append(byte); return "data" }
        eof = true
        return "closed"
    }

    /// Every byte until EOF (bounded by the receive timeout).
    func readToEnd() -> [UInt8] {
        while (try? fill()) == true {}
        defer { buffer = [] }
        return buffer
    }

    var buffered: [UInt8] { buffer }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// Counts close-hook calls across threads.
final class Counter: Sendable {
    private let value = Locked(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// Seconds since `start` (monotonic).
func elapsed(since start: UInt64) -> Double { Double(Sys.now() - start) / 1e9 }

/// A request with a Host header.
func get(_ target: String, _ extra: String = "", version: String = "HTTP/1.1") -> String {
    "GET \(target) \(version)\r\nHost: test\r\n\(extra)\r\n"
}

/// The query parameter `name` of a raw query as Int.
func queryInt(_ query: String, _ name: String) -> Int? {
    for pair in query.split(separator: "&") {
        let kv = pair.split(separator: "=", maxSplits: 1)
        if kv.count == 2 && kv[0] == name { return Int(kv[1]) }
    }
    return nil
}

/// The app behind the loopback tests.
func testApp(hooks: Counter = Counter(), filePath: String = "") -> AppFunction {
    AppFunction { environ, startResponse in
        let text = [("Content-Type", "text/plain")]
        switch environ.pathInfo {
        case "/hello":
            try startResponse(.ok, Headers(text))
            return Body("Hello, World!")
        case "/echo":
            let body = try environ.input.readAll()
            try startResponse(.ok, Headers(text + [("X-Method", environ.method), ("X-Query", environ.queryString),
                                                   ("X-Host", environ.headers["Host"] ?? "-"), ("X-Path", environ.pathInfo),
                                                   ("X-URI", environ.requestURI), ("X-Protocol", environ.serverProtocol)]))
            return Body(body)
        case "/id":
            try startResponse(.ok, Headers(text))
            return Body("id=\(environ.queryString)")
        case "/noread":
            // Answers without reading the body (like an app refusing a large upload).
            try startResponse(413, Headers(text))
            return Body("too large")
        case "/stream":
            let n = queryInt(environ.queryString, "n") ?? 3
            let size = queryInt(environ.queryString, "size") ?? 5
            try startResponse(.ok, Headers(text))
            var body = Body(stream: { writer in
                for _ in 0..<n { try writer.write([UInt8](repeating: 0x78, count: size)) }
            })
            body.onClose { hooks.increment() }
            return body
        case "/chunks":
            try startResponse(.ok, Headers(text))
            return Body(chunks: BodyChunks([Array("one,".utf8), [], Array("two,".utf8), Array("three".utf8)]))
        case "/throw":
            struct Boom: Error, CustomStringConvertible { var description: String { "secret-failure-text" } }
            throw Boom()
        case "/throw-midway":
            struct Midway: Error {}
            try startResponse(.ok, Headers(text))
            var body = Body(stream: { writer in
                try writer.write(Array("first piece".utf8))
                try writer.flush()
                throw Midway()
            })
            body.onClose { hooks.increment() }
            return body
        case "/throw-first":
            struct First: Error {}
            try startResponse(.ok, Headers(text))
            var body = Body(chunks: BodyChunks { { throw First() } })
            body.onClose { hooks.increment() }
            return body
        case "/hooked":
            try startResponse(.ok, Headers(text))
            var body = Body("hooked")
            body.onClose { hooks.increment() }
            return body
        case "/file":
            try startResponse(.ok, Headers([("Content-Type", "application/octet-stream")]))
            var body = Body(file: try FileRegion(wholeFileAt: filePath))
            body.onClose { hooks.increment() }
            return body
        case "/big":
            let size = queryInt(environ.queryString, "size") ?? (16 << 20)
            try startResponse(.ok, Headers(text))
            var body = Body([UInt8](repeating: 0x62, count: size))
            body.onClose { hooks.increment() }
            return body
        case "/sleep":
            usleep(UInt32((queryInt(environ.queryString, "ms") ?? 100) * 1000))
            try startResponse(.ok, Headers(text))
            return Body("slept")
        case "/nocontent":
            try startResponse(.noContent, Headers())
            return Body.empty
        default:
            try startResponse(.notFound, Headers(text))
            return Body("not found")
        }
    }
}
