import Synchronization
import Werk

/// Sessions in a folder, one file per session named by its id: they survive restarts and can
/// be shared by processes on one machine. Each save writes a temporary file and renames it
/// over the old one, so a reader never sees half a session. Expired files are deleted when
/// loaded and by a sweep of the folder at most every `sweepInterval` seconds (from `save`).
/// Only ids of `SessionID`'s form are accepted, so no id can name a path outside the folder.
///
///     let store = try FileSessionStore(directory: "/var/lib/myapp/sessions")
///     let app = stack(try sessions(secret: key, store: store), app: router)
public final class FileSessionStore: SessionStore {
    /// The folder of the session files.
    public let directory: String
    /// The least time between two sweeps for expired files, in seconds.
    public let sweepInterval: Int
    /// When the folder was last swept (seconds since 1970), guarded by this lock.
    private let lastSweep = Locked<Int>(0)
    /// The clock, in seconds since 1970 (replaceable in tests).
    private let clock: @Sendable () -> Int

    /// A store in `directory`, created (mode 0700) when missing; throws `SessionError` when the
    /// folder cannot be created or is not a folder.
    public convenience init(directory: String, sweepInterval: Int = 300) throws {
        try self.init(directory: directory, sweepInterval: sweepInterval, clock: { SessionSigner.now() })
    }

    /// A store with its own clock, for tests of expiry.
    package init(directory: String, sweepInterval: Int, clock: @escaping @Sendable () -> Int) throws {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.sweepInterval = sweepInterval
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
        return data
    }

    /// Saves `data` under `id` for `maxAge` seconds (temporary file, then rename); throws `SessionError` for an invalid id or a failed write.
    public func save(id: String, data: [UInt8], maxAge: Int) throws {
        let path = try path(for: id)
        let now = clock()
        try SessionFiles.writeAtomically(SessionFiles.encode(data, expires: now + maxAge), to: path, in: directory)
        let due = lastSweep.withLock { last -> Bool in
            guard now - last >= sweepInterval else { return false }
            last = now
            return true
        }
        if due { removeExpired() }
    }

    /// Deletes the session under `id`, if any.
    public func delete(id: String) throws {
        SessionFiles.remove(try path(for: id))
    }

    /// Deletes every expired or unreadable session file, and temporary files older than a
    /// minute (left by a crash mid-save); the number of files deleted.
    @discardableResult
    public func removeExpired() -> Int {
        let now = clock()
        guard let names = try? FileInfo.entries(ofFolder: directory) else { return 0 }
        var removed = 0
        for name in names {
            let path = directory + "/" + name
            if name.hasSuffix(SessionFiles.suffix), SessionID.isValid(String(name.dropLast(SessionFiles.suffix.count))) {
                // Unreadable or vanished meanwhile: leave it; a valid, live header: keep it.
                guard let header = try? SessionFiles.read(path, limit: 64) else { continue }
                if let expires = SessionFiles.expiry(header), expires > now { continue }
            } else if name.hasPrefix(SessionFiles.temporaryPrefix) {
                guard let info = try? FileInfo(path: path, followingLinks: false), now - info.modificationTime > 60 else { continue }
            } else {
                continue
            }
            SessionFiles.remove(path)
            removed += 1
        }
        return removed
    }
}
