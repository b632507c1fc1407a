// The calendar arithmetic behind HTTPDate: days since 1970 to and from proleptic Gregorian
// dates in UTC, through 400-year eras that start on March 1st (so the leap day falls last).

extension HTTPDate {
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

    /// `a / b` rounded toward negative infinity.
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
