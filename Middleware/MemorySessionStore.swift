import Synchronization
import Werk

/// Sessions in this process's memory: fast, gone on restart, not shared between processes.
/// Thread-safe (one lock); entries expire after their max age; at most `maxSessions` are
/// kept, and when full the expired ones go first, then those closest to expiring.
///
///     let store = MemorySessionStore(maxSessions: 50_000)
///     let app = stack(try sessions(secret: key, store: store), app: router)
public final class MemorySessionStore: SessionStore {
    /// One saved session.
    struct Entry {
        var data: [UInt8]
        var expires: Int
    }

    /// The most sessions kept at once.
    public let maxSessions: Int
    /// The sessions by id, guarded by this lock.
    private let entries = Locked<[String: Entry]>([:])
    /// The clock, in seconds since 1970 (replaceable in tests).
    private let clock: @Sendable () -> Int

    /// A store keeping at most `maxSessions` sessions (at least 1).
    public convenience init(maxSessions: Int = 10_000) {
        self.init(maxSessions: maxSessions, clock: { SessionSigner.now() })
    }

    /// A store with its own clock, for tests of expiry.
    package init(maxSessions: Int, clock: @escaping @Sendable () -> Int) {
        self.maxSessions = max(1, maxSessions)
        self.clock = clock
    }

    /// The number of sessions held (expired ones included until they are noticed).
    public var count: Int { entries.withLock { $0.count } }

    /// The data saved under `id`, or nil when there is none or it has expired (it is then dropped).
    public func load(id: String) throws -> [UInt8]? {
        let now = clock()
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            guard entry.expires > now else {
                entries[id] = nil
                return nil
            }
            return entry.data
        }
    }

    /// Saves `data` under `id` for `maxAge` seconds, evicting the session closest to expiry when full.
    public func save(id: String, data: [UInt8], maxAge: Int) throws {
        let now = clock()
        entries.withLock { entries in
            if entries[id] == nil && entries.count >= maxSessions {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= maxSessions, let soonest = entries.min(by: { $0.value.expires < $1.value.expires }) {
                    entries[soonest.key] = nil
                }
            }
            entries[id] = Entry(data: data, expires: now + maxAge)
        }
    }

    /// Deletes the session under `id`, if any.
    public func delete(id: String) throws {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
