import Foundation

/// A file name that is safe to use in a path on any common file system (Werkzeug's
/// `secure_filename`): ASCII only, letters folded as Unicode NFKD folds them (`é` -> `e`,
/// `ﬁ` -> `fi`, `Å` -> `A`; what has no ASCII form is dropped), whitespace runs
/// and path separators turned into `_`, only `A-Z a-z 0-9 _ . -` kept, no leading or trailing
/// `.` or `_`, and Windows device names (`CON`, `NUL`, `COM1`, ...) prefixed with `_`.
///
/// The result may be `""` (`"../../.."`, `"日本.txt"` -> `"txt"`... or nothing at all): the
/// caller must then choose a name itself.
///
///     secureFilename("My cool movie.mov")     // "My_cool_movie.mov"
///     secureFilename("../../../etc/passwd")   // "etc_passwd"
///     secureFilename("résumé.pdf")            // "resume.pdf"
///     secureFilename("CON.txt")               // "_CON.txt"
public func secureFilename(_ filename: String) -> String {
    // 1. NFKD-like folding, then keep ASCII only; path separators become spaces.
    var ascii: [UInt8] = []
    ascii.reserveCapacity(filename.utf8.count)
    for scalar in filename.unicodeScalars {
        let value = scalar.value
        if value < 0x80 {
            let byte = UInt8(value)
            ascii.append(byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") ? 0x20 : byte)
        } else if let folded = foldedToASCII(value) {
            ascii.append(contentsOf: folded.utf8)
        } else if scalar.properties.isWhitespace {
            ascii.append(0x20)
        } else {
            // Beyond the tables: Unicode's own NFKD (`Å` U+212B -> `A`, `ﬁ` -> `fi`), ASCII kept.
            for part in String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars where part.isASCII {
                let byte = UInt8(part.value)
                ascii.append(byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") ? 0x20 : byte)
            }
        }
    }
    // 2. Whitespace runs -> "_" (Python's "_".join(s.split())), then drop disallowed bytes.
    var joined: [UInt8] = []
    var pendingSpace = false
    for byte in ascii {
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte == 0x1C || byte == 0x1D || byte == 0x1E || byte == 0x1F {
            pendingSpace = !joined.isEmpty
            continue
        }
        let allowed = HTTPSyntax.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        if pendingSpace { joined.append(UInt8(ascii: "_")); pendingSpace = false }
        if allowed { joined.append(byte) }
    }
    // 3. Strip "." and "_" at both ends.
    var start = 0, end = joined.count
    while start < end, joined[start] == UInt8(ascii: ".") || joined[start] == UInt8(ascii: "_") { start += 1 }
    while end > start, joined[end - 1] == UInt8(ascii: ".") || joined[end - 1] == UInt8(ascii: "_") { end -= 1 }
    var result = String(decoding: joined[start..<end], as: UTF8.self)
    // 4. Windows reserved device names, whatever the extension.
    if let stem = result.split(separator: ".", omittingEmptySubsequences: false).first,
       windowsDeviceNames.contains(stem.uppercased()) {
        result = "_" + result
    }
    return result
}

/// Device names Windows reserves in every directory.
private let windowsDeviceNames: Set<String> = {
    var names: Set<String> = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    for digit in 1...9 { names.insert("COM\(digit)"); names.insert("LPT\(digit)") }
    return names
}()

/// The ASCII that Unicode NFKD decomposition leaves of `value` once combining marks are
/// dropped, for Latin-1 Supplement, Latin Extended-A and fullwidth ASCII; nil when nothing.
private func foldedToASCII(_ value: UInt32) -> String? {
    switch value {
    case 0xFF01...0xFF5E: return String(Unicode.Scalar(UInt8(value - 0xFEE0)))  // fullwidth forms
    case 0x00A0, 0x2000...0x200A, 0x3000: return " "
    case 0x00AA: return "a"
    case 0x00B2: return "2"
    case 0x00B3: return "3"
    case 0x00B9: return "1"
    case 0x00BA: return "o"
    case 0x00BC: return "14"   // 1/4 (the fraction slash is dropped)
    case 0x00BD: return "12"
    case 0x00BE: return "34"
    case 0x00C0...0x00FF:
        return latin1Table[Int(value - 0x00C0)].map { String(Unicode.Scalar($0)) }
    case 0x0100...0x017F:
        return latinExtendedATable[Int(value - 0x0100)]
    default: return nil
    }
}

/// Base letters of U+00C0...U+00FF under NFKD; nil where there is no decomposition
/// (Æ, Ð, ×, Ø, Þ, ß, æ, ð, ÷, ø, þ).
private let latin1Table: [UInt8?] = {
    let text = "AAAAAA_CEEEEIIII_NOOOOO__UUUUY__aaaaaa_ceeeeiiii_nooooo__uuuuy_y"
    return text.utf8.map { $0 == UInt8(ascii: "_") ? nil : $0 }
}()

/// NFKD of U+0100...U+017F, combining marks dropped; nil where there is no decomposition.
private let latinExtendedATable: [String?] = {
    // One entry per code point, "" for none.
    let entries = [
        "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",  // 0100
        "", "", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",    // 0110
        "G", "g", "G", "g", "H", "h", "", "", "I", "i", "I", "i", "I", "i", "I", "i",    // 0120
        "I", "", "IJ", "ij", "J", "j", "K", "k", "", "L", "l", "L", "l", "L", "l", "L",  // 0130
        "l", "", "", "N", "n", "N", "n", "N", "n", "n", "", "", "O", "o", "O", "o",     // 0140
        "O", "o", "", "", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",   // 0150
        "S", "s", "T", "t", "T", "t", "", "", "U", "u", "U", "u", "U", "u", "U", "u",   // 0160
        "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s", // 0170
    ]
    return entries.map { $0.isEmpty ? nil : $0 }
}()
