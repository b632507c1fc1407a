// Mounting under URL path prefixes, in one place for `Router.mount`, the `dispatcher`
// middleware and `sharedData`: how a prefix is written, which prefix a path is below (whole
// segments, the longest first), and how the prefix moves from PATH_INFO to SCRIPT_NAME (PEP 3333's
// rule for an app mounted below the root, as Werkzeug's DispatcherMiddleware does it).

/// Values (applications, folders) mounted under URL path prefixes, longest prefix first.
/// A prefix is kept with a leading slash and no trailing one, and `""` for the root
/// (`api/` -> `/api`, `/` -> `""`); it matches whole segments (`/api` takes `/api` and
/// `/api/users`, not `/apis`), and the root matches every path.
///
///     var mounts = Mounts<any Application>()
///     mounts.add("/admin", adminApp)
///     if let body = try mounts.dispatch(&environ, startResponse) { return body }
public struct Mounts<Value: Sendable>: Sendable {
    /// The prefixes and their values, longest prefix first (the order they are tried in).
    public private(set) var entries: [(prefix: String, value: Value)] = []

    /// No mounts.
    public init() {}

    /// The mounts of a dictionary: `Mounts(["/api": api, "/admin": admin])`.
    public init(_ mounts: [String: Value]) {
        for (prefix, value) in mounts { add(prefix, value) }
    }

    /// Mounts `value` under `prefix`, written in any of its forms (`admin`, `/admin/`).
    ///
    ///     mounts.add("/static", .folder("./public"))
    public mutating func add(_ prefix: String, _ value: Value) {
        entries.append((Self.normalized(prefix), value))
        entries.sort { $0.prefix.utf8.count > $1.prefix.utf8.count }
    }

    /// A prefix in the one form mounts keep: a leading slash, no trailing one, `""` for the root.
    ///
    ///     Mounts<Int>.normalized("api/")   // "/api"
    public static func normalized(_ prefix: String) -> String {
        var prefix = prefix.hasPrefix("/") ? prefix : "/" + prefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return prefix
    }

    /// Whether `path` is below `prefix` (a normalized one): equal to it or continuing with `/`.
    ///
    ///     Mounts<Int>.isBelow("/api/users", prefix: "/api")   // true
    public static func isBelow(_ path: String, prefix: String) -> Bool {
        // By bytes: a combining mark after the `/` must not hide the segment boundary.
        path.utf8.starts(with: prefix.utf8)
            && (path.utf8.count == prefix.utf8.count || path.utf8.dropFirst(prefix.utf8.count).first == UInt8(ascii: "/"))
    }

    /// The longest mount `path` is below, or nil.
    ///
    ///     mounts.match("/admin/users")?.prefix   // "/admin"
    public func match(_ path: String) -> (prefix: String, value: Value)? {
        entries.first { Self.isBelow(path, prefix: $0.prefix) }
    }
}

extension Mounts where Value == any Application {
    /// Calls the application mounted over the request's path, with its prefix moved from
    /// `PATH_INFO` to `SCRIPT_NAME` (so it builds its URLs under it); nil when no mount takes
    /// the path and the environ is left as it was.
    ///
    ///     if let body = try mounts.dispatch(&environ, startResponse) { return body }
    public func dispatch(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body? {
        let path = environ.pathInfo
        guard let (prefix, app) = match(path) else { return nil }
        environ.scriptName += prefix
        environ.pathInfo = String(path[path.utf8.index(path.startIndex, offsetBy: prefix.utf8.count)...])
        return try app(&environ, startResponse)
    }
}
