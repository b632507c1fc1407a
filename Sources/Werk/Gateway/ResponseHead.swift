/// The status and headers an application started its response with, checked against
/// PEP 3333's rules: servers and the test client use it so every server enforces the same
/// contract.
///
///     let head = ResponseHead()
///     let body = try app(&environ, head.startResponse)
///     try head.beginBody()      // before the first body byte goes out
///     // head.status, head.headers
public final class ResponseHead {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    /// The status given to start-response, or nil before the call.
    @exclusivity(unchecked) public private(set) var status: Status?
    /// The headers given to start-response.
    @exclusivity(unchecked) public private(set) var headers = Headers()
    /// True once the server has begun sending (after that start-response cannot be called).
    @exclusivity(unchecked) public private(set) var isSent = false

    /// A head waiting for the app's start-response call.
    public init() {}

    /// Makes the head wait for a new start-response call, for a server that reuses it for the
    /// next request once nothing else holds it.
    package func reset() {
        status = nil
        headers = Headers()
        isSent = false
    }

    /// The start-response function bound to this head.
    public var startResponse: StartResponse {
        // Held strongly: `ResponseHead().startResponse` must stay valid after the temporary
        // head expression ends (the head does not keep the closure, so there is no cycle).
        StartResponse { status, headers, error in
            try self.start(status, headers, error: error)
        }
    }

    /// Records the status and headers after checking them.
    public func start(_ status: Status, _ headers: Headers, error: (any Error)? = nil) throws {
        if self.status != nil {
            // PEP 3333: a second call must carry the error, and is only allowed before sending.
            guard let error else { throw GatewayError(.startResponseCalledTwice) }
            if isSent { throw error }
        }
        try ResponseHead.check(status: status, headers: headers)
        self.status = status
        self.headers = headers
    }

    /// The status and headers once start-response was called, else nil: the server reads them
    /// here, inside this module, where the accesses go unchecked (read from another module, each
    /// property cost a runtime exclusivity check per response).
    package var started: (status: Status, headers: Headers)? {
        guard let status else { return nil }
        return (status, headers)
    }

    /// Marks the head as sent; throws when start-response was never called.
    public func beginBody() throws {
        guard status != nil else { throw GatewayError(.startResponseNotCalled) }
        isSent = true
    }

    /// Header names that belong to the server's connection management (RFC 9110 s7.6.1):
    /// an application may not set them.
    public static let hopByHopHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "trailers", "transfer-encoding", "upgrade",
    ]

    /// True for a hop-by-hop field name, compared without allocating (this runs per response).
    static func isHopByHop(_ name: String) -> Bool {
        switch name.utf8.count {
        case 2: return Headers.namesEqual(name, "TE")
        case 7: return Headers.namesEqual(name, "Trailer") || Headers.namesEqual(name, "Upgrade")
        case 8: return Headers.namesEqual(name, "Trailers")
        case 10: return Headers.namesEqual(name, "Connection") || Headers.namesEqual(name, "Keep-Alive")
        case 17: return Headers.namesEqual(name, "Transfer-Encoding")
        case 18: return Headers.namesEqual(name, "Proxy-Authenticate")
        case 19: return Headers.namesEqual(name, "Proxy-Authorization")
        default: return false
        }
    }

    /// Throws unless `status` is a valid final status and `headers` are valid and end-to-end.
    public static func check(status: Status, headers: Headers) throws {
        guard (100...999).contains(status.code), status.code >= 200 || status.code == 101 else {
            throw GatewayError(.invalidStatus(status.code))
        }
        for byte in status.reason.utf8 where byte == 0x0D || byte == 0x0A || byte == 0 {
            throw GatewayError(.invalidStatus(status.code))
        }
        try headers.validate()
        for field in headers where isHopByHop(field.name) {
            throw GatewayError(.hopByHopHeader(field.name))
        }
    }
}

/// A broken rule of the gateway interface, with a message that says which.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rules that can be broken.
    public enum Kind: Sendable, Equatable {
        /// start-response was called a second time without error information.
        case startResponseCalledTwice
        /// The body was produced, but start-response was never called.
        case startResponseNotCalled
        /// The app set a hop-by-hop header, which belongs to the server.
        case hopByHopHeader(String)
        /// The status code is outside 200...999 (or 101), or its reason holds CR, LF or NUL.
        case invalidStatus(Int)
        /// The body's length differs from the declared Content-Length.
        case contentLengthMismatch(declared: Int, actual: Int)
        /// The `Content-Length` value is not a valid length (RFC 9110 s8.6: `1*DIGIT`).
        case invalidContentLength(String)
    }
    /// Which rule was broken.
    public let kind: Kind

    /// An error of `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    /// What went wrong, and what PEP 3333 says.
    public var description: String {
        switch kind {
        case .startResponseCalledTwice:
            return "start_response called a second time without error information (PEP 3333)"
        case .startResponseNotCalled:
            return "the application returned a body without calling start_response first"
        case .hopByHopHeader(let name):
            return "hop-by-hop header \(String(reflecting: name)) is set by the server, not the application (PEP 3333, RFC 9110 s7.6.1)"
        case .invalidStatus(let code):
            return "invalid response status \(code): a final status is 200-999 (or 101) with a reason free of CR, LF and NUL"
        case .contentLengthMismatch(let declared, let actual):
            return "the body has \(actual) bytes but Content-Length declared \(declared)"
        case .invalidContentLength(let value):
            return "Content-Length \(String(reflecting: value)) is not a valid length (RFC 9110 s8.6: digits only)"
        }
    }
}
