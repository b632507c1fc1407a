import Werk

extension Headers {
    /// Adds `name` to the `Vary` field unless it (or `*`) is there already, keeping the
    /// names listed before: how a middleware says its answer depends on a request header
    /// (RFC 9110 s12.5.5).
    ///
    ///     headers.addVary("Origin")   // Vary: Accept-Encoding, Origin
    mutating func addVary(_ name: String) {
        let listed = combinedValue(for: "Vary").map(parseListHeader) ?? []
        guard !listed.contains(where: { $0 == "*" || Headers.namesEqual($0, name) }) else { return }
        set("Vary", (listed + [name]).joined(separator: ", "))
    }
}
