import Werk

/// A request the server answers itself, before or instead of the application: the status to
/// send (400, 408, 413, 414, 431, 501, 505, ...) and why, for the log.
///
/// The connection is always closed after such an answer (RFC 9112 s9.6), so nothing the
/// client pipelined behind a malformed request is processed.
public struct RequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status the server answers with.
    public let status: Status
    /// What was wrong with the request.
    public let reason: String

    /// A refusal with `status` because of `reason`.
    public init(_ status: Status, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    static func bad(_ reason: String) -> RequestError { RequestError(.badRequest, reason) }

    /// `"400 Bad Request: obs-fold in header line"`.
    public var description: String { "\(status): \(reason)" }
}

/// Limits on a request head (RFC 9112 s3, s5; RFC 6585 s5).
struct HeadLimits: Sendable, Equatable {
    /// The longest request line; longer is 414 (RFC 9112 s3: at least 8000 octets SHOULD pass).
    var maxRequestLine: Int = 16 * 1024
    /// The largest head (request line + fields); larger is 431.
    var maxHeadBytes: Int = 64 * 1024
    /// The most header lines; more is 431.
    var maxHeaderCount: Int = 100
    /// Whether a bare LF may end a line of the head (RFC 9112 s2.2 allows it; refused by default).
    var allowsBareLF = false
    /// The longest method; longer is 501 as soon as it is seen (RFC 9112 s3: a method longer
    /// than any the server implements SHOULD get 501). The longest registered methods
    /// (`UPDATEREDIRECTREF`, `BASELINE-CONTROL`) have 17 and 16 bytes.
    static let maxMethodLength = 64
}
