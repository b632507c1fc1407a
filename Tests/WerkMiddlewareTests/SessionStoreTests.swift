import Dispatch
import Foundation
import Synchronization
import Testing
import Werk
@testable import WerkMiddleware

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let seconds = Atomic<Int>(1_000_000)
    var now: Int { seconds.load(ordering: .relaxed) }
    func advance(_ by: Int) { seconds.add(by, ordering: .relaxed) }
}

/// A fresh temporary folder for one test.
func makeTemporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "werk-sessions-" + SecureRandom.hex(6)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("Session stores")
struct SessionStoreTests {
    typealias F = SessionFixtures

    /// Both stores, each in a fresh state.
    static func stores() throws -> [any SessionStore] {
        [MemorySessionStore(), try FileSessionStore(directory: makeTemporaryFolder())]
    }

    @Test(arguments: ["memory", "file"])
    func cookieHoldsOnlyASignedID(kind: String) throws {
        let store: any SessionStore = kind == "memory" ? MemorySessionStore() : try FileSessionStore(directory: makeTemporaryFolder())
        let client = try F.client(store: store)
        #expect(try (1...3).map { _ in try client.get("/").text } == ["1", "2", "3"])
        let response = try client.get("/cart")
        let value = try #require(F.cookieValue(response))
        let payload = try SessionSigner(secrets: [F.secret]).unsign(value)
        let id = String(decoding: try #require(payload), as: UTF8.self)
        #expect(SessionID.isValid(id))
        let stored = try #require(try store.load(id: id))
        #expect(Session.storage(fromPayload: stored)?["cart"] == "[1,2]")
        // Logging out deletes the stored session and the cookie.
        #expect(try client.get("/logout").headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(try store.load(id: id) == nil)
    }

    @Test(arguments: ["memory", "file"])
    func regenerateIssuesANewIDAndDropsTheOld(kind: String) throws {
        let store: any SessionStore = kind == "memory" ? MemorySessionStore() : try FileSessionStore(directory: makeTemporaryFolder())
        let client = try F.client(store: store)
        let signer = try SessionSigner(secrets: [F.secret])
        func id(_ response: Response) throws -> String {
            let cookie = try #require(F.cookieValue(response))
            let payload = try #require(signer.unsign(cookie))
            return String(decoding: payload, as: UTF8.self)
        }
        let before = try id(try client.get("/"))
        let after = try id(try client.get("/signin"))
        #expect(before != after)
        #expect(try store.load(id: before) == nil)
        #expect(try store.load(id: after) != nil)
        #expect(try client.get("/peek").text == "1")
        // The planted (old) id no longer opens the session.
        let planted = "session=" + signer.sign(Array(before.utf8))
        #expect(try F.visit(client, "/peek", cookie: planted).text == "0")
    }

    @Test(arguments: ["memory", "file"])
    func badCookiesAndUnknownIDsStartOver(kind: String) throws {
        let store: any SessionStore = kind == "memory" ? MemorySessionStore() : try FileSessionStore(directory: makeTemporaryFolder())
        let client = try F.client(store: store)
        let signer = try SessionSigner(secrets: [F.secret])
        for cookie in ["garbage", signer.sign(Array(SessionID.make().utf8)), signer.sign(Array("../../etc/passwd".utf8)),
                       signer.sign(Array("ABCDEF0123456789ABCDEF0123456789".utf8)), signer.sign([])] {
            #expect(try F.visit(client, cookie: "session=\(cookie)").text == "1")
        }
    }

    @Test func memoryStoreExpires() throws {
        let clock = TestClock()
        let store = MemorySessionStore(maxSessions: 10, clock: { clock.now })
        try store.save(id: "a", data: [1], maxAge: 60)
        clock.advance(59)
        #expect(try store.load(id: "a") == [1])
        clock.advance(1)
        #expect(try store.load(id: "a") == nil)
        #expect(store.count == 0)
    }

    @Test func memoryStoreIsBounded() throws {
        let clock = TestClock()
        let store = MemorySessionStore(maxSessions: 3, clock: { clock.now })
        try store.save(id: "short", data: [1], maxAge: 10)
        try store.save(id: "long1", data: [2], maxAge: 1000)
        try store.save(id: "long2", data: [3], maxAge: 1000)
        try store.save(id: "new", data: [4], maxAge: 1000)   // evicts the one closest to expiring
        #expect(store.count == 3)
        #expect(try store.load(id: "short") == nil)
        #expect(try store.load(id: "new") == [4])
        clock.advance(2000)
        try store.save(id: "after", data: [5], maxAge: 10)  // takes the place of the oldest that never came back
        #expect(store.count == 3)
        #expect(try store.load(id: "long1") == nil && store.count == 3)   // evicted; long2 and new held, expired
        #expect(try store.load(id: "long2") == nil && store.count == 2)   // expired: dropped when seen
        try store.save(id: "after", data: [6], maxAge: 10)  // overwriting never evicts
        #expect(store.count == 2)
        #expect(try store.load(id: "new") == nil && store.count == 1)
    }

    /// A flood of anonymous sessions (every visit to a page with a CSRF token makes one) takes
    /// the places of sessions that never came back, never a signed-in user's.
    @Test func aFloodOfNewSessionsDoesNotPushOutReturningOnes() throws {
        let clock = TestClock()
        let store = MemorySessionStore(maxSessions: 100, clock: { clock.now })
        try store.save(id: "user", data: [1], maxAge: 1000)
        clock.advance(1)
        #expect(try store.load(id: "user") == [1])          // the user came back: signed in
        for i in 0..<5_000 {
            try store.save(id: "anon\(i)", data: [2], maxAge: 1000)
            if i % 1000 == 999 { clock.advance(1) }
        }
        #expect(store.count == 100)
        #expect(try store.load(id: "user") == [1])
        #expect(try store.load(id: "anon4999") == [2])      // the newest stay
        #expect(try store.load(id: "anon0") == nil)
        // Once every held session came back, the closest to expiry goes first.
        let full = MemorySessionStore(maxSessions: 2, clock: { clock.now })
        try full.save(id: "a", data: [1], maxAge: 10)
        try full.save(id: "b", data: [2], maxAge: 1000)
        _ = try full.load(id: "a"); _ = try full.load(id: "b")
        try full.save(id: "c", data: [3], maxAge: 1000)
        #expect(try full.load(id: "a") == nil && full.load(id: "b") == [2] && full.load(id: "c") == [3])
    }

    @Test func fileStoreSurvivesRestartsAndExpires() throws {
        let folder = makeTemporaryFolder()
        let clock = TestClock()
        let id = SessionID.make(), other = SessionID.make()
        do {
            let store = try FileSessionStore(directory: folder, sweepInterval: 1_000_000, clock: { clock.now })
            try store.save(id: id, data: Array("kept".utf8), maxAge: 100)
            try store.save(id: other, data: Array("short".utf8), maxAge: 10)
        }
        let reopened = try FileSessionStore(directory: folder, sweepInterval: 1_000_000, clock: { clock.now })
        #expect(try reopened.load(id: id) == Array("kept".utf8))
        #expect(try FileInfo.entries(ofFolder: folder).sorted() == [id + ".session", other + ".session"].sorted())
        clock.advance(50)
        #expect(reopened.removeExpired() == 1)
        #expect(try FileInfo.entries(ofFolder: folder) == [id + ".session"])
        clock.advance(50)
        #expect(try reopened.load(id: id) == nil)           // expired on load: the file goes too
        #expect(try FileInfo.entries(ofFolder: folder).isEmpty)
    }

    @Test func fileStoreSweepsOnSave() throws {
        let folder = makeTemporaryFolder()
        let clock = TestClock()
        let store = try FileSessionStore(directory: folder, sweepInterval: 60, clock: { clock.now })
        let old = SessionID.make()
        try store.save(id: old, data: [1], maxAge: 10)   // first save sweeps (nothing yet)
        clock.advance(100)
        try store.save(id: SessionID.make(), data: [2], maxAge: 10)
        #expect(try !FileInfo.entries(ofFolder: folder).contains(old + ".session"))
        // Garbage files in the folder are expired too; other names are left alone.
        let junk = SessionID.make()
        try Data("not a session".utf8).write(to: URL(fileURLWithPath: folder + "/" + junk + ".session"))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/README"))
        #expect(try store.load(id: junk) == nil)
        #expect(store.removeExpired() >= 0)
        #expect(try FileInfo.entries(ofFolder: folder).contains("README"))
    }

    /// Sessions saved past `maxSessions` (a flood of anonymous visitors, each given a CSRF
    /// token) do not fill the disk: the folder is cut to 80% of the cap, sessions never loaded
    /// again going first (then the closest to expiring), and the one just saved kept. A
    /// signed-in user who came back keeps the session although it expires first.
    @Test func fileStoreKeepsAtMostMaxSessions() throws {
        let folder = makeTemporaryFolder()
        let clock = TestClock()
        let store = try FileSessionStore(directory: folder, sweepInterval: 1_000_000, maxSessions: 20, clock: { clock.now })
        let signedIn = SessionID.make(), longLived = SessionID.make()
        try store.save(id: signedIn, data: Array("signed in".utf8), maxAge: 500)
        #expect(try store.load(id: signedIn) == Array("signed in".utf8))   // came back: marked
        try store.save(id: longLived, data: Array("long".utf8), maxAge: 100_000)
        var last = ""
        for index in 0..<200 {
            last = SessionID.make()
            try store.save(id: last, data: [UInt8(index % 256)], maxAge: 1000 + index)
            clock.advance(1)
            #expect(try FileInfo.entries(ofFolder: folder).count <= 20)
        }
        let left = try FileInfo.entries(ofFolder: folder)
        #expect(left.count >= 10)
        #expect(left.contains(signedIn + ".session") && left.contains(longLived + ".session") && left.contains(last + ".session"))
        #expect(try store.load(id: signedIn) == Array("signed in".utf8))
        #expect(try store.load(id: last) == [199])
    }

    /// The "returned" flag is written in place and read back; files of the earlier format
    /// (no flag) still load and count as returned.
    @Test func fileStoreHeaderFlag() throws {
        #expect(SessionFiles.header(SessionFiles.encode([1], expires: 1_800_000_000))! == (1_800_000_000, false, 26))
        #expect(SessionFiles.header(Array("werk-session 1 1800000000 r\nx".utf8))! == (1_800_000_000, true, 26))
        #expect(SessionFiles.header(Array("werk-session 1 1800000000\nx".utf8))! == (1_800_000_000, true, nil))
        #expect(SessionFiles.header(Array("werk-session 1 1800000000 x\nx".utf8)) == nil)
        let folder = makeTemporaryFolder()
        let store = try FileSessionStore(directory: folder)
        let id = SessionID.make()
        try store.save(id: id, data: Array("payload".utf8), maxAge: 100)
        #expect(try SessionFiles.header(SessionFiles.read(folder + "/" + id + ".session")!)?.hasReturned == false)
        #expect(try store.load(id: id) == Array("payload".utf8))
        #expect(try SessionFiles.read(folder + "/" + id + ".session").map { SessionFiles.header($0)?.hasReturned } == true)
        #expect(try store.load(id: id) == Array("payload".utf8))
    }

    @Test(arguments: ["../escape", "/etc/passwd", "..", "", "a/b", String(repeating: "a", count: 31),
                      "ABCDEF0123456789ABCDEF0123456789", "0123456789abcdef0123456789abcdeg", "0123456789abcdef0123456789abcdef0"])
    func fileStoreRefusesForeignIDs(id: String) throws {
        let folder = makeTemporaryFolder()
        let store = try FileSessionStore(directory: folder)
        #expect(throws: SessionError.self) { try store.save(id: id, data: [1], maxAge: 10) }
        #expect(try store.load(id: id) == nil)
        #expect(throws: SessionError.self) { try store.delete(id: id) }
        #expect(try FileInfo.entries(ofFolder: folder).isEmpty)
    }

    @Test func fileStoreFolderMustBeAFolder() throws {
        let folder = makeTemporaryFolder()
        try Data().write(to: URL(fileURLWithPath: folder + "/file"))
        #expect(throws: SessionError.self) { try FileSessionStore(directory: folder + "/file") }
        #expect(throws: SessionError.self) { try FileSessionStore(directory: folder + "/missing/deeper") }
    }

    /// 16 threads save, load and delete at once, each on its own ids and all on one shared
    /// id: no load ever sees a torn or foreign value, and no temporary file is left behind.
    @Test(arguments: ["memory", "file"])
    func concurrentAccess(kind: String) throws {
        let folder = makeTemporaryFolder()
        let store: any SessionStore = kind == "memory" ? MemorySessionStore(maxSessions: 100_000) : try FileSessionStore(directory: folder)
        let shared = SessionID.make()
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { thread in
            let mine = (0..<5).map { _ in SessionID.make() }
            for round in 0..<40 {
                let value = Array("thread \(thread) round \(round) ".utf8) + [UInt8](repeating: UInt8(thread), count: 2000)
                do {
                    let id = mine[round % mine.count]
                    try store.save(id: id, data: value, maxAge: 60)
                    if try store.load(id: id) != value { failures.add(1, ordering: .relaxed) }
                    try store.save(id: shared, data: value, maxAge: 60)
                    if let seen = try store.load(id: shared) {
                        // Whole: a prefix naming some thread and round, then 2000 copies of that thread's byte.
                        let text = String(decoding: seen.prefix(while: { $0 >= 0x20 && $0 < 0x7F }), as: UTF8.self)
                        let parts = text.split(separator: " ")
                        let writer = parts.count >= 2 ? UInt8(parts[1]) : nil
                        if writer == nil || seen.count != text.utf8.count + 2000 || seen.suffix(2000).contains(where: { $0 != writer }) {
                            failures.add(1, ordering: .relaxed)
                        }
                    }
                    if round % 7 == 0 { try store.delete(id: id) }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        if kind == "file" {
            #expect(try FileInfo.entries(ofFolder: folder).allSatisfy { $0.hasSuffix(".session") })
        }
    }
}
