#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One served request, as the access log records it.
public struct AccessLogEntry: Sendable, Equatable {
    /// The client's address (`-` when unknown).
    public var remoteHost: String
    /// When the request arrived, in seconds since 1970.
    public var time: Int
    /// The request line as `METHOD target PROTOCOL`, or `-` when none could be parsed.
    public var requestLine: String
    /// The status code sent.
    public var status: Int
    /// Body bytes sent.
    public var bytes: Int
    /// How long the request took, in nanoseconds.
    public var durationNanos: UInt64
    /// The authenticated user (`REMOTE_USER`), when known.
    public var remoteUser: String?
    /// The `Referer` header, when known (Combined Log Format).
    public var referrer: String?
    /// The `User-Agent` header, when known (Combined Log Format).
    public var userAgent: String?
    /// The request's id (`X-Request-Id`), when known.
    public var requestID: String?

    /// An entry with every field.
    public init(remoteHost: String, time: Int, requestLine: String, status: Int, bytes: Int, durationNanos: UInt64) {
        self.remoteHost = remoteHost
        self.time = time
        self.requestLine = requestLine
        self.status = status
        self.bytes = bytes
        self.durationNanos = durationNanos
    }

    /// The Common Log Format line plus the duration (and the request id when known), ending in
    /// a newline; `color` wraps the status in ANSI colors (for a terminal).
    ///
    ///     127.0.0.1 - - [06/Nov/2024:08:49:37 +0000] "GET /hello HTTP/1.1" 200 13 0.412ms
    public func formatted(color: Bool = false) -> String {
        let host = remoteHost.isEmpty ? "-" : remoteHost
        let code = String(status)
        let shown = color ? AccessLogEntry.colored(code, code: status) : code
        let sent = bytes > 0 ? String(bytes) : "-"
        let line = AccessLogEntry.escaped(requestLine)
        let id = requestID.map { " " + AccessLogEntry.escaped($0) } ?? ""
        return "\(host) - \(userField) [\(AccessLogEntry.clfTime(time))] \"\(line)\" \(shown) \(sent) \(AccessLogEntry.duration(durationNanos))\(id)\n"
    }
}

extension AccessLogEntry {
    /// `06/Nov/2024:08:49:37 +0000` in local time (Common Log Format).
    static func clfTime(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        localtime_r(&t, &parts)
        let offset = parts.tm_gmtoff / 60
        let sign = offset < 0 ? "-" : "+"
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(two(Int(parts.tm_mday)))/\(HTTPDate.monthNames[Int(parts.tm_mon)])/\(Int(parts.tm_year) + 1900):"
            + "\(two(Int(parts.tm_hour))):\(two(Int(parts.tm_min))):\(two(Int(parts.tm_sec))) "
            + "\(sign)\(two(abs(offset) / 60))\(two(abs(offset) % 60))"
    }

    /// `0.412ms`, `12.5ms`, `1.20s`.
    static func duration(_ nanos: UInt64) -> String {
        let micros = Int(nanos / 1000)
        if micros < 10_000 { return "\(micros / 1000).\(pad3(micros % 1000))ms" }
        if micros < 1_000_000 { return "\(micros / 1000).\(micros % 1000 / 100)ms" }
        return "\(micros / 1_000_000).\(pad3(micros % 1_000_000 / 1000).prefix(2))s"
    }

    private static func pad3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : String(n) }

    /// Control characters (C0, DEL and the C1 range U+0080-U+009F, which terminals also act
    /// on: 0x9B is CSI), `"` and `\\` escaped, so a request line or a header can neither forge
    /// log lines nor drive the terminal showing them (Werkzeug escapes the same range).
    public static func escaped(_ text: String) -> String {
        // C1 controls are U+0080-U+009F: in UTF-8, 0xC2 followed by 0x80-0x9F.
        var previous: UInt8 = 0
        let needed = text.utf8.contains { byte in
            defer { previous = byte }
            return byte < 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x5C || (previous == 0xC2 && byte < 0xA0)
        }
        guard needed else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0..<0x20, 0x7F...0x9F: out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// 2xx green, 3xx cyan, 4xx yellow, 5xx red (bold).
    static func colored(_ text: String, code: Int) -> String {
        let sequence: String
        switch code {
        case 200..<300: sequence = "32"
        case 300..<400: sequence = "36"
        case 400..<500: sequence = "33"
        default: sequence = "1;31"
        }
        return "\u{1B}[\(sequence)m\(text)\u{1B}[0m"
    }
}
