// libFuzzer target for HTTP dates (issue 14). Not part of the package build:
// `Benchmarks/fuzz.sh httpdate` compiles it against the instrumented Werk module.
//
// Properties, besides no crash, hang or leak:
// - the input as text: when HTTPDate.parse accepts it, the instant is whole seconds and
//   HTTPDate.format writes it as a 29-byte IMF-fixdate that parses back to the same instant;
// - the input's first eight bytes as an instant in years 1...9999 (plus a fraction): it is
//   formatted, then parsed back in IMF-fixdate, upper and lower case, RFC 850 (two-digit year
//   against a current year 0...49 years later: exactly 50 years back reads as 50 years ahead,
//   RFC 9110 s5.6.7) and asctime forms, and with a numeric zone offset,
//   always to the same instant, truncated to the second.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import Werk

let firstSecond: Int64 = -62_135_596_800   // 0001-01-01T00:00:00Z
let lastSecond: Int64 = 253_402_300_799    // 9999-12-31T23:59:59Z
let longDays = ["Sun": "Sunday", "Mon": "Monday", "Tue": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday",
                "Fri": "Friday", "Sat": "Saturday"]

func checkParsed(_ text: String) {
    guard let date = HTTPDate.parse(text, currentYear: 2026) else { return }
    let seconds = date.timeIntervalSince1970
    require(seconds.rounded(.down) == seconds, "fractional seconds from \(String(reflecting: text))")
    let formatted = HTTPDate.format(date)
    require(formatted.utf8.count == 29, "format gave \(String(reflecting: formatted)) for \(String(reflecting: text))")
    require(HTTPDate.parse(formatted) == date,
            "\(String(reflecting: text)) -> \(seconds) -> \(formatted) -> \(String(describing: HTTPDate.parse(formatted)?.timeIntervalSince1970))")
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}

func checkInstant(_ raw: UInt64, fraction: UInt8, offsetMinutes: Int, yearsAhead: Int) {
    let span = UInt64(lastSecond - firstSecond + 1)
    let seconds = firstSecond + Int64(raw % span)
    let instant = Date(timeIntervalSince1970: Double(seconds) + Double(fraction) / 256)
    let expected = Date(timeIntervalSince1970: Double(seconds))
    let imf = HTTPDate.format(instant)
    require(HTTPDate.format(expected) == imf, "the fraction changed the formatted date \(imf)")
    func expect(_ text: String, currentYear: Int = 2026, _ want: Date = expected) {
        let got = HTTPDate.parse(text, currentYear: currentYear)
        require(got == want, "\(String(reflecting: text)) parsed as \(String(describing: got?.timeIntervalSince1970)), expected \(want.timeIntervalSince1970)")
    }
    expect(imf)
    expect(imf.uppercased())
    expect(imf.lowercased())
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let fields = imf.split(separator: " ").map(String.init)
    require(fields.count == 6, "format gave \(imf)")
    let weekday = String(fields[0].dropLast()), day = fields[1], month = fields[2], year = fields[3], time = fields[4]
    let yearNumber = Int(year)!
    // asctime: "Sun Nov  6 08:49:37 1994" (day padded with a space).
    let asctimeDay = day.hasPrefix("0") ? " " + day.dropFirst() : day
    expect("\(weekday) \(month) \(asctimeDay) \(time) \(year)")
    // RFC 850 with the year's last two digits: right whenever the current year is 0...49 years on.
    if yearNumber >= 100 && yearNumber + yearsAhead <= 9999 {
        expect("\(longDays[weekday]!), \(day)-\(month)-\(year.suffix(2)) \(time) GMT", currentYear: yearNumber + yearsAhead)
    }
    // A numeric zone: the same wall-clock time east of UTC is that much earlier.
    let offset = offsetMinutes * 60
    let shifted = seconds + Int64(offset)
    if shifted >= firstSecond && shifted <= lastSecond {
        let local = HTTPDate.format(Date(timeIntervalSince1970: Double(shifted)))
        let sign = offsetMinutes < 0 ? "-" : "+"
        let zone = sign + pad(abs(offsetMinutes) / 60, 2) + pad(abs(offsetMinutes) % 60, 2)
        expect(local.replacing(" GMT", with: " " + zone))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPDate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    checkParsed(input.text)
    let raw = input.uint64()
    let fraction = input.byte()
    let offsetMinutes = input.int(below: 2 * 1440 - 1) - 1439   // -23:59 ... +23:59
    let yearsAhead = input.int(below: 50)
    checkInstant(raw, fraction: fraction, offsetMinutes: offsetMinutes, yearsAhead: yearsAhead)
    return 0
}
