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
    // Split at every "/" byte, as the file system does: split by Character, "/" followed by a
    // combining mark is one Character, and "../\u{301}x" would pass as a single segment.
    let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    var joined = root.utf8.last == UInt8(ascii: "/") ? String(root.utf8.dropLast())! : root
    for segment in segments {
        guard !segment.isEmpty, !segment.elementsEqual("..".utf8), !segment.elementsEqual(".".utf8),
              !segment.contains(0), !segment.contains(UInt8(ascii: "\\")) else { return nil }
        joined += "/" + String(Substring(segment))
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
package func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
