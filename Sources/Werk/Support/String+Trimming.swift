extension StringProtocol {
    /// The string without leading and trailing spaces and tabs (HTTP's OWS, RFC 9110 s5.6.3).
    package func trimmingHTTPWhitespace() -> String {
        let string = String(self)
        let utf8 = string.utf8
        let trimmed = HTTPSyntax.trimmingOWS(utf8)
        return String(string[trimmed.startIndex..<trimmed.endIndex])
    }
}
