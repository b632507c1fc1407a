import Werk

/// How the request's body is delimited (RFC 9112 s6.3).
enum BodyFraming: Sendable, Equatable {
    /// No body: neither Content-Length nor Transfer-Encoding (s6.3 rule 7), or a length of 0.
    case none
    /// Exactly this many bytes (s6.3 rule 6).
    case length(Int)
    /// The chunked transfer coding (s6.3 rule 4, s7.1).
    case chunked
}

/// The form of the request-target (RFC 9112 s3.2).
enum TargetForm: Sendable, Equatable {
    /// `/path?query` (s3.2.1).
    case origin
    /// `http://host/path?query` (s3.2.2).
    case absolute
    /// `host:port`, for CONNECT only (s3.2.3).
    case authority
    /// `*`, for OPTIONS only (s3.2.4).
    case asterisk
}

/// A parsed and validated request head. A class: it is made once by the parser and passed
/// along (to the handler, or kept while its body arrives) without copying its fields.
final class RequestHead {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    /// The method, case-sensitive (RFC 9110 s9.1).
    let method: String
    /// The request-target exactly as sent.
    let target: String
    /// Which form the target has.
    @exclusivity(unchecked) var form = TargetForm.origin
    /// The percent-decoded path (`PATH_INFO`); `*` for OPTIONS *, the authority for CONNECT.
    @exclusivity(unchecked) var path = "/"
    /// The raw query, without `?`.
    @exclusivity(unchecked) var query = ""
    /// The minor version of HTTP/1.x: 0 or 1 (a higher minor is served as 1.1, RFC 9110 s2.5).
    let minorVersion: Int
    /// The fields as received.
    @exclusivity(unchecked) var headers = Headers()
    /// How the body is delimited.
    @exclusivity(unchecked) var framing = BodyFraming.none
    /// `Connection: close` was sent.
    @exclusivity(unchecked) var connectionClose = false
    /// `Connection: keep-alive` was sent (meaningful for HTTP/1.0).
    @exclusivity(unchecked) var connectionKeepAlive = false
    /// `Expect: 100-continue` was sent on HTTP/1.1 (RFC 9110 s10.1.1: ignored on 1.0).
    @exclusivity(unchecked) var expectContinue = false
    /// The authority of an absolute-form target, which replaces Host (RFC 9112 s3.2.2).
    @exclusivity(unchecked) var targetHost: String?

    init(method: String, target: String, minorVersion: Int) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
    }

    /// `HTTP/1.0` or `HTTP/1.1`.
    var protocolName: String { minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1" }

    /// Whether the client wants the connection kept (RFC 9112 s9.3).
    var wantsKeepAlive: Bool {
        if connectionClose { return false }
        return minorVersion >= 1 || connectionKeepAlive
    }
}
