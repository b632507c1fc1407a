import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `Response.file` knows about files it served a moment ago, so a busy static route does
/// not stat, type and date the same file on every request (nginx calls this
/// `open_file_cache`): the size and modification time, the header values made from them, and
/// for a small file its bytes, sent with the head in one write. An entry is trusted for
/// `validity`, then checked again with one stat(2); a changed file is read again.
///
///     FileCache.shared.validity = .zero   // stat on every request
public final class FileCache: Sendable {
    /// The cache `Response.file` uses.
    public static let shared = FileCache()

    /// One file's facts.
    struct Entry: Sendable {
        let info: FileInfo
        /// `Last-Modified` and `ETag` values, made once.
        let lastModified: String
        let etag: String
        /// The type by extension, with a charset for text.
        let contentType: String
        /// The bytes of a small file.
        let contents: [UInt8]?
        /// When it was last checked (CLOCK_MONOTONIC_COARSE ns).
        let checkedAt: UInt64
    }

    private struct State: Sendable {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var validity: UInt64 = 1_000_000_000
    }

    private let state = Locked(State())
    /// Files up to this size are kept in memory.
    let maxFileSize: Int
    /// The most files and bytes kept.
    let maxEntries: Int
    let maxBytes: Int

    /// A cache of up to `maxEntries` files, keeping the bytes of files up to `maxFileSize`
    /// (at most `maxBytes` in all).
    public init(maxEntries: Int = 1024, maxFileSize: Int = 64 * 1024, maxBytes: Int = 16 * 1024 * 1024) {
        self.maxEntries = maxEntries
        self.maxFileSize = maxFileSize
        self.maxBytes = maxBytes
    }

    /// How long an entry is trusted before the file is checked again. Default 1 s.
    public var validity: Duration {
        get { .nanoseconds(Int64(state.withLock { $0.validity })) }
        set {
            let (seconds, attoseconds) = newValue.components
            let nanos = max(0, seconds) * 1_000_000_000 + attoseconds / 1_000_000_000
            state.withLock { $0.validity = UInt64(max(0, nanos)) }
        }
    }

    /// Forgets every file.
    public func removeAll() {
        state.withLock { $0 = State(entries: [:], bytes: 0, validity: $0.validity) }
    }

    /// The facts of the regular file at `path`, from the cache while still valid; throws
    /// `FileError` when it is missing or not a regular file.
    func entry(for path: String) throws -> Entry {
        let now = FileCache.coarseNow()
        let cached = state.withLock { state -> Entry? in
            guard let entry = state.entries[path], now &- entry.checkedAt < state.validity else { return nil }
            return entry
        }
        if let cached { return cached }
        let info = try FileInfo(path: path)
        guard info.isRegularFile else { throw FileError(path: path, message: "not a regular file") }
        if let previous = state.withLock({ $0.entries[path] }), previous.info == info {
            let entry = Entry(info: info, lastModified: previous.lastModified, etag: previous.etag,
                              contentType: previous.contentType, contents: previous.contents, checkedAt: now)
            keep(entry, for: path)
            return entry
        }
        return try store(OpenFile(path), checkedAt: now)
    }

    /// Describes the open `file` (and reads it when small) and keeps that as its path's entry:
    /// the facts and the bytes come from one descriptor, so they belong to the same file even
    /// while its name is being replaced.
    @discardableResult
    func store(_ file: OpenFile, checkedAt: UInt64? = nil) -> Entry {
        let info = file.info, path = file.path
        let contents = info.size <= maxFileSize ? FileCache.read(file.descriptor, size: info.size) : nil
        let entry = Entry(info: info, lastModified: HTTPDate.format(Date(timeIntervalSince1970: Double(info.modificationTime))),
                          etag: ETag(String(info.modificationTime, radix: 16) + "-" + String(info.size, radix: 16)).headerValue,
                          contentType: MIMETypes.typeWithCharset(MIMETypes.type(forPath: path) ?? "application/octet-stream"),
                          contents: contents, checkedAt: checkedAt ?? FileCache.coarseNow())
        keep(entry, for: path)
        return entry
    }

    /// Keeps `entry` for `path` within the cache's bounds (over them, it starts again empty).
    private func keep(_ entry: Entry, for path: String) {
        state.withLock { state in
            if state.entries.count >= maxEntries || state.bytes + (entry.contents?.count ?? 0) > maxBytes {
                state.entries.removeAll(keepingCapacity: true)
                state.bytes = 0
            }
            state.bytes -= state.entries[path]?.contents?.count ?? 0
            state.entries[path] = entry
            state.bytes += entry.contents?.count ?? 0
        }
    }

    /// The whole open file, when it has `size` bytes (nil when it was cut short meanwhile: the
    /// file is then sent from its descriptor instead).
    private static func read(_ fd: Int32, size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, size - done, off_t(done)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }

    private static func coarseNow() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
