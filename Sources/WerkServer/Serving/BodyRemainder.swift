/// The part of a request body the application did not read, which the event loop discards
/// before the next request on the connection (so a worker never waits for a slow client to
/// finish a body nobody wants).
enum BodyRemainder: Sendable, Equatable {
    /// This many bytes of a Content-Length body.
    case length(Int)
    /// The rest of a chunked body, from this decoder state.
    case chunked(ChunkedDecoder)

    /// Discards what `bytes` holds of the remainder. Returns how many bytes it used and whether
    /// the body ended; throws `RequestError` for broken chunked framing.
    mutating func discard(_ bytes: UnsafeRawBufferPointer) throws(RequestError) -> (used: Int, done: Bool) {
        switch self {
        case .length(let n):
            let used = min(n, bytes.count)
            self = .length(n - used)
            return (used, n == used)
        case .chunked(var decoder):
            let used = try decoder.decode(bytes, into: nil).consumed
            self = .chunked(decoder)
            return (used, decoder.isDone)
        }
    }
}
