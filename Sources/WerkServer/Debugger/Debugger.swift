import Werk

/// The debugger middleware for development (Werkzeug's `DebuggedApplication`): an error the
/// app throws answers 500 with a page showing the error's type and description, where it was
/// thrown (`Failure` and other `LocatedError`s), else the route whose handler raised it, the
/// request (method, URL, arguments, form, cookies, headers) and the environ, all HTML-escaped;
/// JSON or plain text for clients that prefer them. HTML pages also get the live-reload script.
///
/// Never on by default: `runSimple(debug: true)` and `werk run` put it in front of the app,
/// and then listen only on loopback (see `DebugBinding`). Without it a 500 page shows nothing.
///
///     let app = stack(debugger(), app: router)
public func debugger(liveReload: Bool = true) -> Middleware {
    { app in DebuggedApplication(app, liveReload: liveReload) }
}

/// The application `debugger()` wraps around another; see `debugger(liveReload:)`.
///
///     let app = DebuggedApplication(router)
public struct DebuggedApplication: Application {
    /// The wrapped application.
    public let app: any Application
    /// Whether HTML pages get the live-reload script and `/__werk__/live` is answered.
    public let liveReload: Bool
    /// The channel held live-reload polls wait on.
    let channel: LiveReloadChannel

    /// `app` behind the debugger; `liveReload` as for `debugger(liveReload:)`.
    public init(_ app: any Application, liveReload: Bool = true) {
        self.init(app, liveReload: liveReload, channel: LiveReload.channel)
    }

    init(_ app: any Application, liveReload: Bool, channel: LiveReloadChannel) {
        self.app = app
        self.liveReload = liveReload
        self.channel = channel
    }

    /// Serves the request through the app; turns a thrown error into the debugger page.
    public func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
        if liveReload && environ.pathInfo == LiveReload.path && environ.scriptName.isEmpty {
            return try channel.respond(to: Request(environ))(&environ, startResponse)
        }
        environ[PropagateErrorsKey.self] = true
        // The app's status and headers are held until its body is known, so that an error
        // thrown after start_response still gets the page, and the script can be injected.
        let started = StartedResponse()
        let body: Body
        do {
            body = try app(&environ, StartResponse { status, headers, _ in started.head = (status, headers) })
        } catch let error as HTTPError where error.status.code < 500 {
            // A client error an app without a router threw is still the client's answer; in
            // debug mode its page says where it was made.
            return try error.response(for: Request(environ), debug: true)(&environ, startResponse)
        } catch {
            environ.errors.write("error serving \(AccessLogEntry.escaped(environ.method)) \(AccessLogEntry.escaped(environ.requestURI)): \(String(reflecting: error))\n")
            let report = DebugReport(error: error, environ: environ)
            return try report.response(for: Request(environ), liveToken: liveReload ? channel.token : nil)(&environ, startResponse)
        }
        guard let (status, headers) = started.head else {
            body.close()
            let report = DebugReport(error: Failure("the app returned a body without calling startResponse"), environ: environ)
            return try report.response(for: Request(environ), liveToken: nil)(&environ, startResponse)
        }
        guard liveReload else {
            try startResponse(status, headers)
            return body
        }
        let (injectedHeaders, injectedBody) = LiveReload.inject(into: body, headers: headers, status: status,
                                                                method: environ.method, token: channel.token)
        try startResponse(status, injectedHeaders)
        return injectedBody
    }
}

/// The status and headers an app passed to `startResponse`, kept for later.
private final class StartedResponse {
    var head: (Status, Headers)?
}
