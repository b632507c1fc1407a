import Werk

/// Middleware that serves files from folders under URL prefixes (Werkzeug's
/// `SharedDataMiddleware`), in front of an app: `GET`/`HEAD` requests below a prefix get the
/// file with its type (by extension), `Content-Length`, `ETag`, `Last-Modified` and
/// `Cache-Control`, answered conditionally (304, 412, 206 ranges, 416). Paths that would leave
/// the folder (`..`, encoded or not, empty segments, links out of it) and folders themselves
/// are never served: they go on to the app, which answers 404 when it has nothing there.
/// Files go out with sendfile(2) when the server can.
///
///     let app = stack(sharedData(["/static": "./public"]), app: router)
public func sharedData(_ exports: [String: String], maxAge: Int? = 43_200) -> Middleware {
    // Longest prefix first, so `/static/img` wins over `/static`.
    let mounts = exports.map { (prefix: normalizedMountPrefix($0.key), folder: $0.value) }
        .sorted { $0.prefix.utf8.count > $1.prefix.utf8.count }
    return { app in
        AppFunction { environ, startResponse in
            let method = environ.method
            if method == "GET" || method == "HEAD", let path = file(for: environ.pathInfo, in: mounts) {
                if var response = try? Response.file(path) {
                    if let maxAge {
                        var cacheControl = CacheControl()
                        cacheControl.isPublic = true
                        cacheControl.maxAge = maxAge
                        response.cacheControl = cacheControl
                    }
                    response.makeConditional(Request(environ))
                    return try response.start(startResponse)
                }
            }
            return try app(&environ, startResponse)
        }
    }
}

/// The path `pathInfo` names safely under one of `mounts`, or nil.
private func file(for pathInfo: String, in mounts: [(prefix: String, folder: String)]) -> String? {
    for mount in mounts {
        let rest: Substring
        if mount.prefix.isEmpty {
            rest = pathInfo.dropFirst(pathInfo.hasPrefix("/") ? 1 : 0)
        } else if pathInfo.hasPrefix(mount.prefix + "/") {
            rest = pathInfo.dropFirst(mount.prefix.utf8.count + 1)
        } else {
            continue
        }
        // Whether it is a regular file is checked once, by `Response.file`.
        return safeJoin(root: mount.folder, String(rest))
    }
    return nil
}
