import Foundation
import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// A response made from an open file (`Response.file`, `FileRegion(OpenFile)`) is sent from that
/// descriptor: what was opened is what goes out, even once its name is gone or names another
/// file, and the server neither leaks nor closes a descriptor it does not own.
struct OpenFileSendingTests {
    /// A file of `size` bytes with a pattern that shows a wrong offset.
    private func makeFile(size: Int) throws -> (path: String, bytes: [UInt8]) {
        let path = NSTemporaryDirectory() + "werk-openfile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return (path, bytes)
    }

    /// The descriptors of this process open on `path` (other tests run alongside: only the
    /// ones on this test's own file count).
    private func descriptors(on path: String) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { name in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name),
                  target == path || target == path + " (deleted)" else { return nil }
            return Int32(name)
        }
    }

    @Test func aFileRemovedAndReplacedAfterTheResponseWasMadeIsSentAsOpened() throws {
        let (path, bytes) = try makeFile(size: 3 * 1024 * 1024 + 17)
        defer { unlink(path) }
        let app = Request.application { _ in
            let response = try Response.file(OpenFile(path))
            // The name now points at other bytes: the open file is what goes out.
            unlink(path)
            _ = FileManager.default.createFile(atPath: path, contents: Data("replaced".utf8))
            return response
        }
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let client = try live.connect(timeout: 10)
        for _ in 0..<3 {
            try client.send(get("/"))
            let answer = try client.readResponse()
            #expect(answer.status == 200)
            #expect(answer.header("Content-Length") == String(bytes.count))
            #expect(answer.body == bytes)
            // Each request made the file afresh (the app replaced it): restore the pattern.
            unlink(path)
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        }
    }

    @Test func aRangeOfAnOpenFileIsSentFromItsDescriptor() throws {
        let (path, bytes) = try makeFile(size: 200_000)
        defer { unlink(path) }
        let app = Request.application { request in
            var response = try Response.file(OpenFile(path))
            unlink(path)
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.reversed()))
            response.makeConditional(request)
            return response
        }
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/", "Range: bytes=1000-150999\r\n"))
        let answer = try client.readResponse()
        #expect(answer.status == 206)
        #expect(answer.body == Array(bytes[1000...150_999]))
        // Several ranges: multipart, each part read through the descriptor.
        unlink(path)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        try client.send(get("/", "Range: bytes=0-9,199990-\r\n"))
        let parts = try client.readResponse()
        #expect(parts.status == 206)
        let text = parts.body
        #expect(text.count > 20)
        #expect(contains(text, Array(bytes[0...9])) && contains(text, Array(bytes[199_990...])))
    }

    @Test func theServerNeitherLeaksNorClosesTheApplicationsDescriptor() throws {
        let (path, bytes) = try makeFile(size: 4 * 1024 * 1024)
        defer { unlink(path) }
        // The app keeps every file it opened, so each descriptor stays its own until the end:
        // one the server closed would be found closed (or reused for another file) below.
        let opened = Locked<[OpenFile]>([])
        let app = Request.application { _ in
            let file = try OpenFile(path)
            opened.withLock { $0.append(file) }
            return Response.file(file)
        }
        let live = try LiveServer(app: app)
        defer { live.stop() }
        do {
            // While a response waits for a client that does not read, the loop sends it from
            // the app's descriptor: no second one is open on the file.
            let stalled = try live.connect(timeout: 10)
            try stalled.send(get("/"))
            usleep(200_000)
            let held = opened.withLock { $0.map(\.descriptor) }
            #expect(held.count == 1)
            #expect(Set(descriptors(on: path)) == Set(held))
            let answer = try stalled.readResponse()
            #expect(answer.body == bytes)
        }
        for round in 0..<4 {
            let client = try live.connect(timeout: 10)
            for _ in 0..<5 {
                try client.send(get("/"))
                // Every other round the client waits before it reads, so the loop sends the rest later.
                if round % 2 == 1 { usleep(20_000) }
                let answer = try client.readResponse()
                #expect(answer.body.count == bytes.count && answer.body.suffix(64) == bytes.suffix(64))
            }
        }
        do {
            // A client that leaves in the middle of a response.
            let leaver = try live.connect()
            try leaver.send(get("/"))
            _ = try leaver.readLine()
        }
        usleep(300_000)
        do {
            let files = opened.withLock { $0 }
            #expect(files.count == 22)
            // Every descriptor on the file is one the app holds: the server opened none of its
            // own and left none open, and closed none of the app's.
            #expect(Set(descriptors(on: path)) == Set(files.map(\.descriptor)))
            for file in files {
                var collected: [UInt8] = []
                try FileRegion(file).forEachChunk { collected += $0 }
                #expect(collected == bytes)
            }
        }
        // Once the app lets them go, nothing else holds them.
        opened.withLock { $0.removeAll() }
        #expect(descriptors(on: path).isEmpty)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
