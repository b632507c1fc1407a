/// How a response's body goes on the wire, decided in one place without any I/O (RFC 9110
/// s6.4.1, s8.6, s9.3.2; RFC 9112 s6.1, s6.3): which statuses and methods carry a body, when
/// the length is known, and whether the body is chunked or ends with the connection.
///
/// The server, the test `Client`, `lint` and the router's HEAD handling all ask it, so the
/// rules have one home.
///
///     let framing = try ResponseFraming(method: "GET", status: .ok, headers: headers, bodyLength: 13)
///     framing.delimiter             // .length(13)
///     framing.addsContentLength     // 13 when the app declared none
public struct ResponseFraming: Sendable, Equatable {
    /// How the receiver finds the end of the body.
    public enum Delimiter: Sendable, Equatable {
        /// No body bytes are sent (HEAD; 1xx, 204 and 304 responses).
        case none
        /// Exactly this many bytes, announced by `Content-Length`.
        case length(Int)
        /// The chunked transfer coding (HTTP/1.1 only, RFC 9112 s7.1).
        case chunked
        /// The body ends when the server closes the connection (RFC 9112 s6.3 rule 8).
        case close
    }

    /// How the body is delimited.
    public let delimiter: Delimiter
    /// The `Content-Length` the application declared, when it declared one.
    public let declaredLength: Int?
    /// A `Content-Length` the sender adds because the body's length is known but undeclared.
    public let addsContentLength: Int?
    /// True when `Content-Length` fields must not be sent (1xx and 204, RFC 9110 s8.6).
    public let dropsContentLength: Bool

    /// True when the sender adds `Transfer-Encoding: chunked`.
    public var addsChunked: Bool { delimiter == .chunked }
    /// True when body bytes go on the wire.
    public var sendsBody: Bool { delimiter != .none }
    /// True when the connection must close to end the body.
    public var closesConnection: Bool { delimiter == .close }

    /// The framing of a response to a `method` request with `status` and `headers`, whose body
    /// is `bodyLength` bytes long (nil when unknown until produced), sent over HTTP/1.`minorVersion`.
    /// Throws `GatewayError` for an invalid `Content-Length` or one that differs from the body.
    public init(method: String, status: Status, headers: Headers, bodyLength: Int?, minorVersion: Int = 1) throws(GatewayError) {
        var declared: Int?
        for field in headers where field.name.utf8.count == 14 && Headers.namesEqual(field.name, "Content-Length") {
            guard case .value(let n) = ContentLength.parse(field.value), declared == nil || declared == n else {
                throw GatewayError(.invalidContentLength(field.value))
            }
            declared = n
        }
        let forbidden = status.forbidsBody
        let isHead = method == "HEAD"
        // A HEAD response may declare the GET's length with an empty body (RFC 9110 s9.3.2).
        if let declared, let bodyLength, declared != bodyLength, !forbidden, !(isHead && bodyLength == 0) {
            throw GatewayError(.contentLengthMismatch(declared: declared, actual: bodyLength))
        }
        declaredLength = declared
        dropsContentLength = status.isInformational || status.code == 204
        var adds: Int?
        if forbidden {
            delimiter = .none
        } else if let declared {
            delimiter = isHead ? .none : .length(declared)
        } else if let bodyLength {
            delimiter = isHead ? .none : .length(bodyLength)
            // HEAD announces the length GET would have (s9.3.2), unless the app dropped the body.
            if !isHead || bodyLength > 0 { adds = bodyLength }
        } else if isHead {
            delimiter = .none
        } else if minorVersion >= 1 {
            delimiter = .chunked
        } else {
            // RFC 9112 s6.1: never chunked to HTTP/1.0; the close delimits the body.
            delimiter = .close
        }
        addsContentLength = adds
    }

    /// Whether a response to `method` with `status` carries body bytes at all: never for
    /// HEAD (RFC 9110 s9.3.2) nor for 1xx, 204 and 304 (s6.4.1). Methods are case-sensitive.
    public static func sendsBody(method: String, status: Status) -> Bool {
        method != "HEAD" && !status.forbidsBody
    }
}
