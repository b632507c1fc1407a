import Werk

/// Middleware that mounts other applications under path prefixes (Werkzeug's
/// `DispatcherMiddleware`): a request below a prefix goes to that app, with the prefix moved
/// from `PATH_INFO` to `SCRIPT_NAME` so the app builds its URLs under it; everything else
/// goes to the wrapped app. The longest matching prefix wins; a prefix matches whole segments
/// (`/api` takes `/api` and `/api/users`, not `/apis`).
///
///     let app = stack(dispatcher(["/api": apiRouter, "/admin": adminApp]), app: site)
public func dispatcher(_ mounts: [String: any Application]) -> Middleware {
    let mounts = Mounts(mounts)
    return { fallback in
        AppFunction { environ, startResponse in
            try mounts.dispatch(&environ, startResponse) ?? fallback(&environ, startResponse)
        }
    }
}
