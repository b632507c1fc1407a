#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// True when `text` is an IPv4 address in dotted-decimal form (`192.0.2.1`), as inet_pton(3)
/// reads it: four decimal parts, no leading zeros that could be octal, nothing else.
///
///     isIPv4Address("10.0.0.1")   // true
///     isIPv4Address("10.1")       // false
public func isIPv4Address(_ text: String) -> Bool {
    var address = in_addr()
    return inet_pton(AF_INET, text, &address) == 1
}

/// True when `text` is an IPv6 address without brackets or zone (`2001:db8::1`, `::ffff:1.2.3.4`).
///
///     isIPv6Address("::1")        // true
///     isIPv6Address("[::1]")      // false
public func isIPv6Address(_ text: String) -> Bool {
    var address = in6_addr()
    return inet_pton(AF_INET6, text, &address) == 1
}

/// True for an IPv4 or IPv6 address (`isIPv4Address`, `isIPv6Address`).
public func isIPAddress(_ text: String) -> Bool { isIPv4Address(text) || isIPv6Address(text) }
