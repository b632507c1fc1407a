#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parsing and formatting of HTTP dates (RFC 9110 s5.6.7): the one formatter and parser of the
/// package, used by the header accessors, cookies, the file cache and the server's `Date` field.
///
/// ```swift
/// HTTPDate.format(Date(timeIntervalSince1970: 784111777)) // "Sun, 06 Nov 1994 08:49:37 GMT"
/// HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")      // same instant
/// ```
///
/// Pure arithmetic on the proleptic Gregorian calendar in UTC; no calendars,
/// locales or formatters are involved.
public enum HTTPDate {
    /// `day-name` (RFC 9110 s5.6.7), Sunday first as `weekday` counts.
    package static let dayNames: [String] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    /// The long day names of the obsolete RFC 850 form, lowercase.
    static let longDayNames: [String] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    /// `month` (RFC 9110 s5.6.7), January first; the Common Log Format uses the same names.
    package static let monthNames: [String] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years an IMF-fixdate can hold.
    static let earliest = -62_135_596_800, latest = 253_402_300_799

    /// Formats `date` as an IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`
    /// (RFC 9110 s5.6.7). Fractional seconds are truncated toward the past; dates outside
    /// the years 1...9999 are clamped to them.
    public static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        // Clamped before the conversion, so huge or non-finite intervals cannot trap.
        let clamped = t.isNaN ? 0 : Swift.min(Swift.max(t.rounded(.down), Double(earliest)), Double(latest))
        return format(secondsSince1970: Int(clamped))
    }

    /// Formats a time in whole seconds since 1970 as an IMF-fixdate (RFC 9110 s5.6.7):
    /// `day-name "," SP DD SP month SP YYYY SP hh ":" mm ":" ss SP "GMT"`.
    package static func format(secondsSince1970 seconds: Int) -> String {
        let secs = Swift.min(Swift.max(seconds, earliest), latest)
        let days = floorDiv(secs, 86_400)
        let rem = secs - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        let weekday = ((days % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
        var s = dayNames[weekday] + ", "
        s += pad(d, 2) + " " + monthNames[m - 1] + " " + pad(y, 4) + " "
        s += pad(rem / 3600, 2) + ":" + pad(rem / 60 % 60, 2) + ":" + pad(rem % 60, 2) + " GMT"
        return s
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
