#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parsing and formatting of HTTP dates (RFC 9110 s5.6.7).
///
/// ```swift
/// HTTPDate.format(Date(timeIntervalSince1970: 784111777)) // "Sun, 06 Nov 1994 08:49:37 GMT"
/// HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")      // same instant
/// ```
///
/// Pure arithmetic on the proleptic Gregorian calendar in UTC; no calendars,
/// locales or formatters are involved.
public enum HTTPDate {
    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants an IMF-fixdate can write.
    private static let firstSecond = -62_135_596_800
    private static let lastSecond = 253_402_300_799
    private static let dayNames: [String] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longDayNames: [String] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    private static let monthNames: [String] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats `date` as an IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`
    /// (RFC 9110 s5.6.7). Fractional seconds are truncated toward the past.
    public static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        // Clamp to the representable range of years 1...9999 so huge or
        // non-finite intervals cannot trap when converted to Int.
        let clamped = t.isNaN ? 0 : Swift.min(Swift.max(t.rounded(.down), Double(firstSecond)), Double(lastSecond))
        let secs = Int(clamped)
        let days = floorDiv(secs, 86_400)
        let rem = secs - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        let weekday = ((days % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
        var s = dayNames[weekday] + ", "
        s += pad(d, 2) + " " + monthNames[m - 1] + " " + pad(y, 4) + " "
        s += pad(rem / 3600, 2) + ":" + pad(rem / 60 % 60, 2) + ":" + pad(rem % 60, 2) + " GMT"
        return s
    }

    /// Parses an HTTP date in any of the three forms of RFC 9110 s5.6.7:
    /// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850
    /// form (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
    /// (`Sun Nov  6 08:49:37 1994`).
    ///
    /// Leniency: surrounding whitespace, any case for names, a missing zone,
    /// `UTC`/`UT`/`Z` and numeric `+hhmm` offsets are accepted. Day names are
    /// not checked against the date. Out-of-range fields (`32 Jan`, `Feb 30`,
    /// `25:00:00`, `:60` seconds) and years outside 1...9999 give `nil`, and so does
    /// an offset that moves the instant outside those years (`format` could not write it).
    public static func parse(_ value: String) -> Date? {
        parse(value, currentYear: nil)
    }

    /// Parser with an injectable "current year" for the RFC 850 two-digit
    /// year rule (tests).
    static func parse(_ value: String, currentYear: Int?) -> Date? {
        var p = DateScanner(Array(value.utf8))
        p.skipSpaces()
        guard let first = p.readAlpha() else { return nil }
        let firstLower = HTTPSyntax.lowercased(first)
        var year: Int
        var month: Int
        var day: Int
        var time: (Int, Int, Int)
        var offset = 0
        if p.peek == UInt8(ascii: ",") {
            // IMF-fixdate or rfc850-date: the word was a day name.
            guard isDayName(firstLower) else { return nil }
            p.advance()
            p.skipSpaces()
            guard let d = p.readNumber(maxDigits: 2) else { return nil }
            day = d
            if p.peek == UInt8(ascii: "-") {
                // rfc850-date: DD-Mon-YY (RFC 9110 s5.6.7)
                p.advance()
                guard let mon = p.readAlpha().flatMap(monthNumber), p.peek == UInt8(ascii: "-") else { return nil }
                p.advance()
                let start = p.index
                guard let y = p.readNumber(maxDigits: 4) else { return nil }
                month = mon
                if p.index - start == 2 {
                    year = expandTwoDigitYear(y, currentYear: currentYear ?? yearNow())
                } else if p.index - start == 4 {
                    year = y
                } else {
                    return nil
                }
            } else {
                // IMF-fixdate: DD SP Mon SP YYYY
                guard p.skipSpaces() > 0, let mon = p.readAlpha().flatMap(monthNumber), p.skipSpaces() > 0 else { return nil }
                let start = p.index
                guard let y = p.readNumber(maxDigits: 4), p.index - start == 4 else { return nil }
                month = mon
                year = y
            }
            guard p.skipSpaces() > 0, let t = p.readTime() else { return nil }
            time = t
            p.skipSpaces()
            guard let off = p.readZone() else { return nil }
            offset = off
        } else {
            // asctime-date: day-name SP Mon SP ( 2DIGIT / ( SP DIGIT ) ) SP time SP YYYY
            guard isDayName(firstLower), p.skipSpaces() > 0,
                  let mon = p.readAlpha().flatMap(monthNumber), p.skipSpaces() > 0,
                  let d = p.readNumber(maxDigits: 2), p.skipSpaces() > 0,
                  let t = p.readTime(), p.skipSpaces() > 0 else { return nil }
            let start = p.index
            guard let y = p.readNumber(maxDigits: 4), p.index - start == 4 else { return nil }
            month = mon
            day = d
            time = t
            year = y
            p.skipSpaces()
            // Some producers append "GMT" to asctime; tolerate it.
            guard let off = p.readZone() else { return nil }
            offset = off
        }
        p.skipSpaces()
        guard p.atEnd else { return nil }
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= daysInMonth(year: year, month: month),
              (0...23).contains(time.0), (0...59).contains(time.1), (0...59).contains(time.2)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let secs = days * 86_400 + time.0 * 3600 + time.1 * 60 + time.2 - offset
        guard secs >= firstSecond, secs <= lastSecond else { return nil }
        return Date(timeIntervalSince1970: Double(secs))
    }

    // MARK: - Calendar arithmetic

    /// Days since 1970-01-01 for a proleptic Gregorian date (days-from-civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        // Shift the year so it starts in March; the leap day is then last.
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400                                   // 0...399
        let mp = (month + 9) % 12                                       // March = 0
        let dayOfYear = (153 * mp + 2) / 5 + day - 1                    // 0...365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Inverse of `daysFromCivil`: (year, month, day) for days since 1970-01-01.
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097                                            // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func isLeapYear(_ y: Int) -> Bool {
        (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// RFC 9110 s5.6.7: a two-digit year that appears to be more than 50 years
    /// in the future means the most recent past year with those last digits.
    static func expandTwoDigitYear(_ yy: Int, currentYear: Int) -> Int {
        var y = (currentYear / 100) * 100 + yy
        if y > currentYear + 50 { y -= 100 }
        return y
    }

    private static func yearNow() -> Int {
        let secs = Int(Date().timeIntervalSince1970)
        return civil(fromDays: floorDiv(secs, 86_400)).0
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func isDayName(_ lower: String) -> Bool {
        (lower.utf8.count == 3 && dayNames.contains { HTTPSyntax.lowercased($0) == lower })
            || longDayNames.contains(lower)
    }

    private static func monthNumber(_ name: String) -> Int? {
        let lower = HTTPSyntax.lowercased(name)
        guard let i = monthNames.firstIndex(where: { HTTPSyntax.lowercased($0) == lower }) else { return nil }
        return i + 1
    }
}

/// A tiny cursor over the bytes of a date string.
private struct DateScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    mutating func advance() { index += 1 }

    /// Skips spaces and tabs, returning how many were skipped.
    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = index
        while let b = peek, HTTPSyntax.isSpace(b) { index += 1 }
        return index - start
    }

    mutating func readAlpha() -> String? {
        let start = index
        while let b = peek, (b | 0x20) >= UInt8(ascii: "a"), (b | 0x20) <= UInt8(ascii: "z") { index += 1 }
        return index > start ? HTTPSyntax.string(bytes[start..<index]) : nil
    }

    /// Reads 1...maxDigits digits; more digits than that is an error.
    mutating func readNumber(maxDigits: Int) -> Int? {
        let start = index
        while let b = peek, HTTPSyntax.isDigit(b) { index += 1 }
        let n = index - start
        guard n >= 1, n <= maxDigits else { return nil }
        return HTTPSyntax.parseDigits(bytes[start..<index])
    }

    /// `hour ":" minute ":" second`, each exactly two digits (RFC 9110 s5.6.7).
    mutating func readTime() -> (Int, Int, Int)? {
        var parts: [Int] = []
        for i in 0..<3 {
            if i > 0 {
                guard peek == UInt8(ascii: ":") else { return nil }
                advance()
            }
            let start = index
            guard let n = readNumber(maxDigits: 2), index - start == 2 else { return nil }
            parts.append(n)
        }
        return (parts[0], parts[1], parts[2])
    }

    /// Reads an optional zone and returns its offset east of UTC in seconds.
    /// Nothing, `GMT`, `UTC`, `UT`, `Z` mean 0; `+hhmm`/`-hhmm` are numeric.
    mutating func readZone() -> Int? {
        guard let b = peek else { return 0 }
        if b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
            advance()
            let start = index
            guard readNumber(maxDigits: 4) != nil, index - start == 4 else { return nil }
            let digits = bytes[start..<index].map { Int($0 - UInt8(ascii: "0")) }
            let hh = digits[0] * 10 + digits[1]
            let mm = digits[2] * 10 + digits[3]
            guard hh <= 23, mm <= 59 else { return nil }
            let off = hh * 3600 + mm * 60
            return b == UInt8(ascii: "+") ? off : -off
        }
        guard let name = readAlpha() else { return nil }
        switch HTTPSyntax.lowercased(name) {
        case "gmt", "utc", "ut", "z": return 0
        default: return nil
        }
    }
}
