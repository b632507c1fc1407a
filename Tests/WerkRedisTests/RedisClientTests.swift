#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import WerkTesting
import Werk
@testable import WerkRedis

@Suite("RedisClient against a real redis-server", .serialized)
struct RedisClientTests {
    @Test func setGetDeleteAndExpiry() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint))
        try redis.ping()
        #expect(try redis.get("missing") == nil)
        let value: [UInt8] = [0, 1, 2, 13, 10, 255] + Array("é".utf8)
        try redis.set("k", value, expireSeconds: 100)
        #expect(try redis.get("k") == value)
        guard case .integer(let ttl) = try redis.command("TTL", "k") else { Issue.record("TTL is not an integer"); return }
        #expect(ttl > 90 && ttl <= 100)
        #expect(try redis.delete("k", "missing") == 1)
        #expect(try redis.get("k") == nil)
    }

    /// Commands that would change the pooled connection for the next caller are refused
    /// before they are sent: after an attempted MULTI or SELECT, a GET still answers from
    /// database 0 with the value, never `QUEUED` or another database's nothing.
    @Test func connectionStateCommandsAreRefused() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint, maxConnections: 1))
        try redis.set("k", Array("v".utf8))
        for command in [["MULTI"], ["select", "5"], ["CLIENT", "REPLY", "OFF"], ["SUBSCRIBE", "c"], ["AUTH", "x"], ["BLPOP", "q", "0"]] {
            #expect(throws: RedisError.self, "\(command)") { try redis.command(command.map { Array($0.utf8) }) }
            #expect(try redis.get("k") == Array("v".utf8), "\(command)")
        }
        guard case .bulkString = try redis.command("CLIENT", "LIST") else { Issue.record("CLIENT LIST"); return }
    }

    @Test func serverErrorsAreThrownAndTheConnectionStaysUsable() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint, maxConnections: 1))
        try redis.set("text", Array("x".utf8))
        #expect {
            try redis.command("INCR", "text")
        } throws: { error in
            (error as? RedisError)?.kind == .server && "\(error)".contains("not an integer")
        }
        #expect(try redis.get("text") == Array("x".utf8))
    }

    @Test func authenticatesWithAPassword() throws {
        let server = try RedisServerProcess(password: "s3cret pass")
        let good = RedisClient(RedisConfiguration(server.endpoint, password: "s3cret pass"))
        try good.set("a", [1])
        #expect(try good.get("a") == [1])
        let wrong = RedisClient(RedisConfiguration(server.endpoint, password: "nope"))
        #expect { try wrong.ping() } throws: { ($0 as? RedisError)?.kind == .server && "\($0)".contains("AUTH") }
        let none = RedisClient(RedisConfiguration(server.endpoint))
        #expect { try none.ping() } throws: { ($0 as? RedisError)?.kind == .server && "\($0)".contains("NOAUTH") }
    }

    @Test func selectsADatabase() throws {
        let server = try RedisServerProcess()
        try RedisClient(RedisConfiguration(server.endpoint, database: 3)).set("d", [3])
        #expect(try RedisClient(RedisConfiguration(server.endpoint)).get("d") == nil)
        #expect(try RedisClient(RedisConfiguration(server.endpoint, database: 3)).get("d") == [3])
    }

    @Test func talksOverAUnixSocket() throws {
        let server = try RedisServerProcess(unixSocket: true)
        let redis = RedisClient(RedisConfiguration(.unix(path: server.unixSocket!)))
        try redis.set("u", [42])
        #expect(try RedisClient(RedisConfiguration(server.endpoint)).get("u") == [42])
    }

    @Test func failsFastWhileDownAndRecoversAfterARestart() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint, retryInterval: 0.3))
        try redis.set("before", [1])
        server.stop()
        #expect { try redis.get("before") } throws: { ($0 as? RedisError)?.kind == .unavailable }
        // Within the retry interval, a call fails at once without connecting.
        let started = monotonicSeconds()
        #expect { try redis.ping() } throws: { ($0 as? RedisError)?.kind == .unavailable }
        #expect(monotonicSeconds() - started < 0.1)
        try server.start()
        usleep(350_000)
        try redis.ping()
        #expect(try redis.get("before") == nil)  // persistence is off: a new, empty server
        try redis.set("after", [2])
        #expect(try redis.get("after") == [2])
    }

    @Test func idleConnectionsBrokenByARestartAreReplaced() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint, maxConnections: 4))
        try redis.ping()
        server.stop(kill: true)
        try server.start()
        // The pooled connection is dead; the client notices and opens a new one.
        try redis.set("k", [9])
        #expect(try redis.get("k") == [9])
    }

    @Test func manyThreadsShareTheClient() throws {
        let server = try RedisServerProcess()
        let redis = RedisClient(RedisConfiguration(server.endpoint, maxConnections: 3))
        let failures = ManagedAtomicCounter()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            for _ in 0..<100 {
                do { try redis.command("INCR", "counter") } catch { failures.increment() }
            }
        }
        #expect(failures.value == 0)
        #expect(try redis.get("counter").map { String(decoding: $0, as: UTF8.self) } == "1600")
        guard case .bulkString(let list) = try redis.command("CLIENT", "LIST") else { Issue.record("CLIENT LIST"); return }
        let clients = String(decoding: list, as: UTF8.self).split(separator: "\n").count
        #expect(clients <= 3)
    }

    @Test func aCommandThatGetsNoAnswerTimesOut() throws {
        let silent = try SilentServer(reply: nil)
        let redis = RedisClient(RedisConfiguration(.tcp(host: "127.0.0.1", port: silent.port), commandTimeout: 0.3))
        let started = monotonicSeconds()
        #expect { try redis.command("PING") } throws: { ($0 as? RedisError)?.kind == .connection && "\($0)".contains("timed out") }
        #expect(monotonicSeconds() - started < 2)
    }

    @Test func aReplyThatIsNotRESPIsAProtocolViolation() throws {
        let liar = try SilentServer(reply: Array("HTTP/1.1 200 OK\r\n\r\n".utf8))
        let redis = RedisClient(RedisConfiguration(.tcp(host: "127.0.0.1", port: liar.port)))
        #expect { try redis.command("PING") } throws: { ($0 as? RedisError)?.kind == .protocolViolation }
    }

    @Test func nothingListeningIsUnavailable() throws {
        let redis = RedisClient(RedisConfiguration(.tcp(host: "127.0.0.1", port: freeLoopbackPort())))
        #expect { try redis.ping() } throws: { ($0 as? RedisError)?.kind == .unavailable && "\($0)".contains("connect") }
        let socketless = RedisClient(RedisConfiguration(.unix(path: "/nonexistent/redis.sock")))
        #expect { try socketless.ping() } throws: { ($0 as? RedisError)?.kind == .unavailable }
    }
}

/// A count shared by threads, behind a lock.
final class ManagedAtomicCounter: Sendable {
    private let count = Locked(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// A loopback TCP server that accepts connections and answers each with `reply` once (or
/// never, when nil), for tests of timeouts and malformed replies.
final class SilentServer: Sendable {
    let port: Int
    private let fd: Int32

    init(reply: [UInt8]?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestSetupError("cannot listen on loopback") }
        port = Int(UInt16(bigEndian: address.sin_port))
        let listener = fd
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                if let reply { _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
                // Keep the connection open (and silent) until the test is over.
            }
        }
    }

    deinit { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}
