/// Why a form body was refused. `kind` tells the status to answer with; `message` names the
/// problem and, for limits, the limit.
///
///     do { form = try MultipartParser.parse(...) }
///     catch { status = error.kind == .tooLarge ? 413 : error.kind == .malformed ? 400 : 500 }
public struct FormParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of refusal.
    public enum Kind: Sendable, Equatable {
        /// The body passes one of the `FormLimits` (answer 413 Content Too Large).
        case tooLarge
        /// The body is not valid `multipart/form-data` (answer 400 Bad Request).
        case malformed
        /// A temporary file for an uploaded file could not be created or written: the server's
        /// fault, not the client's (answer 500 Internal Server Error).
        case storage
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// A message that names the problem and the limit involved.
    public let message: String
    /// For `storage`: the server was short of descriptors or memory, a passing condition
    /// (answer 503 with `Retry-After`, not 500).
    public let isResourceShortage: Bool

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String, isResourceShortage: Bool = false) {
        self.kind = kind
        self.message = message
        self.isResourceShortage = isResourceShortage
    }

    /// A `malformed` error.
    static func malformed(_ message: String) -> FormParseError { FormParseError(.malformed, message) }
    /// A `tooLarge` error.
    static func tooLarge(_ message: String) -> FormParseError { FormParseError(.tooLarge, message) }

    /// The message, prefixed by the kind.
    public var description: String {
        switch kind {
        case .tooLarge: return "form too large: \(message)"
        case .malformed: return "malformed form: \(message)"
        case .storage: return "form storage failed: \(message)"
        }
    }
}
