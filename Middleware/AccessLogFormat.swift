import Werk

/// How `accessLog` writes each request's line.
///
///     accessLog(format: .combined)
///     accessLog(format: .custom { entry in "\(entry.status) \(entry.requestLine) \(entry.requestID ?? "-")\n" })
public struct AccessLogFormat: Sendable {
    /// Makes the line (ending in a newline) for one entry.
    public let format: @Sendable (AccessLogEntry) -> String

    /// A format made by `format`.
    public init(_ format: @escaping @Sendable (AccessLogEntry) -> String) { self.format = format }

    /// Common Log Format plus the duration and the request id when known (the dev server's
    /// own log line): `127.0.0.1 - - [...] "GET / HTTP/1.1" 200 13 0.412ms 4f1c...`.
    public static let standard = AccessLogFormat { $0.formatted() }
    /// Common Log Format, exactly (`%h %l %u %t "%r" %>s %b`), for tools that parse it.
    public static let common = AccessLogFormat { $0.commonLogFormat }
    /// Combined Log Format: Common plus `"Referer" "User-Agent"`.
    public static let combined = AccessLogFormat { $0.combinedLogFormat }
    /// A format of your own: any line made from the entry (end it with a newline).
    public static func custom(_ format: @escaping @Sendable (AccessLogEntry) -> String) -> AccessLogFormat {
        AccessLogFormat(format)
    }
}
