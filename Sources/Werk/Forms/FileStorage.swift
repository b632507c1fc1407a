#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An uploaded file (Werkzeug's `FileStorage`): the part's name, file name, content type and
/// headers, and its content, held in memory when small or in a temporary file ("spooled")
/// when larger than `FormLimits.spoolThreshold`.
///
///     if let upload = form.files.first(where: { $0.name == "avatar" })?.file {
///         let name = secureFilename(upload.filename ?? "")
///         try upload.save(to: "/srv/uploads/" + (name.isEmpty ? "upload" : name))
///     }
public struct FileStorage: Sendable {
    /// The form field name.
    public var name: String
    /// The file name the client sent, path removed (`uploadFilename(_:)`); may be `""`.
    /// Pass it through `secureFilename(_:)` before using it in a path.
    public var filename: String?
    /// The part's `Content-Type` value as sent (parameters included), or nil.
    public var contentType: String?
    /// The part's header fields.
    public var headers: Headers
    /// The content's length in bytes.
    public var size: Int

    private enum Storage: Sendable {
        case memory([UInt8])
        case spooled(path: String, owner: TemporaryFiles)
    }
    private let storage: Storage

    /// An upload held in memory: for tests and the test client.
    public init(name: String, filename: String?, contentType: String?, data: [UInt8], headers: Headers = Headers()) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.headers = headers
        self.size = data.count
        self.storage = .memory(data)
    }

    /// An upload whose `size` bytes are in `path`, a file `owner` deletes.
    init(part: MultipartPart, spooledAt path: String, size: Int, owner: TemporaryFiles) {
        name = part.name
        filename = part.filename
        contentType = part.contentType
        headers = part.headers
        self.size = size
        storage = .spooled(path: path, owner: owner)
    }

    /// An upload of `data` for the part `part`.
    init(part: MultipartPart, data: [UInt8]) {
        self.init(name: part.name, filename: part.filename, contentType: part.contentType, data: data,
                  headers: part.headers)
    }

    /// True when the content is in a temporary file rather than in memory.
    public var isSpooled: Bool {
        if case .spooled = storage { return true }
        return false
    }

    /// The temporary file holding the content, when spooled (e.g. to send it with sendfile);
    /// it is deleted with the request's `TemporaryFiles`.
    public var spoolPath: String? {
        if case .spooled(let path, _) = storage { return path }
        return nil
    }

    /// The whole content. Reads the spool file whole: prefer `forEachChunk` for large files.
    public func read() throws -> [UInt8] {
        switch storage {
        case .memory(let data): return data
        case .spooled:
            var result: [UInt8] = []
            result.reserveCapacity(size)
            try forEachChunk { result.append(contentsOf: $0) }
            return result
        }
    }

    /// Calls `body` with the content in pieces of at most `chunkSize` bytes (one piece for an
    /// in-memory file), so a large upload is processed without loading it whole.
    public func forEachChunk(chunkSize: Int = 64 * 1024, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        switch storage {
        case .memory(let data):
            if !data.isEmpty { try body(data[...]) }
        case .spooled(let path, _):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor < 0 { throw FileStorageError(operation: "open", path: path, code: errno) }
            defer { close(descriptor) }
            var chunk = [UInt8](repeating: 0, count: max(1, chunkSize))
            while true {
                let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw FileStorageError(operation: "read", path: path, code: errno)
                }
                if count == 0 { return }
                try body(chunk[0..<count])
            }
        }
    }

    /// Writes the content to a new or truncated file at `path` (mode 0644 before umask).
    public func save(to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw FileStorageError(operation: "open", path: path, code: errno) }
        var closed = false
        defer { if !closed { close(descriptor) } }
        try forEachChunk { piece in
            let result = piece.withUnsafeBytes { bytes in
                Result { () throws(FileStorageError) in try FileStorage.writeAll(descriptor, bytes, path: path) }
            }
            try result.get()
        }
        closed = true
        if close(descriptor) != 0 { throw FileStorageError(operation: "close", path: path, code: errno) }
    }

    /// Writes all of `bytes` to `descriptor`, retrying short writes and EINTR.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(FileStorageError) {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileStorageError(operation: "write", path: path, code: errno)
            }
            offset += written
        }
    }
}

/// `read(2)`, reachable under another name inside `FileStorage`, whose `read()` hides it.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
