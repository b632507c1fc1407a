extension StringProtocol {
    /// The string without leading and trailing spaces and tabs (HTTP's OWS, RFC 9110 s5.6.3).
    package func trimmingHTTPWhitespace() -> String {
        let string = String(self)
        let utf8 = string.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == 0x20 || utf8[before] == 0x09 else { break }
            end = before
        }
        return String(string[start..<end])
    }
}
