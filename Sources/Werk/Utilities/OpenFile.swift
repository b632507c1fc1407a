#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file opened once for a response: the descriptor is opened first and then
/// described with fstat(2), so what is checked is what is sent (no check-then-open race:
/// a file swapped for a link, a folder or a FIFO in between is never served). The file stays
/// open as long as the response's body holds it and closes with the last copy.
///
/// `regionPath` names this open file for whoever reads the body later by path (a server's
/// sendfile, the test client): `/proc/self/fd/N`, which reopens the same file even if its name
/// now points elsewhere. Without `/proc` it is the path itself.
///
///     let file = try OpenFile(path)        // throws FileError: missing, a folder, a FIFO...
///     file.info.size; file.regionPath
public final class OpenFile: Sendable {
    /// The descriptor, open for reading until this object goes.
    public let descriptor: Int32
    /// Size, type and modification time of the open file (fstat).
    public let info: FileInfo
    /// The path the file was opened with.
    public let path: String
    /// The path a reader opens to reach this same open file.
    public let regionPath: String

    /// Opens `path` for reading and describes it; throws `FileError` when it cannot be opened
    /// or is not a regular file. Never blocks on a FIFO or a device (opened non-blocking).
    public init(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            throw FileError(path: path, message: String(cString: strerror(code)), code: code)
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let code = errno
            close(fd)
            throw FileError(path: path, message: String(cString: strerror(code)), code: code)
        }
        let info = FileInfo(status)
        guard info.isRegularFile else {
            close(fd)
            throw FileError(path: path, message: info.isDirectory ? "is a folder" : "not a regular file")
        }
        descriptor = fd
        self.info = info
        self.path = path
        regionPath = OpenFile.descriptorFolder.map { $0 + String(fd) } ?? path
    }

    deinit { close(descriptor) }

    /// The canonical path of the open file itself (the kernel's name for the descriptor), or
    /// nil when it cannot be known: how a caller checks the file opened is inside a folder.
    public var realPath: String? {
        guard let folder = OpenFile.descriptorFolder else { return Werk.realPath(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(folder + String(descriptor), &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `/proc/self/fd/` (Linux) or `/dev/fd/`, when this system has it; nil otherwise.
    static let descriptorFolder: String? = {
        #if os(Linux)
        let folder = "/proc/self/fd/"
        #else
        let folder = "/dev/fd/"
        #endif
        return access(folder, R_OK) == 0 ? folder : nil
    }()

    /// True when the open file lies inside `folder` (both compared as canonical paths).
    public func isInside(_ folder: String) -> Bool {
        guard let root = Werk.realPath(folder), let real = realPath else { return false }
        return real.hasPrefix(root == "/" ? "/" : root + "/")
    }
}
