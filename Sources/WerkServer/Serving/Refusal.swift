import Werk

/// The responses the server writes itself, without the application: 400, 408, 413, 414, 417,
/// 431, 500, 501, 503 and 505. Each is an `HTTPError` rendered by Werk, so every page has one
/// wording, the same an application's `HTTPError` gets.
enum Refusal {
    /// The error for a request the server refuses for `error`.
    static func httpError(_ error: RequestError) -> HTTPError {
        HTTPError(error.status, detail: error.reason)
    }

    /// The 503 of a saturated server, with `Retry-After` (RFC 9110 s15.6.4, s10.2.3).
    static func saturated(retryAfter seconds: Int) -> HTTPError {
        .serviceUnavailable(retryAfter: seconds, "The server is busy. Please try again shortly.")
    }

    /// The 500 for an application that failed; the error itself goes to the log, never the client.
    static var internalError: HTTPError { .internalServerError() }

    /// Appends the whole response for `error` to `out`: status line, `Date`, `Server`, the
    /// error's own headers, `Content-Type`, `Content-Length`, `Connection: close` unless
    /// `keepAlive`, then the page (left out for HEAD, whose length is still announced).
    static func encode(_ error: HTTPError, method: String?, keepAlive: Bool, serverHeader: String?,
                       encoder: inout ResponseEncoder, into out: ByteWriter) {
        let response = error.response(for: nil)
        let page = (try? response.body.collect()) ?? []
        ResponseEncoder.appendStatusLine(error.status, to: out)
        encoder.appendDate(to: out)
        if let serverHeader { ResponseEncoder.appendField("Server", serverHeader, to: out) }
        for field in response.headers where !Headers.namesEqual(field.name, "Content-Length") {
            ResponseEncoder.appendField(field.name, field.value, to: out)
        }
        ResponseEncoder.appendField("Content-Length", page.count, to: out)
        if !keepAlive { out.append("Connection: close\r\n" as StaticString) }
        out.appendCRLF()
        if method != "HEAD" { page.withUnsafeBytes { out.append($0) } }
    }
}
