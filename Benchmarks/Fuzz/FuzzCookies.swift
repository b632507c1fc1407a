// libFuzzer target for the Cookie request header and Set-Cookie values (issue 14). Not part of
// the package build: `Benchmarks/fuzz.sh cookies` compiles it against the instrumented Werk module.
//
// Properties, besides no crash, hang or leak:
// - The whole input as a Cookie header: the pairs parseCookieHeader finds, each written again by
//   dumpCookie (no attributes) and joined with "; ", parse back to the same pairs; dumpCookie
//   refuses exactly the pairs it cannot write (a name that is not a token, a control character
//   in the value).
// - The input as lines (name, value, path, domain, then bytes for the other settings): dumpCookie
//   throws a CookieError only for a bad name, value, path or domain; otherwise its header has no
//   control byte, the test client's CookieJar reads back the name, a value that parseCookieHeader
//   decodes to the original, the flags, SameSite, path and expiry, and Expires is the IMF-fixdate
//   HTTPDate.format writes.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import Werk

/// Whether dumpCookie can write this name and value.
func isDumpable(name: String, value: String) -> Bool {
    isHTTPToken(name) && !value.utf8.contains { $0 < 0x20 || $0 == 0x7F }
}

func checkCookieHeader(_ text: String) {
    let pairs = parseCookieHeader(text).items.map { ($0.key, $0.value) }
    var dumped: [String] = []
    var kept: [(String, String)] = []
    for (name, value) in pairs {
        require(!name.isEmpty, "empty cookie name parsed from \(String(reflecting: text))")
        do {
            dumped.append(try dumpCookie(name: name, value: value, path: nil))
            require(isDumpable(name: name, value: value), "dumpCookie wrote \(String(reflecting: name))=\(String(reflecting: value))")
            kept.append((name, value))
        } catch {
            require(!isDumpable(name: name, value: value), "dumpCookie refused \(String(reflecting: name))=\(String(reflecting: value)): \(error)")
        }
    }
    let again = parseCookieHeader(dumped.joined(separator: "; ")).items.map { ($0.key, $0.value) }
    require(again.map { "\($0.0)\u{0}\($0.1)" } == kept.map { "\($0.0)\u{0}\($0.1)" },
            "cookie pairs changed through dumpCookie: \(kept) -> \(again) via \(dumped)")
}

func checkSetCookie(_ input: inout FuzzBytes) {
    let name = input.line()
    let value = input.line()
    let pathLine = input.line()
    let domainLine = input.line()
    let flags = input.byte()
    let path: String? = flags & 1 == 0 ? pathLine : nil
    let domain: String? = flags & 2 == 0 && !domainLine.isEmpty ? domainLine : nil
    let secure = flags & 4 != 0
    let httpOnly = flags & 8 != 0
    let partitioned = flags & 16 != 0
    let sameSite: SameSite? = [nil, .strict, .lax, SameSite.none][Int(flags >> 5) & 3]
    let maxAge: Int? = flags & 128 != 0 ? Int(Int32(truncatingIfNeeded: input.uint64())) : nil
    let rawExpires = Int64(bitPattern: input.uint64())
    let expires: Date? = rawExpires & 1 == 0 ? nil
        : Date(timeIntervalSince1970: Double((rawExpires >> 1) % 400_000_000_000) + Double(rawExpires & 0xFF) / 256)
    let header: String
    do {
        header = try dumpCookie(name: name, value: value, maxAge: maxAge, expires: expires, path: path, domain: domain,
                                secure: secure, httpOnly: httpOnly, sameSite: sameSite, partitioned: partitioned)
    } catch {
        let badPath = path.map { $0.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: ";") } } ?? false
        require(!isDumpable(name: name, value: value) || badPath || domain != nil,
                "dumpCookie refused a good cookie \(String(reflecting: name))=\(String(reflecting: value)): \(error)")
        return
    }
    require(isDumpable(name: name, value: value), "dumpCookie wrote a bad cookie: \(String(reflecting: header))")
    require(!header.utf8.contains(where: isForbiddenHeaderByte) && !header.utf8.contains(0x09),
            "control byte in Set-Cookie \(String(reflecting: header))")
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    guard let cookie = CookieJar.parseSetCookie(header, host: "Example.org", path: "/a/b", now: now) else {
        require(false, "CookieJar refused \(String(reflecting: header))")
        return
    }
    require(cookie.name == name, "name \(String(reflecting: name)) read back as \(String(reflecting: cookie.name))")
    let decoded = parseCookieHeader("\(name)=\(cookie.value)")[name]
    require(decoded == value, "value \(String(reflecting: value)) read back as \(String(reflecting: decoded)) from \(header)")
    require(cookie.secure == (secure || partitioned || sameSite == SameSite.none), "Secure flag lost in \(header)")
    require(cookie.httpOnly == httpOnly, "HttpOnly flag lost in \(header)")
    require(cookie.sameSite == sameSite?.rawValue, "SameSite lost in \(header)")
    if let path, path.utf8.first == UInt8(ascii: "/") {
        require(percentDecode(cookie.path) == percentDecode(path), "path \(String(reflecting: path)) read back as \(cookie.path)")
    } else {
        require(cookie.path == "/a", "default path expected, got \(cookie.path) from \(header)")
    }
    // dumpCookie drops one leading dot and the jar another (RFC 6265 s5.2.3).
    // By bytes: a combining mark after the dot makes one Character with it.
    if let domain, var ascii = werkIDNAEncodeHost(domain.utf8.first == UInt8(ascii: ".") ? String(domain.utf8.dropFirst())! : domain) {
        if ascii.utf8.first == UInt8(ascii: ".") { ascii = String(ascii.utf8.dropFirst())! }
        if !ascii.isEmpty {
            require(cookie.domain == ascii.lowercased(), "domain \(String(reflecting: domain)) read back as \(cookie.domain)")
        }
    }
    if let maxAge {
        require(cookie.expires == now.addingTimeInterval(Double(maxAge)), "Max-Age \(maxAge) lost in \(header)")
    } else if let expires {
        let formatted = HTTPDate.format(expires)
        require(header.contains("; Expires=\(formatted);") || header.hasSuffix("; Expires=\(formatted)"),
                "Expires not written as HTTPDate.format does (\(formatted)): \(header)")
        require(cookie.expires == HTTPDate.parse(formatted), "Expires read back as \(String(describing: cookie.expires))")
    } else {
        require(cookie.expires == nil, "an expiry appeared in \(header)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCookies(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    checkCookieHeader(input.text)
    checkSetCookie(&input)
    return 0
}
