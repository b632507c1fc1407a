import Werk

/// Middleware that mounts other applications under path prefixes (Werkzeug's
/// `DispatcherMiddleware`): a request below a prefix goes to that app, with the prefix moved
/// from `PATH_INFO` to `SCRIPT_NAME` so the app builds its URLs under it; everything else
/// goes to the wrapped app. The longest matching prefix wins; a prefix matches whole segments
/// (`/api` takes `/api` and `/api/users`, not `/apis`).
///
///     let app = stack(dispatcher(["/api": apiRouter, "/admin": adminApp]), app: site)
public func dispatcher(_ mounts: [String: any Application]) -> Middleware {
    let sorted = mounts.map { (prefix: normalizedMountPrefix($0.key), app: $0.value) }
        .sorted { $0.prefix.utf8.count > $1.prefix.utf8.count }
    return { fallback in
        AppFunction { environ, startResponse in
            let path = environ.pathInfo
            for mount in sorted where path == mount.prefix || path.hasPrefix(mount.prefix + "/") {
                environ.scriptName += mount.prefix
                environ.pathInfo = String(path.dropFirst(mount.prefix.utf8.count))
                return try mount.app(&environ, startResponse)
            }
            return try fallback(&environ, startResponse)
        }
    }
}
