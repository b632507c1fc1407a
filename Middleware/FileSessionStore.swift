import Synchronization
import Werk

/// Sessions in a folder, one file per session named by its id: they survive restarts and can
/// be shared by processes on one machine. Each save writes a temporary file and renames it
/// over the old one, so a reader never sees half a session. Expired files are deleted when
/// loaded and by a sweep of the folder at most every `sweepInterval` seconds (from `save`).
/// At most about `maxSessions` files are kept: once that many may have been saved since the
/// last count, the folder is swept and, if still full, sessions are deleted down to 80% of it,
/// first those never loaded again since they were saved (one-request visitors, each given a
/// CSRF token, and floods of them), then the closest to expiring; the disk cannot fill.
/// Only ids of `SessionID`'s form are accepted, so no id can name a path outside the folder.
///
///     let store = try FileSessionStore(directory: "/var/lib/myapp/sessions", maxSessions: 100_000)
///     let app = stack(try sessions(secret: key, store: store), app: router)
public final class FileSessionStore: SessionStore {
    /// The folder of the session files.
    public let directory: String
    /// The least time between two sweeps for expired files, in seconds.
    public let sweepInterval: Int
    /// The most session files kept (about: other processes sharing the folder count apart).
    public let maxSessions: Int
    /// When the folder was last swept (seconds since 1970) and how many files it may hold since
    /// (the live ones it had then, plus one per save), guarded by this lock.
    private let sweeps = Locked<(last: Int, files: Int)>((0, 0))
    /// The clock, in seconds since 1970 (replaceable in tests).
    private let clock: @Sendable () -> Int

    /// A store in `directory`, created (mode 0700) when missing, keeping at most about
    /// `maxSessions` sessions (at least 10); throws `SessionError` when the folder cannot be
    /// created or is not a folder.
    public convenience init(directory: String, sweepInterval: Int = 300, maxSessions: Int = 100_000) throws {
        try self.init(directory: directory, sweepInterval: sweepInterval, maxSessions: maxSessions, clock: { SessionSigner.now() })
    }

    /// A store with its own clock, for tests of expiry.
    package init(directory: String, sweepInterval: Int, maxSessions: Int = 100_000, clock: @escaping @Sendable () -> Int) throws {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.sweepInterval = sweepInterval
        self.maxSessions = max(10, maxSessions)
        self.clock = clock
        try SessionFiles.makeDirectory(self.directory)
    }

    /// The path of the file for `id`; throws for an id `SessionID` could not have made.
    func path(for id: String) throws -> String {
        guard SessionID.isValid(id) else { throw SessionError("invalid session id \(String(reflecting: id.prefix(40)))") }
        return directory + "/" + id + SessionFiles.suffix
    }

    /// The data saved under `id`, or nil when there is none or it has expired (it is then dropped).
    public func load(id: String) throws -> [UInt8]? {
        guard SessionID.isValid(id) else { return nil }
        let path = try path(for: id)
        guard let file = try SessionFiles.read(path) else { return nil }
        guard let (expires, data) = SessionFiles.decode(file), expires > clock() else {
            SessionFiles.remove(path)
            return nil
        }
        if let header = SessionFiles.header(file), !header.hasReturned, let offset = header.flagOffset {
            SessionFiles.markReturned(path, offset: offset, expected: file[...offset])
        }
        return data
    }

    /// Saves `data` under `id` for `maxAge` seconds (temporary file, then rename); throws `SessionError` for an invalid id or a failed write.
    public func save(id: String, data: [UInt8], maxAge: Int) throws {
        let path = try path(for: id)
        let now = clock()
        try SessionFiles.writeAtomically(SessionFiles.encode(data, expires: now + maxAge), to: path, in: directory)
        let (due, full) = sweeps.withLock { sweeps -> (Bool, Bool) in
            sweeps.files += 1
            let full = sweeps.files >= maxSessions
            guard full || now - sweeps.last >= sweepInterval else { return (false, false) }
            // One sweep at a time: saves meanwhile count from zero, and the sweep adds what it left.
            sweeps.last = now
            sweeps.files = 0
            return (true, full)
        }
        if due {
            let left = sweep(keepingAtMost: full ? maxSessions * 4 / 5 : nil, sparing: id).left
            sweeps.withLock { $0.files += left }
        }
    }

    /// Deletes the session under `id`, if any.
    public func delete(id: String) throws {
        SessionFiles.remove(try path(for: id))
    }

    /// Deletes every expired or unreadable session file, and temporary files older than a
    /// minute (left by a crash mid-save); the number of files deleted.
    @discardableResult
    public func removeExpired() -> Int {
        sweep(keepingAtMost: nil, sparing: nil).removed
    }

    /// `removeExpired`, then, when more than `limit` live sessions are left, deletes some (never
    /// `sparing`) down to `limit`: those not loaded since saved first, each group in order of
    /// expiry. The number of files deleted and of live session files left.
    private func sweep(keepingAtMost limit: Int?, sparing: String?) -> (removed: Int, left: Int) {
        let now = clock()
        guard let names = try? FileInfo.entries(ofFolder: directory) else { return (0, 0) }
        var removed = 0
        var live: [(returned: Bool, expires: Int, path: String)] = []  // the session files left live
        for name in names {
            let path = directory + "/" + name
            if name.hasSuffix(SessionFiles.suffix), SessionID.isValid(String(name.dropLast(SessionFiles.suffix.count))) {
                // Unreadable or vanished meanwhile: leave it; a valid, live header: keep it.
                guard let header = try? SessionFiles.read(path, limit: 64) else { continue }
                if let header = SessionFiles.header(header), header.expires > now {
                    live.append((header.hasReturned, header.expires, path))
                    continue
                }
            } else if name.hasPrefix(SessionFiles.temporaryPrefix) {
                guard let info = try? FileInfo(path: path, followingLinks: false), now - info.modificationTime > 60 else { continue }
            } else {
                continue
            }
            SessionFiles.remove(path)
            removed += 1
        }
        var left = live.count
        if let limit, live.count > limit {
            let spared = sparing.flatMap { try? self.path(for: $0) }
            live.sort { ($0.returned ? 1 : 0, $0.expires) < ($1.returned ? 1 : 0, $1.expires) }
            for file in live where left > limit && file.path != spared {
                SessionFiles.remove(file.path)
                removed += 1
                left -= 1
            }
        }
        return (removed, left)
    }
}
