#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an app writes diagnostics (WSGI's `wsgi.errors`).
public protocol ErrorStream: AnyObject {
    /// Writes `text` as is; add your own newline.
    func write(_ text: String)
}

/// The process's standard error: the default error stream.
public final class StandardError: ErrorStream, Sendable {
    /// The shared instance.
    public static let shared = StandardError()

    /// Writes `text` to file descriptor 2 in one call where it can.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// An error stream that keeps what was written: for tests and the test client.
public final class CollectingErrorStream: ErrorStream {
    /// Everything written so far.
    public private(set) var text = ""
    /// An empty stream.
    public init() {}
    /// Appends `text`.
    public func write(_ text: String) { self.text += text }
}
