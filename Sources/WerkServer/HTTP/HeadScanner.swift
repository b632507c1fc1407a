import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Finds the end of a request head in bytes that arrive in pieces, without rescanning what
/// it has seen, and enforces the head limits while the head is still incomplete (so a huge
/// head is refused before it is held whole).
///
/// State machine: `scan` is called with the whole buffered input each time more arrives; it
/// resumes at `scanned`. Positions are offsets into that buffer, which only grows at the end
/// until the head is complete.
struct HeadScanner: Sendable, Equatable {
    /// Where the head starts (after skipped empty lines).
    private(set) var headStart = 0
    /// Start of the line being scanned.
    private var lineStart = 0
    /// Bytes already searched for LF.
    private var scanned = 0
    /// Complete lines seen, the request line included.
    private var lines = 0
    /// Empty lines skipped before the request line.
    private var skippedEmpty = 0
    /// Bytes of the request line already checked to be the method's (see `checkMethod`).
    private var methodChecked = 0
    /// True once the space after the method has been seen.
    private var methodEnded = false

    /// The outcome of a scan.
    enum Result: Equatable {
        /// The head occupies `start ..< end` (the final empty line included).
        case complete(start: Int, end: Int)
        /// More bytes are needed.
        case incomplete
        /// The head breaks a limit or cannot be a head.
        case failed(RequestError)
    }

    /// Scans `bytes` (everything buffered for this head) from where the last call stopped.
    mutating func scan(_ bytes: UnsafeRawBufferPointer, limits: HeadLimits) -> Result {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return .incomplete }
        while scanned < count {
            guard let found = memchr(base + scanned, 0x0A, count - scanned) else {
                scanned = count
                break
            }
            let lf = base.distance(to: UnsafeRawPointer(found))
            scanned = lf + 1
            var lineEnd = lf
            if lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let isEmpty = lineEnd == lineStart
            if lines == 0 {
                if isEmpty {
                    // RFC 9112 s2.2: a server SHOULD ignore at least one empty line before the request-line.
                    if lineEnd == lf && !limits.allowsBareLF { return .failed(.bad("an empty line ends in a bare LF")) }
                    skippedEmpty += 1
                    if skippedEmpty > 8 { return .failed(.bad("too many empty lines before the request line")) }
                    lineStart = scanned
                    headStart = scanned
                    continue
                }
                if let refused = checkMethod(bytes, upTo: lineEnd, limits: limits) { return refused }
                // RFC 9112 s3: a request-line longer than the server's limit gets 414.
                if lineEnd - lineStart > limits.maxRequestLine {
                    return .failed(RequestError(.uriTooLong, "request line longer than \(limits.maxRequestLine) bytes"))
                }
            } else if isEmpty {
                if scanned - headStart > limits.maxHeadBytes { return tooLarge(limits) }
                return .complete(start: headStart, end: scanned)
            }
            lines += 1
            // RFC 6585 s5: 431 when the header fields are too large (here: too many lines).
            if lines > limits.maxHeaderCount + 1 {
                return .failed(RequestError(.requestHeaderFieldsTooLarge, "more than \(limits.maxHeaderCount) header lines"))
            }
            lineStart = scanned
        }
        // The limit counts the line without its CRLF: a CR last in the buffer may be the start
        // of that CRLF, so a line of exactly the limit is not refused when the LF comes later.
        let pendingCR = count > lineStart && bytes[count - 1] == 0x0D ? 1 : 0
        if lines == 0, let refused = checkMethod(bytes, upTo: count - pendingCR, limits: limits) { return refused }
        if lines == 0 && count - lineStart - pendingCR > limits.maxRequestLine {
            return .failed(RequestError(.uriTooLong, "request line longer than \(limits.maxRequestLine) bytes"))
        }
        if count - headStart > limits.maxHeadBytes { return tooLarge(limits) }
        return .incomplete
    }

    /// Checks the request line's bytes up to `end` while they are still the method's (RFC 9112
    /// s3: the line starts with `method SP`, a method is a token). Bytes that cannot start a
    /// request (a TLS ClientHello sent to a plain HTTP port, binary noise) are refused as they
    /// arrive instead of after the head timeout; the rest of the line is `RequestLine`'s to
    /// check once it is whole. A method longer than `HeadLimits.maxMethodLength` is refused with
    /// 501 at its first byte past it. Each byte is looked at once however the line arrives, and only
    /// bytes within the limits, checked before them: the refusal is the same whatever pieces
    /// the line comes in.
    private mutating func checkMethod(_ bytes: UnsafeRawBufferPointer, upTo end: Int, limits: HeadLimits) -> Result? {
        guard !methodEnded else { return nil }
        let stop = min(end, lineStart + min(limits.maxRequestLine, limits.maxHeadBytes))
        var at = max(methodChecked, lineStart)
        while at < stop {
            let b = bytes[at]
            if b == 0x20 { methodEnded = true; break }
            guard HTTPSyntax.isTChar(b) else { return .failed(.bad("invalid character in method")) }
            if at - lineStart == HeadLimits.maxMethodLength {
                return .failed(RequestError(.notImplemented, "method longer than \(HeadLimits.maxMethodLength) bytes"))
            }
            at += 1
        }
        methodChecked = at
        return nil
    }

    /// True when bytes of a head (not just skipped empty lines) have been seen.
    func hasStarted(bufferedCount: Int) -> Bool { bufferedCount > headStart }

    private func tooLarge(_ limits: HeadLimits) -> Result {
        .failed(RequestError(.requestHeaderFieldsTooLarge, "request head larger than \(limits.maxHeadBytes) bytes"))
    }
}
