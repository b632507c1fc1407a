/// The rule that keeps the debugger off the network: while debug mode is on, a server listens
/// only on loopback (127.0.0.0/8, ::1) or a Unix socket unless told otherwise
/// (`--debug-allow-remote`, `runSimple(..., debugAllowRemote: true)`). The debugger page shows
/// the environ, headers, cookies and form data of every failed request; a debugger reachable
/// from the network is how Werkzeug's became a CVE (CVE-2024-34069).
///
///     try DebugBinding.check(server.addresses, allowRemote: false)
public enum DebugBinding {
    /// True for 127.0.0.0/8, ::1, IPv4-mapped loopback, and Unix sockets.
    public static func isLocal(_ address: BoundAddress) -> Bool {
        switch address.family {
        case .unix: return true
        case .ipv4: return address.host.hasPrefix("127.")
        case .ipv6: return address.host == "::1" || address.host.lowercased().hasPrefix("::ffff:127.")
        }
    }

    /// Throws `DebugBindingError` naming the first address that is not local, unless `allowRemote`.
    public static func check(_ addresses: [BoundAddress], allowRemote: Bool) throws(DebugBindingError) {
        guard !allowRemote, let remote = addresses.first(where: { !isLocal($0) }) else { return }
        throw DebugBindingError(address: remote)
    }

    /// The same rule before anything is bound, so a refusal never waits on (or is hidden by) a
    /// port in use: TCP hosts are resolved (`""` is every address), Unix sockets are local, and
    /// inherited descriptors are left to the check of the bound addresses. A host that does not
    /// resolve passes here; binding it then fails with the resolver's message.
    public static func check(listeningOn addresses: [ListenAddress], allowRemote: Bool) throws(DebugBindingError) {
        guard !allowRemote else { return }
        for case .tcp(let host, let port) in addresses {
            guard let resolved = try? Listener.resolve(host: host, port: port) else { continue }
            try check(resolved, allowRemote: false)
        }
    }
}

/// Debug mode was asked to listen on an address other hosts can reach.
public struct DebugBindingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The address that is not loopback.
    public let address: BoundAddress

    /// Why the server refuses, and how to go on anyway.
    public var description: String {
        "debug mode refuses to listen on \(address.host) (port \(address.port)): the debugger page shows the "
            + "environ, headers, cookies and form data of every failed request, and a debugger reachable from the "
            + "network is how Werkzeug's became a CVE (CVE-2024-34069). Listen on 127.0.0.1, or pass "
            + "--debug-allow-remote (runSimple: debugAllowRemote: true) if you really mean it."
    }
}
