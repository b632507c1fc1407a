/// A file name that is safe to use in a path on any common file system (Werkzeug's
/// `secure_filename`): ASCII only, letters folded as Unicode NFKD folds them (`é` -> `e`,
/// `ﬁ` -> `fi`, `Å` -> `A`; what has no ASCII form is dropped, `NFKDASCIITable`), whitespace runs
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
    // 1. NFKD, then ASCII only (Werkzeug: normalize("NFKD"), encode("ascii", "ignore")); path
    //    separators become spaces.
    var ascii: [UInt8] = []
    ascii.reserveCapacity(filename.utf8.count)
    for scalar in filename.unicodeScalars {
        let folded = ascii.count
        if scalar.isASCII {
            ascii.append(UInt8(scalar.value))
        } else if !NFKDASCIITable.appendFolding(of: scalar.value, to: &ascii) {
            continue
        }
        for index in folded..<ascii.count where ascii[index] == UInt8(ascii: "/") || ascii[index] == UInt8(ascii: "\\") {
            ascii[index] = 0x20
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
