/// A mount prefix in one form: a leading slash and no trailing one, and `""` for the root
/// (`api/` -> `/api`, `/` -> `""`), so `path == prefix || path.hasPrefix(prefix + "/")` tests it.
func normalizedMountPrefix(_ prefix: String) -> String {
    var prefix = prefix.hasPrefix("/") ? prefix : "/" + prefix
    while prefix.hasSuffix("/") { prefix.removeLast() }
    return prefix
}
