#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Werk

@Suite struct HTTPDateTests {
    static let nov1994: Double = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test(arguments: [
        (784_111_777.0, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1.0, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_709_208_000.0, "Thu, 29 Feb 2024 12:00:00 GMT"),
        (-2_203_891_200.0, "Thu, 01 Mar 1900 00:00:00 GMT"),
        (-62_135_596_800.0, "Mon, 01 Jan 0001 00:00:00 GMT"),
        (253_402_300_799.0, "Fri, 31 Dec 9999 23:59:59 GMT"),
        (784_111_777.9, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (-0.5, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func format(seconds: Double, expected: String) {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func formatClampsOutOfRangeDates() {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1e300)) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: -1e300)) == "Mon, 01 Jan 0001 00:00:00 GMT")
    }

    @Test(arguments: [
        // The three forms of RFC 9110 s5.6.7
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        // Leniency
        "  Sun, 06 Nov 1994 08:49:37 GMT \r\n",
        "sun, 06 nov 1994 08:49:37 gmt",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 09:49:37 +0100",
        "Sun, 06 Nov 1994 07:49:37 -0100",
        "Sun, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov 06 08:49:37 1994",
        "Sun Nov  6 08:49:37 1994 GMT",
        "Mon, 06 Nov 1994 08:49:37 GMT",  // day name not checked
    ])
    func parsesKnownForms(input: String) {
        #expect(HTTPDate.parse(input) == Date(timeIntervalSince1970: Self.nov1994))
    }

    @Test(arguments: [
        "", "   ", "garbage", "Sun, 06 Nov 1994", "Sun, 32 Jan 1994 00:00:00 GMT",
        "Sun, 00 Jan 1994 00:00:00 GMT", "Sun, 30 Feb 2000 00:00:00 GMT",
        "Sun, 29 Feb 1900 00:00:00 GMT", "Sun, 29 Feb 2023 00:00:00 GMT",
        "Sun, 31 Apr 2023 00:00:00 GMT",
        "Sun, 06 Nov 1994 25:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:60 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 0000 08:49:37 GMT",
        "Sun, 06 Nov 10000 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nov 1994 08:49:37 GMT trailing",
        "Sun, 999999999999999999999 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun 06 Nov 1994 08:49:37 GMT",
        "Sun Nov 31 08:49:37 1994", "Sun Nov  6 08:49:37 94",
        "Sunday, 06-Nov-9 08:49:37 GMT", "Sunday, 06-Nov-994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 +2500", "1994-11-06T08:49:37Z",
        "Sun, \u{00e9}6 Nov 1994 08:49:37 GMT",
    ])
    func rejectsInvalid(input: String) {
        #expect(HTTPDate.parse(input) == nil)
    }

    @Test(arguments: [
        ("Thu, 29 Feb 2024 12:00:00 GMT", 1_709_208_000.0),
        ("Tue, 29 Feb 2000 00:00:00 GMT", 951_782_400.0),
        ("Mon, 01 Jan 0001 00:00:00 GMT", -62_135_596_800.0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799.0),
        ("Thu, 01 Mar 1900 00:00:00 GMT", -2_203_891_200.0),
        ("Wed, 31 Dec 1969 23:59:59 GMT", -1.0),
    ])
    func parsesEdgeDates(input: String, seconds: Double) {
        #expect(HTTPDate.parse(input) == Date(timeIntervalSince1970: seconds))
    }

    /// RFC 9110 s5.6.7: more than 50 years in the future means the past century.
    @Test(arguments: [
        (94, 2025, 1994), (75, 2025, 2075), (76, 2025, 1976), (0, 2025, 2000),
        (25, 2025, 2025), (99, 2000, 1999), (50, 2000, 2050), (51, 2000, 1951),
    ])
    func twoDigitYears(yy: Int, now: Int, expected: Int) {
        #expect(HTTPDate.expandTwoDigitYear(yy, currentYear: now) == expected)
    }

    @Test func rfc850UsesCurrentYearRule() {
        let d = HTTPDate.parse("Thursday, 01-Jan-70 00:00:00 GMT", currentYear: 2010)
        #expect(d == Date(timeIntervalSince1970: 0))
        let future = HTTPDate.parse("Saturday, 01-Jan-50 00:00:00 GMT", currentYear: 2010)
        #expect(future.map(HTTPDate.format) == "Sat, 01 Jan 2050 00:00:00 GMT")
    }

    @Test(arguments: [0.0, 784_111_777, -62_135_596_800, 253_402_300_799, 1_709_208_000, -12_345_678_901])
    func roundTrip(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(HTTPDate.parse(HTTPDate.format(date)) == date)
    }

    /// The one IMF-fixdate formatter serves `Date`s and whole seconds (the server's `Date` field).
    @Test(arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (1_700_000_005, "Tue, 14 Nov 2023 22:13:25 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 GMT"),
        (Int.max, "Fri, 31 Dec 9999 23:59:59 GMT"),
        (Int.min, "Mon, 01 Jan 0001 00:00:00 GMT"),
    ])
    func formatsWholeSeconds(seconds: Int, expected: String) {
        #expect(HTTPDate.format(secondsSince1970: seconds) == expected)
        if seconds > Int(Int32.min) && seconds < Int(Int32.max) {
            #expect(HTTPDate.format(Date(timeIntervalSince1970: Double(seconds))) == expected)
        }
    }

    /// Every month and day name is written and read back (one table for both directions).
    @Test(arguments: 1...12)
    func everyMonthRoundTrips(month: Int) {
        for day in [1, 7, 15, 28] {
            let seconds = HTTPDate.daysFromCivil(year: 2024, month: month, day: day) * 86_400 + 45_296
            let text = HTTPDate.format(secondsSince1970: seconds)
            #expect(text.contains(" \(HTTPDate.monthNames[month - 1]) 2024 12:34:56 GMT"))
            #expect(HTTPDate.parse(text) == Date(timeIntervalSince1970: Double(seconds)))
            #expect(HTTPDate.parse(text.uppercased()) == Date(timeIntervalSince1970: Double(seconds)))
        }
    }

    @Test func daysFromCivilInvertsCivil() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (y, m, d) = HTTPDate.civil(fromDays: days)
            #expect(HTTPDate.daysFromCivil(year: y, month: m, day: d) == days)
        }
    }
}
