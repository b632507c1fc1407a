#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Joins a URL path below `root`, or returns nil when the path could leave it (Werkzeug's
/// `safe_join`). Every segment must be a plain name: `..`, `.`, empty segments (`//`), NUL and
/// backslashes are refused, so neither `../x`, `%2e%2e/x` (decoded before it gets here),
/// `..%2f` nor an absolute path escapes. With `resolvingLinks`, the real path (symbolic links
/// followed) must also stay inside the real root.
///
///     safeJoin(root: "/srv/static", "css/site.css")      // "/srv/static/css/site.css"
///     safeJoin(root: "/srv/static", "../etc/passwd")     // nil
public func safeJoin(root: String, _ path: String, resolvingLinks: Bool = true) -> String? {
    let segments = path.split(separator: "/", omittingEmptySubsequences: false)
    var joined = root.hasSuffix("/") ? String(root.dropLast()) : root
    for segment in segments {
        guard !segment.isEmpty, segment != "..", segment != ".",
              !segment.utf8.contains(0), !segment.utf8.contains(UInt8(ascii: "\\")) else { return nil }
        joined += "/" + segment
    }
    guard !segments.isEmpty else { return nil }
    guard resolvingLinks else { return joined }
    guard let realRoot = realPath(root), let real = realPath(joined) else {
        // A missing file cannot escape; the caller finds it missing.
        return realPath(root) == nil ? nil : joined
    }
    return real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") ? joined : nil
}

/// The canonical absolute path of an existing file (realpath(3)), or nil.
func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
