/// The file name a client sent for an upload, made safe to show: the last path component
/// only, with WHATWG's `%22` escape for a double quote undone.
///
/// Old Internet Explorer sent the full client path (`C:\Users\x\a.txt`), a hostile client
/// may send `../../etc/passwd`; both keep only the last component (`a.txt`, `passwd`), and
/// `.` or `..` alone become `""`. Browsers following the HTML standard's multipart/form-data
/// encoding algorithm write `"` in a file name as `%22`, which is turned back into `"`
/// (`%0D`/`%0A` are left encoded so a file name never holds a line break). The result is
/// still client data: use `secureFilename(_:)` before using it in a path.
///
///     uploadFilename("C:\\Users\\x\\a.txt")   // "a.txt"
///     uploadFilename("../../etc/passwd")      // "passwd"
///     uploadFilename("say %22hi%22.txt")      // "say \"hi\".txt"
public func uploadFilename(_ raw: String) -> String {
    // The last separator byte: by Character, "/" followed by a combining mark is no "/".
    var last = Substring(raw)
    if let separator = raw.utf8.lastIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) {
        last = Substring(raw.utf8[raw.utf8.index(after: separator)...])
    }
    if last.utf8.elementsEqual(".".utf8) || last.utf8.elementsEqual("..".utf8) { return "" }
    if last.contains("%22") { return String(last.replacing("%22", with: "\"")) }
    return String(last)
}
