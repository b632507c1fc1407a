/// One element of an RFC 7239 `Forwarded` header: what one proxy saw of the hop before it.
///
///     parseForwarded("for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db8::1]:4711\"")
///     // [ForwardedElement(for: "192.0.2.60", proto: "http", by: "203.0.113.43"),
///     //  ForwardedElement(for: "[2001:db8::1]:4711")]
public struct ForwardedElement: Sendable, Equatable {
    /// The `for` parameter: the client (or previous proxy) node, unquoted.
    public var `for`: String?
    /// The `by` parameter: the interface the request came in on.
    public var by: String?
    /// The `host` parameter: the `Host` the proxy received.
    public var host: String?
    /// The `proto` parameter: `http` or `https`, as the proxy received it.
    public var proto: String?

    /// An element with the parameters given.
    public init(for: String? = nil, by: String? = nil, host: String? = nil, proto: String? = nil) {
        self.for = `for`
        self.by = by
        self.host = host
        self.proto = proto
    }

    /// The IP address of the `for` node (RFC 7239 s6: an IPv4 address or a bracketed IPv6
    /// address, each with an optional port), or nil for `unknown`, obfuscated identifiers
    /// (`_hidden`) and anything that is not an address.
    public var forAddress: String? {
        guard let node = self.for else { return nil }
        if node.hasPrefix("[") {
            guard let close = node.firstIndex(of: "]") else { return nil }
            let address = String(node[node.index(after: node.startIndex)..<close])
            let rest = node[node.index(after: close)...]
            guard rest.isEmpty || isNodePort(rest.dropFirst()) && rest.first == ":" else { return nil }
            return isIPv6Address(address) ? address : nil
        }
        let parts = node.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.count == 1 || isNodePort(parts[1]) else { return nil }
        return isIPv4Address(String(parts[0])) ? String(parts[0]) : nil
    }

    /// `node-port` of RFC 7239 s6: a port number (0-65535), or an obfuscated `_name`.
    private func isNodePort(_ text: Substring) -> Bool {
        guard !text.isEmpty else { return false }
        if text.first == "_" { return text.utf8.count > 1 }
        return text.utf8.count <= 5 && text.utf8.allSatisfy(HTTPSyntax.isDigit) && Int(text).map { $0 <= 65535 } == true
    }
}

/// Parses a `Forwarded` header (RFC 7239 s4) into its elements, first proxy first.
///
/// Elements are split on every comma, even one inside quotes: no address, host or scheme holds
/// a comma, and a client's unterminated quote must not swallow the elements that trusted proxies
/// appended after it (`for="x, for=10.0.0.1` is two elements, the second intact). Parameter
/// names are case-insensitive (s4); quoted values are unquoted; unknown parameters are ignored.
/// An element with a repeated parameter (s4 forbids it) or an unbalanced quote is kept but
/// empty, so counting elements from the end still finds the ones trusted proxies added.
public func parseForwarded(_ value: String) -> [ForwardedElement] {
    var elements: [ForwardedElement] = []
    for rawElement in value.split(separator: ",", omittingEmptySubsequences: false) {
        var element = ForwardedElement()
        var seen: Set<String> = []
        var valid = true
        for pair in rawElement.split(separator: ";") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = HTTPSyntax.trim(String(pair[..<equals])).lowercased()
            var parameter = HTTPSyntax.trim(String(pair[pair.index(after: equals)...]))
            if parameter.hasPrefix("\"") {
                guard parameter.count >= 2, parameter.hasSuffix("\"") else { valid = false; break }
                parameter = unquoteHeaderValue(parameter)
            }
            guard seen.insert(name).inserted else { valid = false; break }
            switch name {
            case "for": element.for = parameter
            case "by": element.by = parameter
            case "host": element.host = parameter
            case "proto": element.proto = parameter
            default: continue
            }
        }
        if valid { elements.append(element) } else { elements.append(ForwardedElement()) }
    }
    return elements
}
