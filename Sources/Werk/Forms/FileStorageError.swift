#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file operation on an uploaded file's content (reading its spool file, saving it).
public struct FileStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done: `open`, `read`, `write`, `close`, `mkstemp`.
    public let operation: String
    /// The file involved.
    public let path: String
    /// The `errno` value.
    public let code: Int32

    /// An error for `operation` on `path` with `errno` value `code`.
    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// The operation, the path and the system's message for `code`.
    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}
