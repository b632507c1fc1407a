import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Writes status lines and header fields into a `ByteWriter` (no String building), with the
/// `Date` field formatted once a second.
struct ResponseEncoder {
    private var cachedSecond = -1
    private var dateLine: [UInt8] = []

    /// Appends `HTTP/1.1 <code> <reason>\r\n` (RFC 9112 s4: a server sends its own version, 1.1).
    static func appendStatusLine(_ status: Status, to out: ByteWriter) {
        // The lines of the registered statuses are made once.
        let index = status.code - 100
        if index >= 0 && index < statusLines.count, let line = statusLines[index], line.reason == status.reason {
            line.bytes.withUnsafeBytes { out.append($0) }
            return
        }
        out.append("HTTP/1.1 " as StaticString)
        out.appendDecimal(status.code)
        out.append(0x20)
        out.append(status.reason)
        out.appendCRLF()
    }

    /// `HTTP/1.1 <code> <reason>\r\n` of every registered status, by code - 100.
    private static let statusLines: [(reason: String, bytes: [UInt8])?] = (100..<600).map { code in
        let reason = Status.reasonPhrase(for: code)
        guard reason != "Unknown" else { return nil }
        return (reason, Array("HTTP/1.1 \(code) \(reason)\r\n".utf8))
    }

    /// Appends `name: value\r\n`.
    static func appendField(_ name: String, _ value: String, to out: ByteWriter) {
        out.append(name)
        out.append(0x3A)
        out.append(0x20)
        out.append(value)
        out.appendCRLF()
    }

    /// Appends `name: <decimal>\r\n`.
    static func appendField(_ name: StaticString, _ value: Int, to out: ByteWriter) {
        out.append(name)
        out.append(0x3A)
        out.append(0x20)
        out.appendDecimal(value)
        out.appendCRLF()
    }

    /// Appends the `Date` field for the current second, formatted once per second
    /// (RFC 9110 s6.6.1: an origin server with a clock MUST send Date in 2xx-5xx; IMF-fixdate s5.6.7).
    mutating func appendDate(to out: ByteWriter) {
        let now = time(nil)
        if now != cachedSecond {
            cachedSecond = now
            dateLine = Array("Date: \(ResponseEncoder.imfFixdate(now))\r\n".utf8)
        }
        dateLine.withUnsafeBytes { out.append($0) }
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for `seconds` since 1970.
    static func imfFixdate(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
