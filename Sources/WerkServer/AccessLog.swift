import Werk
#if canImport(Glibc)
import Glibc
#endif

/// The server's access log: one `AccessLogEntry` line per request on stderr, the status
/// colored when stderr is a terminal.
///
///     127.0.0.1 - - [06/Nov/2024:08:49:37 +0000] "GET /hello HTTP/1.1" 200 13 0.412ms
public enum AccessLog {
    /// True when stderr is a terminal (colors on).
    static let stderrIsTerminal: Bool = isatty(2) == 1

    /// The log line for `entry`, ending in a newline; `color` wraps the status in ANSI colors.
    public static func format(_ entry: AccessLogEntry, color: Bool) -> String {
        entry.formatted(color: color)
    }

    /// Writes `entry` to stderr in one write(2).
    public static func write(_ entry: AccessLogEntry) {
        StandardError.shared.write(entry.formatted(color: stderrIsTerminal))
    }
}
