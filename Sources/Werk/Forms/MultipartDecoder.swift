/// A sans-IO, incremental decoder of `multipart/form-data` bodies (RFC 7578; framing of
/// RFC 2046 s5.1.1). Feed it the body in chunks of any size; it calls a handler with
/// `MultipartEvent`s. It keeps only what a chunk edge may have cut in half: at most one
/// delimiter's length of part content, or one part's header block (bounded by
/// `maxPartHeaderSize`). The body is never held whole.
///
///     var decoder = try MultipartDecoder(boundary: "XyZ")
///     for chunk in chunks {
///         try chunk.withUnsafeBytes { bytes throws(FormParseError) in
///             try decoder.feed(bytes) { event throws(FormParseError) in ... }
///         }
///     }
///     try decoder.finish()
///
/// The preamble before the first delimiter and the epilogue after `--boundary--` are
/// ignored; transport padding (spaces and tabs) after a delimiter is allowed (RFC 2046
/// s5.1.1). Delimiters are found with `memmem`, so the work is linear in the body size even
/// for content full of near-delimiters.
public struct MultipartDecoder {
    private enum State: Equatable {
        /// Before the first delimiter (RFC 2046 s5.1.1 preamble): bytes are skipped.
        case preamble
        /// After `CRLF--boundary` and `padding` bytes of transport padding: expecting `--`
        /// (close, only right after the boundary) or more padding and CRLF.
        case afterDelimiter(padding: Int)
        /// Reading a header block, which starts with the CRLF ending the delimiter line;
        /// `scanned` bytes of it are known not to start the terminating CRLF CRLF.
        case headers(scanned: Int)
        /// Reading part content up to the next delimiter.
        case body
        /// After the close delimiter.
        case done
    }

    /// The most bytes of one header block (and of transport padding after a delimiter).
    public let maxPartHeaderSize: Int
    private let finder: DelimiterFinder
    private var state: State = .preamble
    /// Bytes a previous chunk left unprocessed. It starts as CRLF so that a body whose first
    /// line is the dash-boundary (no preamble) still holds a whole `CRLF--boundary` delimiter.
    private var pending: [UInt8] = [0x0D, 0x0A]

    /// A decoder for `boundary` (the `boundary` parameter of the Content-Type, RFC 7578 s4.1);
    /// throws `malformed` when it breaks RFC 2046 s5.1.1 (1-70 bchars, no trailing space).
    public init(boundary: String, maxPartHeaderSize: Int = 8 * 1024) throws(FormParseError) {
        finder = DelimiterFinder(boundary: try MultipartBoundary.validated(boundary))
        self.maxPartHeaderSize = maxPartHeaderSize
    }

    /// True once the close delimiter has been read; later bytes are ignored.
    public var isFinished: Bool { state == .done }

    /// Decodes the next `chunk` of the body, calling `handle` for each event it completes.
    /// Throws `malformed` for bad framing or part headers, and whatever `handle` throws.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer,
                              _ handle: (MultipartEvent) throws(FormParseError) -> Void) throws(FormParseError) {
        if state == .done || chunk.isEmpty { return }
        if pending.isEmpty {
            // The common case: decode the caller's bytes in place, keep only an unfinished tail.
            let used = try process(chunk, handle)
            if state != .done && used < chunk.count {
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[used...]))
            }
            return
        }
        var work: [UInt8] = []
        swap(&work, &pending)
        work.append(contentsOf: chunk)
        let result = work.withUnsafeBytes { bytes in
            Result { () throws(FormParseError) -> Int in try process(bytes, handle) }
        }
        let used = try result.get()
        if state == .done { return }
        work.removeSubrange(0..<used)
        pending = work
    }

    /// Ends the body: throws `malformed` unless the close delimiter has been read (a body cut
    /// short, or one without any delimiter).
    public func finish() throws(FormParseError) {
        switch state {
        case .done: return
        case .preamble: throw .malformed("the body holds no multipart boundary delimiter (RFC 2046 s5.1.1)")
        default: throw .malformed("the body ended before the closing boundary delimiter (RFC 2046 s5.1.1)")
        }
    }

    /// Decodes as much of `buffer` as it can; returns how many leading bytes it used up. The
    /// rest must be presented again, followed by more bytes.
    private mutating func process(_ buffer: UnsafeRawBufferPointer,
                                  _ handle: (MultipartEvent) throws(FormParseError) -> Void) throws(FormParseError) -> Int {
        var position = 0
        let count = buffer.count
        while true {
            switch state {
            case .preamble, .body:
                let inBody = state == .body
                if let hit = finder.firstMatch(in: buffer, from: position) {
                    if inBody {
                        if hit > position { try handle(.data(UnsafeRawBufferPointer(rebasing: buffer[position..<hit]))) }
                        try handle(.partEnd)
                    }
                    position = hit + finder.needle.count
                    state = .afterDelimiter(padding: 0)
                } else {
                    let safe = finder.safeEnd(of: buffer, from: position)
                    if inBody && safe > position {
                        try handle(.data(UnsafeRawBufferPointer(rebasing: buffer[position..<safe])))
                    }
                    return safe
                }

            case .afterDelimiter(let padding):
                // RFC 2046 s5.1.1: close-delimiter = delimiter "--"; otherwise
                // delimiter transport-padding CRLF, transport-padding = *LWSP-char.
                guard position < count else { return position }
                if padding == 0 && buffer[position] == 0x2D {
                    guard position + 1 < count else { return position }
                    guard buffer[position + 1] == 0x2D else {
                        throw .malformed("a boundary delimiter is followed by \"-\" but not \"--\" (RFC 2046 s5.1.1)")
                    }
                    state = .done
                    try handle(.end)
                    return count
                }
                var index = position
                while index < count, HTTPSyntax.isOWS(buffer[index]) { index += 1 }
                let padded = padding + index - position
                if padded > maxPartHeaderSize {
                    throw .malformed("transport padding after a boundary is longer than \(maxPartHeaderSize) bytes")
                }
                // Padding is dropped as it is read, so a long run split over many chunks is
                // scanned once.
                state = .afterDelimiter(padding: padded)
                guard index < count else { return index }
                guard buffer[index] == 0x0D else {
                    throw .malformed("a boundary delimiter is followed by other bytes than padding and CRLF (RFC 2046 s5.1.1)")
                }
                guard index + 1 < count else { return index }
                guard buffer[index + 1] == 0x0A else {
                    throw .malformed("a boundary line ends with CR without LF (RFC 2046 s5.1.1)")
                }
                position = index
                state = .headers(scanned: 0)

            case .headers(let scanned):
                // The block runs from `position` (the delimiter line's CRLF) to CRLF CRLF.
                let available = count - position
                if let end = Self.findBlankLine(buffer, from: position + scanned) {
                    let blockSize = end + 4 - (position + 2)
                    if blockSize > maxPartHeaderSize {
                        throw .malformed("a part's header block is \(blockSize) bytes; the limit is \(maxPartHeaderSize) bytes (max_part_header_size)")
                    }
                    let block = end > position ? UnsafeRawBufferPointer(rebasing: buffer[(position + 2)..<end])
                                               : UnsafeRawBufferPointer(rebasing: buffer[position..<position])
                    let part = try PartHeaderParser.parse(block)
                    position = end + 4
                    state = .body
                    try handle(.partBegin(part))
                } else {
                    if available - 2 > maxPartHeaderSize {
                        throw .malformed("a part's header block is longer than \(maxPartHeaderSize) bytes (max_part_header_size)")
                    }
                    state = .headers(scanned: max(0, available - 3))
                    return position
                }

            case .done:
                return count
            }
        }
    }

    /// The offset of the first CRLF CRLF in `buffer[start...]`, by `memmem`.
    private static func findBlankLine(_ buffer: UnsafeRawBufferPointer, from start: Int) -> Int? {
        blankLine.firstMatch(in: buffer, from: start)
    }

    /// A finder for CRLF CRLF, the end of a header block.
    private static let blankLine = DelimiterFinder(needle: [0x0D, 0x0A, 0x0D, 0x0A])
}
