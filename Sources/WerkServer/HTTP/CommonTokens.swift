#if canImport(Glibc)
import Glibc
#endif

/// The methods and header names most requests carry, as string literals: a parsed token equal
/// to one of them (same case) is returned as the literal, so the usual head makes no String
/// from its bytes for them.
enum CommonTokens {
    private static let methods: [(StaticString, String)] = [
        ("GET", "GET"),
        ("PUT", "PUT"),
        ("POST", "POST"),
        ("HEAD", "HEAD"),
        ("PATCH", "PATCH"),
        ("DELETE", "DELETE"),
        ("OPTIONS", "OPTIONS"),
    ]
    private static let names: [(StaticString, String)] = [
        ("Host", "Host"),
        ("Accept", "Accept"),
        ("Cookie", "Cookie"),
        ("Origin", "Origin"),
        ("Referer", "Referer"),
        ("Connection", "Connection"),
        ("User-Agent", "User-Agent"),
        ("Content-Type", "Content-Type"),
        ("Content-Length", "Content-Length"),
        ("Cache-Control", "Cache-Control"),
        ("Authorization", "Authorization"),
        ("Accept-Encoding", "Accept-Encoding"),
        ("Accept-Language", "Accept-Language"),
        ("Upgrade-Insecure-Requests", "Upgrade-Insecure-Requests"),
        ("If-None-Match", "If-None-Match"),
        ("If-Modified-Since", "If-Modified-Since"),
        ("Sec-Fetch-Mode", "Sec-Fetch-Mode"),
        ("Sec-Fetch-Site", "Sec-Fetch-Site"),
        ("Sec-Fetch-Dest", "Sec-Fetch-Dest"),
        ("Sec-Fetch-User", "Sec-Fetch-User"),
        ("Transfer-Encoding", "Transfer-Encoding"),
        ("Expect", "Expect"),
        ("Range", "Range"),
        ("Pragma", "Pragma"),
        ("DNT", "DNT"),
    ]

    /// The literal method equal to `bytes`, or nil.
    static func method(_ bytes: UnsafeRawBufferPointer) -> String? { find(bytes, in: methods) }

    /// The literal header name equal to `bytes`, or nil.
    static func headerName(_ bytes: UnsafeRawBufferPointer) -> String? { find(bytes, in: names) }

    private static func find(_ bytes: UnsafeRawBufferPointer, in list: [(StaticString, String)]) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        for (literal, value) in list where literal.utf8CodeUnitCount == bytes.count && memcmp(base, literal.utf8Start, bytes.count) == 0 {
            return value
        }
        return nil
    }
}
