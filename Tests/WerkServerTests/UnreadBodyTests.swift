import Foundation
import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// What follows a response the client took slowly and a body the app left unread.
struct PipelineAfterDrainTests {
    /// A body larger than the loop reads first, which the app does not read, sent in one go
    /// with the next request: the bytes of the body already buffered when the app answered
    /// count as drained, and the next request is the next request, not more body.
    @Test(arguments: [70_000, 100_000, 300_000])
    func theRequestAfterAnUnreadBodyIsServed(length: Int) throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions())
        defer { live.stop() }
        let client = try live.connect()
        try client.send("POST /noread HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n"
                        + String(repeating: "x", count: length) + get("/id?next"))
        #expect(try client.readResponse().status == 413)
        let next = try client.readResponse()
        #expect(next.status == 200 && next.text == "id=next")
    }

    /// The response blocks (the client reads nothing yet) while the app's only slot is taken;
    /// then the rest of the unread body arrives with two pipelined requests. The first of them
    /// must wait in the queue, and each must be served once, in order.
    @Test func requestsAfterADrainedBodyAreServedOnceAndInOrder() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 1
            $0.maxQueueWait = .seconds(5)
        })
        defer { live.stop() }
        let client = try live.connect(timeout: 10)
        // 100,000 > maxBufferedBodySize: the app is called before the body is all there, and
        // /big answers 16 MiB without reading it.
        try client.send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "x", count: 70_000))
        usleep(200_000)
        let sleeper = try live.connect()
        try sleeper.send(get("/sleep?ms=600"))
        usleep(150_000)
        try client.send(String(repeating: "x", count: 30_000) + get("/id?a") + get("/id?b"))
        let big = try client.readResponse()
        #expect(big.status == 200 && big.body.count == 16 << 20)
        let first = try client.readResponse()
        let second = try client.readResponse()
        #expect(first.text == "id=a" && second.text == "id=b", "got \(first.status) \(first.text), \(second.status) \(second.text)")
        #expect(try sleeper.readResponse().text == "slept")
    }
}

/// A streamed response whose producer reads the request body: the body must still be all
/// there when it runs (deciding the response's Connection header must not use it up).
struct StreamedResponseReadsTheBodyTests {
    static let app = AppFunction { environ, startResponse in
        // The input is not Sendable; the server calls the stream on this request's thread.
        nonisolated(unsafe) let input = environ.input
        try startResponse(.ok, Headers([("Content-Type", "text/plain")]))
        return Body(stream: { writer in
            let body = try input.readAll(limit: nil)
            try writer.write(Array("read \(body.count):".utf8) + body.prefix(16))
        })
    }

    @Test(arguments: [5, 70_000, 100_000])
    func theStreamReadsTheWholeBodyAndTheNextRequestFollows(length: Int) throws {
        let live = try LiveServer(app: Self.app, options: LiveServer.testOptions())
        defer { live.stop() }
        let client = try live.connect()
        let body = String(repeating: "b", count: length)
        try client.send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n" + body
                        + "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        let first = try client.readResponse()
        #expect(first.text == "read \(length):" + String(body.prefix(16)))
        #expect(try client.readResponse().text == "read 3:abc")
    }
}

/// The drain after a response counts every byte it discards against `maxDrainSize`.
struct DrainLimitTests {
    /// A chunked body the app does not read (it sleeps, then answers): what the client sent
    /// meanwhile waits in the socket, and the drain reads it in one burst without waiting once.
    /// Those bytes count: past the limit the server closes (gracefully), instead of reading on
    /// for as long as the client keeps the socket full.
    @Test func bytesDrainedWithoutWaitingCountAgainstTheLimit() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.maxDrainSize = 32 * 1024 })
        defer { live.stop() }
        let client = try live.connect()
        var big: Int32 = 4 << 20
        setsockopt(client.fd, SOL_SOCKET, SO_SNDBUF, &big, 4)
        let first = String(repeating: "a", count: 0x14000), second = String(repeating: "b", count: 0x1e000)
        // No last chunk: the body never ends, so only the limit can end the drain.
        try client.send("POST /sleep?ms=300 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "14000\r\n" + first + "\r\n1e000\r\n" + second + "\r\n")
        let answer = try client.readResponse()
        #expect(answer.text == "slept")
        #expect(client.waitClosed(timeout: 3) == "closed", "the drain read past maxDrainSize and waited for more")
    }
}
