import Foundation
import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Edges of sending a response: bodies the app returns wrongly, empty files, and producers that
/// ignore a failed write.
struct ResponseSendingTests {
    /// An app that returns a body without calling start_response gets a 500, and the body's
    /// close hooks still run (they release what the body holds: files, database cursors).
    @Test func aBodyReturnedWithoutAStartIsStillClosed() throws {
        let hooks = Counter()
        let app = AppFunction { _, _ in
            var body = Body("never started")
            body.onClose { hooks.increment() }
            return body
        }
        let live = try LiveServer(app: app, options: LiveServer.testOptions())
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/"))
        #expect(try client.readResponse().status == 500)
        #expect(eventually(within: 2) { hooks.count == 1 })
    }

    /// An empty file's head is sent at once: it was sent "more to follow" (MSG_MORE) with
    /// nothing following, so the kernel held it back for about 200 ms.
    @Test func anEmptyFileIsAnsweredWithoutDelay() throws {
        let path = NSTemporaryDirectory() + "werk-empty-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { unlink(path) }
        let live = try LiveServer(app: testApp(filePath: path), options: LiveServer.testOptions())
        defer { live.stop() }
        let client = try live.connect()
        let start = Sys.now()
        for _ in 0..<5 {
            try client.send(get("/file"))
            let answer = try client.readResponse()
            #expect(answer.status == 200 && answer.body.isEmpty && answer.header("Content-Length") == "0")
        }
        // Five held heads took about a second; five sent at once take milliseconds.
        #expect(elapsed(since: start) < 0.5)
    }

    /// A stream whose producer ignores write errors (`try?`): once a write failed (here, the
    /// client did not read within the write timeout) every later write fails too, and the
    /// connection closes. Before, later writes went on once the client read again, behind a chunk
    /// cut short, and the body ended as if whole on a connection kept alive.
    @Test func aProducerThatIgnoresAFailedWriteCannotGoOn() throws {
        let app = AppFunction { _, startResponse in
            try startResponse(.ok, Headers([("Content-Type", "application/octet-stream")]))
            return Body(stream: { writer in
                let piece = [UInt8](repeating: 0x61, count: 64 * 1024)
                for _ in 0..<200 { try? writer.write(piece) }
            })
        }
        let live = try LiveServer(app: app, options: LiveServer.testOptions { $0.writeTimeout = .milliseconds(300) })
        defer { live.stop() }
        let client = try live.connect(timeout: 3)
        try client.send(get("/"))
        usleep(1_500_000)
        _ = client.readToEnd()
        #expect(client.waitClosed(timeout: 0.5) == "closed", "the connection was kept alive after a broken body")
    }
}
