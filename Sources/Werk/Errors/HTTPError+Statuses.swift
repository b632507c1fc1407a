/// A constructor for each status. Each takes `fileID` and `line`, defaulted to its caller's, so
/// the error knows where it was made (`location`).
extension HTTPError {
    /// 400: the request is malformed or a required value is missing.
    public static func badRequest(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.badRequest, detail: detail, fileID: fileID, line: line) }

    /// 401, with a `WWW-Authenticate` challenge when one is given (RFC 9110 s11.6.1).
    public static func unauthorized(_ detail: String? = nil, challenge: WWWAuthenticate? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError {
        var headers = Headers()
        if let challenge { headers.addUnchecked("WWW-Authenticate", challenge.headerValue) }
        return HTTPError(.unauthorized, detail: detail, headers: headers, fileID: fileID, line: line)
    }

    /// 403: the client may not have this resource.
    public static func forbidden(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.forbidden, detail: detail, fileID: fileID, line: line) }

    /// 404: no resource at this URL.
    public static func notFound(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.notFound, detail: detail, fileID: fileID, line: line) }

    /// 405, with `Allow` listing the methods the resource takes (RFC 9110 s15.5.6).
    public static func methodNotAllowed(allowed: [String], _ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError {
        var headers = Headers()
        headers.addUnchecked("Allow", allowed.joined(separator: ", "))
        return HTTPError(.methodNotAllowed, detail: detail, headers: headers, fileID: fileID, line: line)
    }

    /// 406: no representation matches the client's `Accept` headers.
    public static func notAcceptable(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.notAcceptable, detail: detail, fileID: fileID, line: line) }
    /// 408: the client took too long to send its request.
    public static func requestTimeout(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.requestTimeout, detail: detail, fileID: fileID, line: line) }
    /// 409: the request conflicts with the resource's current state.
    public static func conflict(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.conflict, detail: detail, fileID: fileID, line: line) }
    /// 410: the resource is gone for good.
    public static func gone(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.gone, detail: detail, fileID: fileID, line: line) }
    /// 411: the request needs a `Content-Length`.
    public static func lengthRequired(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.lengthRequired, detail: detail, fileID: fileID, line: line) }
    /// 412: a precondition header (`If-Match`, `If-Unmodified-Since`) did not hold.
    public static func preconditionFailed(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.preconditionFailed, detail: detail, fileID: fileID, line: line) }
    /// 413: the request body is larger than the server takes (RFC 9110 s15.5.14).
    public static func contentTooLarge(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.contentTooLarge, detail: detail, fileID: fileID, line: line) }
    /// 413 by its RFC 7231 name; use `contentTooLarge`, the name of the `Status` it makes.
    @available(*, deprecated, renamed: "contentTooLarge")
    public static func requestEntityTooLarge(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { contentTooLarge(detail, fileID: fileID, line: line) }
    /// 414: the request target is longer than the server takes.
    public static func uriTooLong(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.uriTooLong, detail: detail, fileID: fileID, line: line) }
    /// 415: the body's media type is not one the resource takes.
    public static func unsupportedMediaType(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.unsupportedMediaType, detail: detail, fileID: fileID, line: line) }

    /// 416, with `Content-Range: bytes */length` (RFC 9110 s15.5.17).
    public static func rangeNotSatisfiable(length: Int? = nil, _ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError {
        var headers = Headers()
        if let length { headers.addTrusted("Content-Range", "bytes */\(length)") }
        return HTTPError(.rangeNotSatisfiable, detail: detail, headers: headers, fileID: fileID, line: line)
    }

    /// 417: the server cannot meet the `Expect` header.
    public static func expectationFailed(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.expectationFailed, detail: detail, fileID: fileID, line: line) }
    /// 418: the server is a teapot (RFC 2324).
    public static func imATeapot(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.imATeapot, detail: detail, fileID: fileID, line: line) }
    /// 422: the body is well-formed but its content is invalid (RFC 9110 s15.5.21).
    public static func unprocessableContent(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.unprocessableContent, detail: detail, fileID: fileID, line: line) }
    /// 422 by its RFC 4918 name; use `unprocessableContent`, the name of the `Status` it makes.
    @available(*, deprecated, renamed: "unprocessableContent")
    public static func unprocessableEntity(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { unprocessableContent(detail, fileID: fileID, line: line) }
    /// 428: the request must be conditional.
    public static func preconditionRequired(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.preconditionRequired, detail: detail, fileID: fileID, line: line) }

    /// 429, with `Retry-After` in seconds when given (RFC 6585 s4).
    public static func tooManyRequests(retryAfter seconds: Int? = nil, _ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError {
        var headers = Headers()
        if let seconds { headers.addTrusted("Retry-After", String(seconds)) }
        return HTTPError(.tooManyRequests, detail: detail, headers: headers, fileID: fileID, line: line)
    }

    /// 431: the request's header fields are too large.
    public static func requestHeaderFieldsTooLarge(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.requestHeaderFieldsTooLarge, detail: detail, fileID: fileID, line: line) }
    /// 451: unavailable for legal reasons.
    public static func unavailableForLegalReasons(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.unavailableForLegalReasons, detail: detail, fileID: fileID, line: line) }

    /// 500: the server failed. `debugInfo` (say, the thrown error) shows only in debug mode.
    public static func internalServerError(_ detail: String? = nil, debugInfo: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError {
        HTTPError(.internalServerError, detail: detail, debugInfo: debugInfo, fileID: fileID, line: line)
    }

    /// 501: the server does not support this method or feature.
    public static func notImplemented(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.notImplemented, detail: detail, fileID: fileID, line: line) }
    /// 502: an upstream server answered badly.
    public static func badGateway(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.badGateway, detail: detail, fileID: fileID, line: line) }

    /// 503, with `Retry-After` in seconds when given.
    public static func serviceUnavailable(retryAfter seconds: Int? = nil, _ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError {
        var headers = Headers()
        if let seconds { headers.addTrusted("Retry-After", String(seconds)) }
        return HTTPError(.serviceUnavailable, detail: detail, headers: headers, fileID: fileID, line: line)
    }

    /// 504: an upstream server did not answer in time.
    public static func gatewayTimeout(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.gatewayTimeout, detail: detail, fileID: fileID, line: line) }
    /// 505: the HTTP version is not supported.
    public static func httpVersionNotSupported(_ detail: String? = nil, fileID: String = #fileID, line: Int = #line) -> HTTPError { HTTPError(.httpVersionNotSupported, detail: detail, fileID: fileID, line: line) }

    /// The standard sentence for a status code (Werk's own wording).
    static func standardMessage(for code: Int) -> String {
        switch code {
        case 400: return "The server could not understand this request."
        case 401: return "This resource needs valid credentials."
        case 403: return "You do not have permission to access this resource."
        case 404: return "The requested URL was not found on this server."
        case 405: return "This resource does not accept the request's method."
        case 406: return "No representation of this resource matches the request's Accept headers."
        case 408: return "The server gave up waiting for the request."
        case 409: return "The request conflicts with the current state of the resource."
        case 410: return "This resource is no longer available and will not be again."
        case 411: return "This request needs a Content-Length header."
        case 412: return "A precondition of the request did not hold."
        case 413: return "The request body is larger than the server accepts."
        case 414: return "The request URL is longer than the server accepts."
        case 415: return "The server does not accept the request body's media type."
        case 416: return "The requested range cannot be served."
        case 417: return "The server cannot meet the request's Expect header."
        case 418: return "This server is a teapot and will not brew coffee."
        case 422: return "The request body is well-formed but its content is not valid."
        case 428: return "This request must be conditional."
        case 429: return "Too many requests; slow down and try again later."
        case 431: return "The request's header fields are larger than the server accepts."
        case 451: return "This resource is unavailable for legal reasons."
        case 500: return "The server met an error and could not complete the request."
        case 501: return "The server does not support this request."
        case 502: return "An upstream server sent an invalid response."
        case 503: return "The server cannot handle the request right now; try again later."
        case 504: return "An upstream server did not answer in time."
        case 505: return "The server does not support the request's HTTP version."
        default: return "The request failed."
        }
    }
}
