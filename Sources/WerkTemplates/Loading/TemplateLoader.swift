// Where template sources come from: a folder on disk, or a dictionary in memory.
import Werk

/// What a template file looked like when it was read: debug mode recompiles when it changes.
struct FileFingerprint: Sendable, Equatable {
    let seconds: Int
    let nanoseconds: Int
    let size: Int

    init(_ info: FileInfo) {
        seconds = info.modificationTime
        nanoseconds = info.modificationNanoseconds
        size = info.size
    }
}

/// The source of templates.
enum TemplateLoader: Sendable {
    /// Files under a folder; names are paths below it with `/` (Jinja's FileSystemLoader).
    case folder(String)
    /// Sources by name (Jinja's DictLoader).
    case memory([String: String])

    /// The source of `name` and its fingerprint, or nil when there is no such template.
    func load(_ name: String) throws -> (text: String, fingerprint: FileFingerprint?)? {
        switch self {
        case .memory(let sources):
            return sources[name].map { ($0, nil) }
        case .folder(let root):
            guard let path = path(of: name, in: root), let info = try? FileInfo(path: path), info.isRegularFile else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(info.size)
            try FileRegion(path: path, offset: 0, length: info.size).forEachChunk { bytes += $0 }
            return (String(decoding: bytes, as: UTF8.self), FileFingerprint(info))
        }
    }

    /// The current fingerprint of `name`'s file, or nil (missing, or not a folder loader).
    func fingerprint(of name: String) -> FileFingerprint? {
        guard case .folder(let root) = self, let path = path(of: name, in: root),
              let info = try? FileInfo(path: path), info.isRegularFile else { return nil }
        return FileFingerprint(info)
    }

    /// The file for `name`: below the root only (`..`, absolute paths and links out refused).
    private func path(of name: String, in root: String) -> String? {
        let segments = name.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !segments.isEmpty else { return nil }
        return safeJoin(root: root, segments.joined(separator: "/"))
    }
}
