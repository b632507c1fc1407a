import Werk

/// Middleware that answers a load balancer's or an orchestrator's health checks before the
/// app sees them:
///
/// - `GET`/`HEAD` `livePath` (`/healthz`): 200 `ok` while the process answers at all
///   (liveness: restart it when this fails);
/// - `GET`/`HEAD` `readyPath` (`/readyz`): 200 `ready` while `readiness` is `.ready`, 503
///   `starting` or `draining` otherwise (readiness: send it requests only while this is 200).
///   A server that drains (SIGTERM, an old worker after SIGHUP) says so at once, so a balancer
///   that polls it stops sending before the connections close.
///
/// Both answers are `text/plain` with `Cache-Control: no-store`; other methods on those paths
/// get 405. Every other request goes to the app untouched.
///
///     var options = ServerOptions()
///     let app = stack(health(options.readiness), app: router)
///     try runSimple(app: app, options: options)
public func health(_ readiness: Readiness, livePath: String = "/healthz", readyPath: String = "/readyz") -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            let path = environ.pathInfo
            guard path == livePath || path == readyPath else {
                return try app(&environ, startResponse)
            }
            guard environ.method == "GET" || environ.method == "HEAD" else {
                return try HTTPError.methodNotAllowed(allowed: ["GET", "HEAD"]).response(for: Request(environ))(&environ, startResponse)
            }
            let (status, text): (Status, String)
            if path == livePath {
                (status, text) = (.ok, "ok\n")
            } else {
                switch readiness.state {
                case .ready: (status, text) = (.ok, "ready\n")
                case .starting: (status, text) = (.serviceUnavailable, "starting\n")
                case .draining: (status, text) = (.serviceUnavailable, "draining\n")
                }
            }
            let response = Response(text, status: status, headers: ["Cache-Control": "no-store"], contentType: "text/plain; charset=utf-8")
            return try response(&environ, startResponse)
        }
    }
}
