/// An HTTP status: a three-digit code and its reason phrase (RFC 9110 s15).
///
///     Response("gone", status: .gone)
///     Response("teapot", status: 418)
public struct Status: Hashable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The three-digit status code.
    public let code: Int
    /// The reason phrase sent after the code; informational only (RFC 9112 s4).
    public let reason: String

    /// A status with `code` and `reason`, or the registered reason phrase when `reason` is nil.
    public init(_ code: Int, reason: String? = nil) {
        self.code = code
        self.reason = reason ?? Status.reasonPhrase(for: code)
    }

    /// A status from an integer literal: `let s: Status = 404`.
    public init(integerLiteral code: Int) { self.init(code) }

    /// `"404 Not Found"`: the status line's code and reason.
    public var description: String { "\(code) \(reason)" }

    /// True for 1xx codes.
    public var isInformational: Bool { (100..<200).contains(code) }
    /// True for 2xx codes.
    public var isSuccess: Bool { (200..<300).contains(code) }
    /// True for 3xx codes.
    public var isRedirection: Bool { (300..<400).contains(code) }
    /// True for 4xx codes.
    public var isClientError: Bool { (400..<500).contains(code) }
    /// True for 5xx codes.
    public var isServerError: Bool { (500..<600).contains(code) }
    /// True when a response with this status never has content (1xx, 204, 304; RFC 9110 s6.4.1).
    public var forbidsBody: Bool { isInformational || code == 204 || code == 304 }

    /// The registered reason phrase for `code`, or `"Unknown"`.
    public static func reasonPhrase(for code: Int) -> String {
        reasonPhrases[code] ?? "Unknown"
    }

    /// Reason phrases from the IANA HTTP Status Code Registry.
    static let reasonPhrases: [Int: String] = [
        100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
        200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information",
        204: "No Content", 205: "Reset Content", 206: "Partial Content", 207: "Multi-Status",
        208: "Already Reported", 226: "IM Used",
        300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
        304: "Not Modified", 305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
        404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
        407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
        411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
        414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
        417: "Expectation Failed", 418: "I'm a teapot", 421: "Misdirected Request",
        422: "Unprocessable Content", 423: "Locked", 424: "Failed Dependency", 425: "Too Early",
        426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
        431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
        503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
        506: "Variant Also Negotiates", 507: "Insufficient Storage", 508: "Loop Detected",
        510: "Not Extended", 511: "Network Authentication Required",
    ]
}

extension Status {
    /// `100 Continue`.
    public static let `continue`: Status = 100
    /// `101 Switching Protocols`.
    public static let switchingProtocols: Status = 101
    /// `200 OK`.
    public static let ok: Status = 200
    /// `201 Created`.
    public static let created: Status = 201
    /// `202 Accepted`.
    public static let accepted: Status = 202
    /// `204 No Content`.
    public static let noContent: Status = 204
    /// `205 Reset Content`.
    public static let resetContent: Status = 205
    /// `206 Partial Content`.
    public static let partialContent: Status = 206
    /// `301 Moved Permanently`.
    public static let movedPermanently: Status = 301
    /// `302 Found`.
    public static let found: Status = 302
    /// `303 See Other`.
    public static let seeOther: Status = 303
    /// `304 Not Modified`.
    public static let notModified: Status = 304
    /// `307 Temporary Redirect`.
    public static let temporaryRedirect: Status = 307
    /// `308 Permanent Redirect`.
    public static let permanentRedirect: Status = 308
    /// `400 Bad Request`.
    public static let badRequest: Status = 400
    /// `401 Unauthorized`.
    public static let unauthorized: Status = 401
    /// `403 Forbidden`.
    public static let forbidden: Status = 403
    /// `404 Not Found`.
    public static let notFound: Status = 404
    /// `405 Method Not Allowed`.
    public static let methodNotAllowed: Status = 405
    /// `406 Not Acceptable`.
    public static let notAcceptable: Status = 406
    /// `408 Request Timeout`.
    public static let requestTimeout: Status = 408
    /// `409 Conflict`.
    public static let conflict: Status = 409
    /// `410 Gone`.
    public static let gone: Status = 410
    /// `411 Length Required`.
    public static let lengthRequired: Status = 411
    /// `412 Precondition Failed`.
    public static let preconditionFailed: Status = 412
    /// `413 Content Too Large`.
    public static let contentTooLarge: Status = 413
    /// `414 Request-URI Too Long`.
    public static let uriTooLong: Status = 414
    /// `415 Unsupported Media Type`.
    public static let unsupportedMediaType: Status = 415
    /// `416 Requested Range Not Satisfiable`.
    public static let rangeNotSatisfiable: Status = 416
    /// `417 Expectation Failed`.
    public static let expectationFailed: Status = 417
    /// `418 I'm a teapot`.
    public static let imATeapot: Status = 418
    /// `422 Unprocessable Content`.
    public static let unprocessableContent: Status = 422
    /// `428 Precondition Required`.
    public static let preconditionRequired: Status = 428
    /// `429 Too Many Requests`.
    public static let tooManyRequests: Status = 429
    /// `431 Request Header Fields Too Large`.
    public static let requestHeaderFieldsTooLarge: Status = 431
    /// `451 Unavailable For Legal Reasons`.
    public static let unavailableForLegalReasons: Status = 451
    /// `500 Internal Server Error`.
    public static let internalServerError: Status = 500
    /// `501 Not Implemented`.
    public static let notImplemented: Status = 501
    /// `502 Bad Gateway`.
    public static let badGateway: Status = 502
    /// `503 Service Unavailable`.
    public static let serviceUnavailable: Status = 503
    /// `504 Gateway Timeout`.
    public static let gatewayTimeout: Status = 504
    /// `505 HTTP Version Not Supported`.
    public static let httpVersionNotSupported: Status = 505
}
