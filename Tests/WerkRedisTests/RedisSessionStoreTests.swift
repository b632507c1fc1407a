#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization
import Testing
import Werk
import WerkTesting
import WerkMiddleware
@testable import WerkRedis

@Suite("RedisSessionStore", .serialized)
struct RedisSessionStoreTests {
    static let secret = "0123456789abcdef0123456789abcdef-redis-test"

    /// Counts visits in the session; `/plain` does not touch it; `/signin` regenerates.
    static let counter = Request.application { request in
        switch request.path {
        case "/plain": return Response("plain")
        case "/signin":
            request.session?.regenerate()
            request.session?["user"] = "ann"
            return Response("in")
        default:
            let count = (request.session?.get("count", as: Int.self) ?? 0) + 1
            request.session?["count"] = count
            return Response("\(count)")
        }
    }

    static func instance(_ redis: RedisClient, maxAge: Int = 3600) throws -> any Application {
        stack(try sessions(secret: secret, store: RedisSessionStore(redis, prefix: "test:"), maxAge: maxAge), app: counter)
    }

    /// The session id inside the signed cookie `response` sets.
    static func sessionID(_ response: Response) throws -> String {
        let header = try #require(response.headers["Set-Cookie"])
        let value = String(header.split(separator: ";")[0].dropFirst("session=".count))
        let payload = try #require(try SessionSigner(secrets: [secret]).unsign(value))
        return String(decoding: payload, as: UTF8.self)
    }

    @Test func keepsSessionsInRedisWithTheMaxAgeAsTTL() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint))
        let client = Client(try Self.instance(redis, maxAge: 600))
        #expect(try client.get("/").text == "1")
        let response = try client.get("/")
        #expect(try response.text == "2")
        let id = try Self.sessionID(response)
        #expect(SessionID.isValid(id))
        #expect(try redis.get("test:" + id) != nil)
        guard case .integer(let ttl) = try redis.command("TTL", "test:" + id) else { Issue.record("TTL"); return }
        #expect(ttl > 590 && ttl <= 600)
    }

    @Test func instancesWithTheSameSecretShareSessions() throws {
        let server = try RedisServerProcess()
        let first = Client(try Self.instance(RedisClient(RedisConfiguration(server.endpoint))))
        let second = Client(try Self.instance(RedisClient(RedisConfiguration(server.endpoint))))
        #expect(try first.get("/").text == "1")
        // The second instance gets the first's cookie, as a client behind a balancer would.
        let cookie = try #require(first.cookies.header(host: "localhost", path: "/", secure: false))
        let response = try second.get("/", headers: try Headers([("Cookie", cookie)]))
        #expect(try response.text == "2")
        #expect(try first.get("/").text == "3")
    }

    @Test func regenerateMovesTheSessionToANewKey() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint))
        let client = Client(try Self.instance(redis))
        let before = try Self.sessionID(try client.get("/"))
        let after = try Self.sessionID(try client.get("/signin"))
        #expect(before != after)
        #expect(try redis.get("test:" + before) == nil)
        #expect(try redis.get("test:" + after) != nil)
        #expect(try client.get("/").text == "2")
    }

    @Test func redisDownIsA503ForSessionRequestsOnlyAndHealsItself() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint, retryInterval: 0.2))
        let client = Client(try Self.instance(redis))
        #expect(try client.get("/").text == "1")
        server.stop()
        let down = try client.get("/")
        #expect(down.status == .serviceUnavailable)
        #expect(client.errorOutput.contains("the session store failed"))
        #expect(try client.get("/plain").status == .ok)
        try server.start()
        usleep(250_000)
        // Persistence is off, so the restarted Redis is empty: the session starts again.
        #expect(try client.get("/").text == "1")
        #expect(try client.get("/").text == "2")
    }

    @Test func manyThreadsKeepTheirOwnSessions() throws {
        let server = try RedisServerProcess()
        let app = try Self.instance(RedisClient(RedisConfiguration(server.endpoint, maxConnections: 4)))
        let results = Locked<[[String]]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let client = Client(app)
            let texts = (0..<25).map { _ in (try? client.get("/").text) ?? "failed" }
            results.withLock { $0.append(texts) }
        }
        let expected = (1...25).map(String.init)
        #expect(results.withLock { $0 }.allSatisfy { $0 == expected })
    }
}
