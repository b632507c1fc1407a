import Testing
import Werk
import WerkTesting
@testable import WerkMiddleware

/// Several instances of an app behind a balancer: each request of one client may reach any of
/// them. The signed cookie needs nothing shared but the secret; the file store needs a folder
/// every instance sees. (The Redis store: `RedisSessionStoreTests`.)
@Suite("Sessions across instances")
struct SessionsAcrossInstancesTests {
    typealias F = SessionFixtures

    /// Sends each request of one client to the next instance in turn, carrying its cookie.
    static func roundRobin(_ instances: [Client], requests: Int) throws -> [String] {
        var cookie: String?
        var seen: [String] = []
        for n in 0..<requests {
            let client = instances[n % instances.count]
            let response = try cookie.map { try F.visit(client, cookie: "session=" + $0) } ?? client.get("/")
            if let value = F.cookieValue(response) { cookie = value }
            seen.append(try response.text)
        }
        return seen
    }

    @Test func signedCookiesWithTheSameSecretCountOnEveryInstance() throws {
        let instances = try (0..<3).map { _ in try F.client() }
        #expect(try Self.roundRobin(instances, requests: 7) == ["1", "2", "3", "4", "5", "6", "7"])
    }

    @Test func anInstanceWithAnotherSecretStartsOver() throws {
        // A misconfigured instance does not trust the others' cookies, nor they its: the
        // session starts over at every hop (never an error, never another client's session).
        let instances = [try F.client(), try F.client(secrets: [F.otherSecret])]
        #expect(try Self.roundRobin(instances, requests: 4) == ["1", "1", "1", "1"])
    }

    @Test func fileStoresOnOneSharedFolderShareSessions() throws {
        let folder = makeTemporaryFolder()
        let instances = try (0..<3).map { _ in try F.client(store: try FileSessionStore(directory: folder)) }
        #expect(try Self.roundRobin(instances, requests: 6) == ["1", "2", "3", "4", "5", "6"])
    }
}
