#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte range of a file on disk, for a `Body` a server can send with sendfile(2).
///
///     Body(file: FileRegion(path: "/srv/a.bin", offset: 0, length: 1024))
///     Body(file: FileRegion(try OpenFile("/srv/a.bin")))   // sent from the open descriptor
public struct FileRegion: Sendable, Equatable {
    /// The file's path.
    public var path: String
    /// Where the region starts, in bytes from the start of the file.
    public var offset: Int
    /// How many bytes the region holds.
    public var length: Int
    /// The open file the region lies in, when it was made from one: readers use its descriptor
    /// (sendfile(2) and pread(2) with an explicit offset leave the descriptor's position alone)
    /// instead of opening `path` again, and holding the region keeps the file open.
    public var file: OpenFile?

    /// The region `offset ..< offset + length` of the file at `path`.
    public init(path: String, offset: Int = 0, length: Int) {
        self.path = path
        self.offset = offset
        self.length = length
    }

    /// The region `offset ..< offset + length` of `file` (to its end when `length` is nil),
    /// read from its descriptor.
    public init(_ file: OpenFile, offset: Int = 0, length: Int? = nil) {
        self.init(path: file.regionPath, offset: offset, length: length ?? max(0, file.info.size - offset))
        self.file = file
    }

    /// The part `range` of this region (offsets relative to its start), in the same file.
    public func part(_ range: Range<Int>) -> FileRegion {
        var part = self
        part.offset = offset + range.lowerBound
        part.length = range.count
        return part
    }

    /// Equal regions name the same path, offset and length, and the same open file (or none).
    public static func == (a: FileRegion, b: FileRegion) -> Bool {
        a.path == b.path && a.offset == b.offset && a.length == b.length && a.file === b.file
    }

    /// The whole file at `path`; throws `FileError` when it cannot be opened or is not a regular file.
    public init(wholeFileAt path: String) throws {
        let info = try FileInfo(path: path)
        guard info.isRegularFile else { throw FileError(path: path, message: "not a regular file") }
        self.init(path: path, offset: 0, length: info.size)
    }

    /// Reads the region in 64 KiB pieces; throws when the file is gone or shorter than the region.
    public func forEachChunk(_ write: (ArraySlice<UInt8>) throws -> Void) throws {
        let fd = file?.descriptor ?? open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, message: String(cString: strerror(errno))) }
        defer { if file == nil { close(fd) } }
        var buffer = [UInt8](repeating: 0, count: min(max(length, 1), 64 * 1024))
        var position = offset, remaining = length
        while remaining > 0 {
            let want = min(remaining, buffer.count)
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(position)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw FileError(path: path, message: "file ended before the region did") }
            try write(buffer[0..<got])
            position += got
            remaining -= got
        }
    }
}

/// The size, type, times and identity of a file (stat(2)). Two infos are equal only for the
/// same file (device and inode) with the same size, modification and status-change times: a
/// file replaced under its name, or rewritten with its old size and modification time (`cp -p`,
/// `rsync -a`, an archive extracted), is not equal to what it was.
public struct FileInfo: Sendable, Equatable {
    /// The size in bytes.
    public let size: Int
    /// True for a regular file.
    public let isRegularFile: Bool
    /// True for a directory.
    public let isDirectory: Bool
    /// The last modification time, in whole seconds since 1970.
    public let modificationTime: Int
    /// The nanoseconds part of the last modification time (0...999,999,999), so two changes
    /// within one second can be told apart.
    public let modificationNanoseconds: Int

    /// True for a symbolic link (only seen with `followingLinks: false`).
    public let isSymbolicLink: Bool
    /// The device the file is on.
    public let device: UInt64
    /// Its inode number on that device.
    public let inode: UInt64
    /// The last status change (ctime: content, links, permissions), in nanoseconds since 1970;
    /// unlike the modification time, no program can set it back.
    public let statusChangeTime: Int64

    /// Stats the file at `path`, following links unless `followingLinks` is false (then a link
    /// describes itself); throws `FileError` when it does not exist.
    public init(path: String, followingLinks: Bool = true) throws {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { throw FileError(path: path, message: String(cString: strerror(errno))) }
        self.init(info)
    }

    /// The facts of a stat(2) result.
    init(_ status: stat) {
        size = Int(status.st_size)
        isRegularFile = (status.st_mode & S_IFMT) == S_IFREG
        isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
        isSymbolicLink = (status.st_mode & S_IFMT) == S_IFLNK
        modificationTime = Int(status.st_mtim.tv_sec)
        modificationNanoseconds = Int(status.st_mtim.tv_nsec)
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        statusChangeTime = Int64(status.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(status.st_ctim.tv_nsec)
    }
}

extension FileInfo {
    /// The names in the folder at `path` (without `.` and `..`), in no particular order;
    /// throws `FileError` when it cannot be opened.
    ///
    ///     for name in try FileInfo.entries(ofFolder: "public") { ... }
    public static func entries(ofFolder path: String) throws -> [String] {
        guard let handle = opendir(path) else { throw FileError(path: path, message: String(cString: strerror(errno))) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// A file could not be read.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path.
    public let path: String
    /// What went wrong.
    public let message: String
    /// The `errno` value of the failed call; 0 when no system call failed (not a regular file).
    public let code: Int32
    /// The error for `path` with `message` (servers report a file they cannot send with it).
    public init(path: String, message: String, code: Int32 = 0) {
        self.path = path
        self.message = message
        self.code = code
    }
    /// True when the file could not be opened for want of descriptors or memory, not because
    /// of the file (`isResourceShortage`).
    public var isResourceShortage: Bool { Werk.isResourceShortage(code) }
    /// `"cannot read /x: No such file or directory"`.
    public var description: String { "cannot read \(path): \(message)" }
}
