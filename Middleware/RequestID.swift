import Werk

/// Middleware that gives every request an id for tying log lines together: the `X-Request-Id`
/// a proxy in front sent, when `trustIncoming` and it is a valid id, else a new one (128
/// random bits as 32 hex digits). The id goes in the environ (`request.requestID`,
/// `RequestIDKey`), on the response in the same header, and in `accessLog`'s lines.
///
/// A valid incoming id has 1 to 200 characters among letters, digits and `-_.:+/=@`; anything
/// else (spaces, quotes, control characters: log injection) is replaced by a new id.
///
///     let app = stack(accessLog(), requestID(), app: router)
public func requestID(header: String = "X-Request-Id", trustIncoming: Bool = true,
                      generate: @escaping @Sendable () -> String = { SecureRandom.hex(16) }) -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            let incoming = trustIncoming ? environ.headers[header].flatMap { isValidRequestID($0) ? $0 : nil } : nil
            let id = incoming ?? generate()
            environ[RequestIDKey.self] = id
            return try app(&environ, StartResponse { status, headers, error in
                var headers = headers
                headers[header] = id
                try startResponse(status, headers, error: error)
            })
        }
    }
}

/// True for 1 to 200 characters among ASCII letters, digits and `-_.:+/=@`.
func isValidRequestID(_ id: String) -> Bool {
    let bytes = id.utf8
    guard !bytes.isEmpty, bytes.count <= 200 else { return false }
    return bytes.allSatisfy { byte in
        HTTPSyntax.isAlphanumeric(byte) || "-_.:+/=@".utf8.contains(byte)
    }
}
