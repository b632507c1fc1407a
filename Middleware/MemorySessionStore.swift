import Synchronization
import Werk

/// Sessions in this process's memory: fast, gone on restart, not shared between processes.
/// Thread-safe (one lock); entries expire after their max age; at most `maxSessions` are
/// kept. When full, a new session takes the place of the oldest one that never came back
/// (saved, but never loaded by a later request: a visitor who left, or one of a flood of
/// anonymous requests), so such traffic cannot push out signed-in users; only when every
/// session came back do the expired ones go, then those closest to expiring.
///
///     let store = MemorySessionStore(maxSessions: 50_000)
///     let app = stack(try sessions(secret: key, store: store), app: router)
public final class MemorySessionStore: SessionStore {
    /// One saved session.
    struct Entry {
        var data: [UInt8]
        var expires: Int
        /// True once a request brought it back (`load` found it).
        var returned = false
    }

    /// The sessions and, oldest first, the ids of those that never came back.
    struct State {
        var entries: [String: Entry] = [:]
        /// Ids saved and not yet loaded again, oldest first (some may have come back or gone
        /// since: skipped when reached).
        var unreturned: [String] = []
        var head = 0

        /// Removes the oldest session that never came back; false when there is none.
        mutating func evictUnreturned() -> Bool {
            while head < unreturned.count {
                let id = unreturned[head]
                head += 1
                if let entry = entries[id], !entry.returned {
                    entries[id] = nil
                    compact()
                    return true
                }
            }
            compact()
            return false
        }

        /// Drops the ids already passed once they are half the list.
        mutating func compact() {
            if head > 64 && head * 2 > unreturned.count {
                unreturned.removeFirst(head)
                head = 0
            }
        }
    }

    /// The most sessions kept at once.
    public let maxSessions: Int
    /// The sessions, guarded by this lock.
    private let state = Locked<State>(State())
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
    public var count: Int { state.withLock { $0.entries.count } }

    /// The data saved under `id`, or nil when there is none or it has expired (it is then dropped).
    public func load(id: String) throws -> [UInt8]? {
        let now = clock()
        return state.withLock { state in
            guard let entry = state.entries[id] else { return nil }
            guard entry.expires > now else {
                state.entries[id] = nil
                return nil
            }
            if !entry.returned { state.entries[id]?.returned = true }
            return entry.data
        }
    }

    /// Saves `data` under `id` for `maxAge` seconds; when full, a new id takes the place of the
    /// oldest session that never came back, else of an expired one or the closest to expiry.
    public func save(id: String, data: [UInt8], maxAge: Int) throws {
        let now = clock()
        state.withLock { state in
            if var entry = state.entries[id] {
                entry.data = data
                entry.expires = now + maxAge
                state.entries[id] = entry
                return
            }
            if state.entries.count >= maxSessions && !state.evictUnreturned() {
                state.entries = state.entries.filter { $0.value.expires > now }
                if state.entries.count >= maxSessions, let soonest = state.entries.min(by: { $0.value.expires < $1.value.expires }) {
                    state.entries[soonest.key] = nil
                }
            }
            state.entries[id] = Entry(data: data, expires: now + maxAge)
            state.unreturned.append(id)
            // Ids of sessions that came back or went pile up while the store is not full.
            if state.unreturned.count - state.head > 2 * maxSessions + 64 {
                let entries = state.entries
                state.unreturned = state.unreturned[state.head...].filter { entries[$0]?.returned == false }
                state.head = 0
            }
        }
    }

    /// Deletes the session under `id`, if any.
    public func delete(id: String) throws {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }
}
