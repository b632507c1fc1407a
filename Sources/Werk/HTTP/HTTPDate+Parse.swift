#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Reading the three date forms of RFC 9110 s5.6.7 (IMF-fixdate, RFC 850, asctime).

extension HTTPDate {
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
        guard secs >= earliest, secs <= latest else { return nil }
        return Date(timeIntervalSince1970: Double(secs))
    }

    private static func yearNow() -> Int {
        let secs = Int(Date().timeIntervalSince1970)
        return civil(fromDays: floorDiv(secs, 86_400)).0
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
