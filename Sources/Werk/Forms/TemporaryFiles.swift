#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The temporary files of one request (spooled uploads): created with `mkstemp(3)` under
/// `directory`, all deleted by `removeAll()` and, at the latest, when the object goes away.
/// Each spooled `FileStorage` holds a reference, so its file lives as long as it is reachable
/// unless `removeAll()` is called first.
///
///     let files = TemporaryFiles(directory: "/tmp")
///     defer { files.removeAll() }
///     let form = try MultipartParser.parse(input, boundary: b, limits: limits, temporaryFiles: files)
public final class TemporaryFiles: Sendable {
    /// Where the files are created.
    public let directory: String
    private let owned = Locked<[String]>([])

    /// An empty set of temporary files to be created in `directory`.
    public init(directory: String = FormLimits.defaultTemporaryDirectory) {
        self.directory = directory
    }

    /// The paths of the files currently owned, in creation order.
    public var paths: [String] { owned.withLock { $0 } }

    /// Creates an empty file with `mkstemp(3)`, open for writing (mode 0600, then marked
    /// close-on-exec so child processes do not inherit it); the caller writes
    /// and closes the descriptor, the file belongs to this object.
    func create() throws(FileStorageError) -> (descriptor: Int32, path: String) {
        let file = try Self.makeFile(in: directory, prefix: "werk-upload-")
        owned.withLock { $0.append(file.path) }
        return file
    }

    /// Creates a new empty file named `prefix` plus six random characters in `directory` with
    /// `mkstemp(3)` (mode 0600), open for reading and writing and close-on-exec, so child
    /// processes do not inherit it. The caller owns the descriptor and the file.
    package static func makeFile(in directory: String, prefix: String) throws(FileStorageError) -> (descriptor: Int32, path: String) {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var template = Array("\(base)/\(prefix)XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if descriptor < 0 { throw FileStorageError(operation: "mkstemp", path: path, code: errno) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return (descriptor, path)
    }

    /// Deletes the file at `path` if this object owns it.
    func remove(_ path: String) {
        let wasOwned = owned.withLock { paths -> Bool in
            guard let index = paths.firstIndex(of: path) else { return false }
            paths.remove(at: index)
            return true
        }
        if wasOwned { unlink(path) }
    }

    /// Deletes every file owned; later reads of spooled uploads fail.
    public func removeAll() {
        let all = owned.withLock { paths -> [String] in
            defer { paths.removeAll() }
            return paths
        }
        for path in all { unlink(path) }
    }

    deinit { removeAll() }
}
