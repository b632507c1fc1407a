/// The environ key under which `requestID` keeps the request's id (in the core, so servers
/// and logs can read it without the middleware target).
public enum RequestIDKey: EnvironKey {
    /// The id.
    public typealias Value = String
}

extension Request {
    /// The id the `requestID` middleware gave this request, or nil without it.
    ///
    ///     log("charging card", id: request.requestID ?? "-")
    public var requestID: String? { environ[RequestIDKey.self] }
}
