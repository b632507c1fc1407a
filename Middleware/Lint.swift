import Synchronization
import Werk

/// A broken rule of the gateway interface found by `lint()`, naming the rule as the `Gateway`
/// documentation page of `Werk` numbers them (`E1`, `S1`, `B2`, ...).
public struct LintError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, ending with the rule that says so: `... (Gateway rule S1)`.
    public let message: String
    /// The rule's name on the `Gateway` page (`S1`), or nil for a message without one.
    public let rule: String?
    /// A lint error with `message`, citing no rule.
    public init(_ message: String) {
        self.message = message
        self.rule = nil
    }
    /// A lint error for `rule` of the `Gateway` page: `LintError(rule: "S1", "start_response called twice")`.
    public init(rule: String, _ message: String) {
        self.message = "\(message) (Gateway rule \(rule))"
        self.rule = rule
    }
    /// `"lint: ..."`.
    public var description: String { "lint: \(message)" }
}

/// Middleware that checks both sides of the gateway contract while an app runs (Werkzeug's
/// `LintMiddleware`, Rack::Lint): the environ the server built (method, paths, protocol,
/// scheme, Content-Length) and what the app does with it (start-response called once and
/// before the body, a valid status and headers, `Content-Type` where a body is allowed, no
/// body for 204/304, as many body bytes as `Content-Length` declares, the body closed exactly
/// once), each rule as the `Gateway` page of `Werk`'s documentation names it. A broken rule
/// throws `LintError` citing it (`(Gateway rule S1)`); a close problem, found after the response, goes
/// to `report` (standard error by default). For development and tests, not production.
///
///     let client = Client(stack(lint(), app: app))   // every test call is checked
public func lint(report: @escaping @Sendable (String) -> Void = { StandardError.shared.write($0 + "\n") }) -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            try checkEnviron(environ)
            let method = environ.method
            var started: (status: Status, headers: Headers)?
            let checked = StartResponse { status, headers, error in
                if started != nil && error == nil {
                    throw LintError(rule: "S1", "start_response called a second time without error information")
                }
                do {
                    try ResponseHead.check(status: status, headers: headers)
                } catch let error as GatewayError {
                    throw LintError(rule: rule(of: error), "\(error)")
                } catch {
                    throw LintError(rule: "S4", "\(error)")
                }
                if !status.forbidsBody && !headers.contains("Content-Type") {
                    throw LintError(rule: "S6", "a \(status.code) response needs a Content-Type header (RFC 9110 s8.3)")
                }
                started = (status, headers)
                try startResponse(status, headers, error: error)
            }
            var body = try app(&environ, checked)
            guard let head = started else {
                body.close()
                throw LintError(rule: "S2", "the application returned a body without calling start_response")
            }
            if head.status.forbidsBody, let length = body.knownLength, length > 0 {
                body.close()
                throw LintError(rule: "B1", "a \(head.status.code) response must not have a body, and this one has \(length) bytes")
            }
            // The server's framing rules: a valid Content-Length that matches the body.
            let framing: ResponseFraming
            do {
                framing = try ResponseFraming(method: method, status: head.status, headers: head.headers, bodyLength: body.knownLength)
            } catch let error as GatewayError {
                body.close()
                throw LintError(rule: rule(of: error), "\(error)")
            } catch {
                body.close()
                throw LintError(rule: "B2", "\(error)")
            }
            let closes = CloseTracker(report: report)
            body.onClose { closes.closed() }
            if let declared = framing.declaredLength, framing.sendsBody, body.knownLength == nil {
                body = counted(body, declared: declared)
            }
            return body
        }
    }
}

/// The rule of the `Gateway` page a `GatewayError` breaks.
private func rule(of error: GatewayError) -> String {
    switch error.kind {
    case .startResponseCalledTwice: return "S1"
    case .startResponseNotCalled: return "S2"
    case .invalidStatus: return "S3"
    case .hopByHopHeader: return "S5"
    case .contentLengthMismatch, .invalidContentLength: return "B2"
    }
}

/// Checks the environ a server built (PEP 3333's required variables, CGI rules).
private func checkEnviron(_ environ: Environ) throws {
    if environ.method.isEmpty || !environ.method.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) {
        throw LintError(rule: "E1", "REQUEST_METHOD \(String(reflecting: environ.method)) is not an HTTP method token")
    }
    if !environ.pathInfo.isEmpty && !environ.pathInfo.hasPrefix("/") {
        throw LintError(rule: "E2", "PATH_INFO \(String(reflecting: environ.pathInfo)) must be empty or start with '/'")
    }
    if !environ.scriptName.isEmpty && (!environ.scriptName.hasPrefix("/") || environ.scriptName.hasSuffix("/")) {
        throw LintError(rule: "E3", "SCRIPT_NAME \(String(reflecting: environ.scriptName)) must be empty or start, but not end, with '/'")
    }
    if !environ.serverProtocol.hasPrefix("HTTP/") {
        throw LintError(rule: "E4", "SERVER_PROTOCOL \(String(reflecting: environ.serverProtocol)) is not HTTP/x.y")
    }
    if environ.urlScheme != "http" && environ.urlScheme != "https" {
        throw LintError(rule: "E5", "wsgi.url_scheme must be http or https, not \(String(reflecting: environ.urlScheme))")
    }
    if let length = environ.headers["Content-Length"], length.isEmpty || !length.utf8.allSatisfy(HTTPSyntax.isDigit) {
        throw LintError(rule: "E6", "CONTENT_LENGTH \(String(reflecting: length)) is not a number")
    }
    if environ.queryString.contains("#") {
        throw LintError(rule: "E6", "QUERY_STRING must not hold a fragment")
    }
}

/// The same body, checked to produce exactly `declared` bytes.
private func counted(_ body: Body, declared: Int) -> Body {
    body.rewritten { inner, writer in
        var total = 0
        try inner.forEachChunk { chunk in
            total += chunk.count
            if total > declared { throw LintError(rule: "B2", "the body passes its Content-Length of \(declared) bytes") }
            try writer.write(chunk)
        }
        if total != declared { throw LintError(rule: "B2", "the body ended after \(total) of its \(declared) declared bytes") }
    }
}

/// Counts how often a body is closed; reports a second close, or none (when the tracker goes).
private final class CloseTracker: Sendable {
    private let count = Locked(0)
    /// Where problems are reported.
    private let report: @Sendable (String) -> Void

    init(report: @escaping @Sendable (String) -> Void) { self.report = report }

    func closed() {
        let calls = count.withLock { count -> Int in
            count += 1
            return count
        }
        if calls > 1 { report("lint: the response body was closed \(calls) times; the server closes it once (Gateway rule B4)") }
    }

    deinit {
        if count.withLock({ $0 }) == 0 { report("lint: the response body was never closed (Gateway rule B4)") }
    }
}
