import Synchronization
import Testing
import Werk
import WerkTesting
@testable import WerkMiddleware

/// A store that works until `isDown` is set, then throws on every call; it counts loads.
final class FlakyStore: SessionStore {
    struct Down: Error, CustomStringConvertible { var description: String { "connection refused" } }
    private let inner = MemorySessionStore()
    let isDown = Atomic<Bool>(false)
    let loads = Atomic<Int>(0)

    func load(id: String) throws -> [UInt8]? {
        loads.add(1, ordering: .relaxed)
        if isDown.load(ordering: .relaxed) { throw Down() }
        return try inner.load(id: id)
    }
    func save(id: String, data: [UInt8], maxAge: Int) throws {
        if isDown.load(ordering: .relaxed) { throw Down() }
        try inner.save(id: id, data: data, maxAge: maxAge)
    }
    func delete(id: String) throws {
        if isDown.load(ordering: .relaxed) { throw Down() }
        try inner.delete(id: id)
    }
}

@Suite("Sessions when the store fails")
struct SessionStoreFailureTests {
    /// `/count` uses the session through `request.session`, `/required` through
    /// `requireSession()`, `/plain` never touches it.
    static let app = Request.application { request in
        switch request.path {
        case "/plain": return Response("plain")
        case "/required":
            let session = try request.requireSession()
            return Response("\(session.get("count", as: Int.self) ?? 0)")
        default:
            let count = (request.session?.get("count", as: Int.self) ?? 0) + 1
            request.session?["count"] = count
            return Response("\(count)")
        }
    }

    @Test func onlyRequestsThatTouchTheSessionGetA503() throws {
        let store = FlakyStore()
        let client = Client(stack(try sessions(secret: SessionFixtures.secret, store: store), app: Self.app))
        #expect(try client.get("/count").text == "1")
        #expect(try client.get("/count").text == "2")
        let loadsBefore = store.loads.load(ordering: .relaxed)
        store.isDown.store(true, ordering: .relaxed)

        let plain = try client.get("/plain")
        #expect(plain.status == .ok)
        #expect(try plain.text == "plain")
        #expect(store.loads.load(ordering: .relaxed) == loadsBefore, "a request that does not touch its session must not load it")

        for path in ["/count", "/required"] {
            let response = try client.get(path)
            #expect(response.status == .serviceUnavailable, "\(path)")
            #expect(response.headers["Retry-After"] == "1")
            #expect(response.headers["Set-Cookie"] == nil, "a session that did not load must never be saved")
            #expect(client.errorOutput.contains("the session store failed: connection refused"))
        }

        // Back up: the same session, unharmed.
        store.isDown.store(false, ordering: .relaxed)
        #expect(try client.get("/count").text == "3")
    }

    @Test func aStoreThatFailsOnSaveIsA503Too() throws {
        let store = FlakyStore()
        let client = Client(stack(try sessions(secret: SessionFixtures.secret, store: store), app: Self.app))
        store.isDown.store(true, ordering: .relaxed)
        // No cookie yet, so nothing loads; the save of the new session fails.
        let response = try client.get("/count")
        #expect(response.status == .serviceUnavailable)
        #expect(client.errorOutput.contains("connection refused"))
    }
}
