/// True when `host` (a `Host` header: a name with an optional port) is one of `trustedList`
/// (Werkzeug's `host_is_trusted`). An entry starting with a dot trusts the name and every
/// subdomain (`.example.com` takes `example.com` and `api.example.com`); other entries match
/// exactly. Names compare without case, without the port and without a trailing dot, and
/// international names in their `xn--` form, so `bücher.example` and `xn--bcher-kva.example`
/// are the same host. An IPv6 address is written in brackets: `[::1]`.
///
///     hostIsTrusted("api.example.com:8443", trustedList: [".example.com"])   // true
///     hostIsTrusted("example.com.evil.net", trustedList: [".example.com"])   // false
public func hostIsTrusted(_ host: String, trustedList: [String]) -> Bool {
    guard let name = normalizedHostName(host) else { return false }
    for entry in trustedList {
        let matchesSubdomains = entry.hasPrefix(".")
        guard let trusted = normalizedHostName(matchesSubdomains ? String(entry.dropFirst()) : entry) else { continue }
        if name == trusted || (matchesSubdomains && name.hasSuffix("." + trusted)) { return true }
    }
    return false
}

/// The host name of `host` for comparison: port removed, lower case, no trailing dot, ASCII
/// (IDNA) form; nil for an empty name or one with characters no host name has.
private func normalizedHostName(_ host: String) -> String? {
    var name = Request.splitHost(host).name
    if name.hasSuffix(".") { name.removeLast() }
    guard !name.isEmpty, let ascii = werkIDNAEncodeHost(name) else { return nil }
    let lowered = ascii.lowercased()
    // Letters, digits, '-', '.', '_' and the brackets and colons of an IPv6 literal only.
    let allowed = lowered.utf8.allSatisfy { b in
        HTTPSyntax.isDigit(b) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: ":")
    }
    return allowed ? lowered : nil
}
