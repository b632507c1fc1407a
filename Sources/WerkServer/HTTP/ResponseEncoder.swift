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
            dateLine = Array("Date: \(HTTPDate.format(secondsSince1970: now))\r\n".utf8)
        }
        dateLine.withUnsafeBytes { out.append($0) }
    }
}
