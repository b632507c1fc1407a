import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Writes status lines and header sections into a reused byte buffer (no String building).
struct ResponseEncoder {
    private var cachedSecond = -1
    private var dateLine: [UInt8] = []

    /// Appends `HTTP/1.1 <code> <reason>\r\n` (RFC 9112 s4: a server sends its own version, 1.1).
    static func appendStatusLine(_ status: Status, to out: inout [UInt8]) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &out)
        out.append(0x20)
        out.append(contentsOf: status.reason.utf8)
        out.append(contentsOf: crlf)
    }

    /// Appends `name: value\r\n`.
    static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        out.append(contentsOf: name.utf8)
        out.append(0x3A)
        out.append(0x20)
        out.append(contentsOf: value.utf8)
        out.append(contentsOf: crlf)
    }

    /// Appends the `Date` field for the current second, formatted once per second
    /// (RFC 9110 s6.6.1: an origin server with a clock MUST send Date in 2xx-5xx; IMF-fixdate s5.6.7).
    mutating func appendDate(to out: inout [UInt8]) {
        let now = time(nil)
        if now != cachedSecond {
            cachedSecond = now
            dateLine = Array("Date: ".utf8) + ResponseEncoder.imfFixdate(now) + crlf
        }
        out.append(contentsOf: dateLine)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for `seconds` since 1970.
    static func imfFixdate(_ seconds: Int) -> [UInt8] {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out.append(contentsOf: days[Int(parts.tm_wday)].utf8)
        out.append(contentsOf: ", ".utf8)
        appendTwoDigits(Int(parts.tm_mday), to: &out)
        out.append(0x20)
        out.append(contentsOf: months[Int(parts.tm_mon)].utf8)
        out.append(0x20)
        appendDecimal(Int(parts.tm_year) + 1900, to: &out)
        out.append(0x20)
        appendTwoDigits(Int(parts.tm_hour), to: &out)
        out.append(0x3A)
        appendTwoDigits(Int(parts.tm_min), to: &out)
        out.append(0x3A)
        appendTwoDigits(Int(parts.tm_sec), to: &out)
        out.append(contentsOf: " GMT".utf8)
        return out
    }

    /// Appends `value` in decimal.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D); appendDecimal(-value, to: &out); return }
        if value < 10 { out.append(UInt8(0x30 + value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value, count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 { buffer[19 - count] = UInt8(0x30 + n % 10); n /= 10; count += 1 }
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Appends `value` in lowercase hexadecimal (chunk sizes, RFC 9112 s7.1).
    static func appendHex(_ value: Int, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var shift = 60
        while shift > 0 && (value >> shift) & 0xF == 0 { shift -= 4 }
        while shift >= 0 { out.append(hex[(value >> shift) & 0xF]); shift -= 4 }
    }

    private static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(0x30 + value / 10))
        out.append(UInt8(0x30 + value % 10))
    }
}

/// `\r\n`.
let crlf: [UInt8] = [0x0D, 0x0A]
