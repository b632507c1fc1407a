import Werk

/// Decodes the chunked transfer coding (RFC 9112 s7.1) from bytes that arrive in any pieces.
///
/// An explicit state machine over single bytes for the framing and bulk copies for chunk
/// data; it stops right after the final CRLF, so bytes of a pipelined next request stay
/// unconsumed. Chunk extensions are checked against their grammar and ignored (s7.1.1);
/// trailer fields are checked as field lines (`token ":" field-value`, as in a head) and
/// discarded (s7.1.2 allows it).
///
/// Strict where parsers disagree (the ground of request smuggling): every line ends in CRLF
/// (a bare LF is refused after the size, after the data, after the last chunk and in the
/// trailers), whitespace after the size is allowed only before a `;` extension, and an
/// extension that breaks the grammar (a `;` without a name, an unclosed quoted string) is
/// refused rather than skipped to the CR.
struct ChunkedDecoder: Sendable, Equatable {
    private enum State: Sendable, Equatable {
        case size, sizeWhitespace, extensions(ExtensionPart), sizeLF, data, dataCR, dataLF, trailerStart, trailerName, trailerValue, trailerLF, finalLF, done
    }

    /// Where in `chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )`
    /// the decoder is (RFC 9112 s7.1.1; a name is a token, a value a token or a quoted-string).
    private enum ExtensionPart: Sendable, Equatable {
        case nameStart, name, afterName, valueStart, token, quoted, quotedPair, afterValue
    }

    private var state = State.size
    private var digits = 0
    private var remaining = 0
    private var lineLength = 0
    private var trailerBytes = 0
    private var extensionBytes = 0

    /// The longest chunk-size line (extensions included).
    let maxLineLength: Int
    /// The largest trailer section.
    let maxTrailerBytes: Int
    /// The most bytes of chunk extensions in the whole body, leading zeros of chunk sizes
    /// included (`0001`: two). They are read and thrown away, so without a bound a client could
    /// make the server read gigabytes for a body of a few bytes (one byte per chunk, each with a
    /// 4 KiB extension or 4 KiB of zeros before its size); 16 KiB as Node.js and hyper allow.
    let maxExtensionBytes: Int

    /// A decoder at the start of a chunked body.
    init(maxLineLength: Int = 4096, maxTrailerBytes: Int = 16 * 1024, maxExtensionBytes: Int = 16 * 1024) {
        self.maxLineLength = maxLineLength
        self.maxTrailerBytes = maxTrailerBytes
        self.maxExtensionBytes = maxExtensionBytes
    }

    /// True once the last chunk and the trailer section have been read.
    var isDone: Bool { state == .done }

    /// Consumes framing from `input` and copies chunk data into `output` (or skips it when
    /// `output` is nil). Returns how many input bytes were consumed and data bytes produced;
    /// stops when the output is full, the input is used up, or the body ends.
    mutating func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer?) throws(RequestError) -> (consumed: Int, produced: Int) {
        var i = 0
        var produced = 0
        let count = input.count
        while i < count {
            if state == .data {
                let n = min(remaining, count - i, (output?.count ?? Int.max) - produced)
                if n == 0 { break }
                if let output {
                    output.baseAddress!.advanced(by: produced).copyMemory(from: input.baseAddress!.advanced(by: i), byteCount: n)
                }
                produced += n
                i += n
                remaining -= n
                if remaining == 0 { state = .dataCR }
                continue
            }
            if state == .done { break }
            let b = input[i]
            i += 1
            switch state {
            case .size:
                // chunk-size = 1*HEXDIG (leading zeros allowed).
                if let v = HTTPSyntax.hexValue(b) {
                    guard remaining <= (Int.max >> 4) - 16 else { throw .bad("chunk size overflows") }
                    // A zero before any other digit is padding: thrown away like an extension.
                    if v == 0 && remaining == 0 && digits > 0 { try countExtension() } else { try countLine() }
                    remaining = remaining << 4 | Int(v)
                    digits += 1
                } else {
                    guard digits > 0 else { throw .bad("missing chunk size") }
                    try afterSize(b)
                }
            case .sizeWhitespace:
                // BWS before ";" (RFC 9112 s7.1.1): whitespace must lead to an extension.
                if b == 0x3B { state = .extensions(.nameStart) }
                else if HTTPSyntax.isOWS(b) { }
                else { throw .bad("whitespace after the chunk size without an extension") }
                try countExtension()
            case .extensions(let part):
                try extensionByte(b, part)
            case .sizeLF:
                guard b == 0x0A else { throw .bad("bare CR in chunk size line") }
                endSizeLine()
            case .dataCR:
                // Chunk data is followed by CRLF (s7.1).
                guard b == 0x0D else { throw .bad("chunk data not followed by CRLF") }
                state = .dataLF
            case .dataLF:
                guard b == 0x0A else { throw .bad("chunk data not followed by CRLF") }
                state = .size
            case .trailerStart:
                if b == 0x0D { state = .finalLF }
                else if b == 0x0A { throw .bad("bare LF after the last chunk") }
                // s5.2: obs-fold is not allowed in trailers either.
                else if HTTPSyntax.isOWS(b) { throw .bad("obs-fold in trailer section") }
                else { try trailerNameByte(b); state = .trailerName }
            case .trailerName:
                // field-line = field-name ":" OWS field-value OWS (RFC 9112 s5), field-name a token.
                if b == 0x3A { try countTrailer(); state = .trailerValue }
                else if b == 0x0D || b == 0x0A { throw .bad("trailer field without a colon") }
                else { try trailerNameByte(b) }
            case .trailerValue:
                if b == 0x0D { state = .trailerLF }
                else if b == 0x0A { throw .bad("bare LF in trailer section") }
                else if !HTTPSyntax.isFieldValueByte(b) { throw .bad("invalid character in trailer section") }
                else { try countTrailer() }
            case .trailerLF:
                guard b == 0x0A else { throw .bad("bare CR in trailer section") }
                state = .trailerStart
            case .finalLF:
                guard b == 0x0A else { throw .bad("bare CR after last chunk") }
                state = .done
            case .data, .done:
                break
            }
        }
        return (i, produced)
    }

    private mutating func afterSize(_ b: UInt8) throws(RequestError) {
        switch b {
        case 0x3B: state = .extensions(.nameStart)
        case _ where HTTPSyntax.isOWS(b): state = .sizeWhitespace
        case 0x0D: state = .sizeLF
        case 0x0A: throw .bad("bare LF after the chunk size")
        default: throw .bad("invalid chunk size")
        }
        if state == .sizeLF { try countLine() } else { try countExtension() }
    }

    /// Takes one byte of the chunk extensions, which have `part` of an extension before it; a
    /// CR where an extension may end ends the size line. The extensions are ignored, but only
    /// when well-formed: parsers that read a broken one differently (up to a closing quote
    /// past the CR, say) would disagree on where the chunk data starts.
    private mutating func extensionByte(_ b: UInt8, _ part: ExtensionPart) throws(RequestError) {
        let next: ExtensionPart
        switch part {
        case .nameStart:
            if HTTPSyntax.isOWS(b) { next = .nameStart }
            else if HTTPSyntax.isTChar(b) { next = .name }
            else { throw .bad("chunk extension without a name") }
        case .valueStart:
            if HTTPSyntax.isOWS(b) { next = .valueStart }
            else if b == 0x22 { next = .quoted }
            else if HTTPSyntax.isTChar(b) { next = .token }
            else { throw .bad("chunk extension without a value after '='") }
        case .name, .afterName, .token, .afterValue:
            let named = part == .name || part == .afterName
            if HTTPSyntax.isTChar(b) && (part == .name || part == .token) { next = part }
            else if HTTPSyntax.isOWS(b) { next = named ? .afterName : .afterValue }
            else if b == 0x3D && named { next = .valueStart }
            else if b == 0x3B { next = .nameStart }
            else if b == 0x0D { state = .sizeLF; return }
            else { throw .bad("invalid character in chunk extension") }
        case .quoted:
            // qdtext and quoted-pair (RFC 9110 s5.6.4): field-value bytes other than `"` and `\`.
            if b == 0x22 { next = .afterValue }
            else if b == 0x5C { next = .quotedPair }
            else if HTTPSyntax.isFieldValueByte(b) { next = .quoted }
            else { throw .bad("unclosed quoted string in chunk extension") }
        case .quotedPair:
            guard HTTPSyntax.isFieldValueByte(b) else { throw .bad("invalid character in chunk extension") }
            next = .quoted
        }
        state = .extensions(next)
        try countExtension()
    }

    /// Counts a byte of a chunk extension (or the whitespace before it, or a size's leading
    /// zero) against the line and the body's limit.
    private mutating func countExtension() throws(RequestError) {
        try countLine()
        extensionBytes += 1
        if extensionBytes > maxExtensionBytes { throw RequestError(.contentTooLarge, "chunk extensions or size padding too large") }
    }

    private mutating func countLine() throws(RequestError) {
        lineLength += 1
        if lineLength > maxLineLength { throw .bad("chunk size line too long") }
    }

    private mutating func trailerNameByte(_ b: UInt8) throws(RequestError) {
        if !HTTPSyntax.isTChar(b) { throw .bad("invalid trailer field name") }
        try countTrailer()
    }

    private mutating func countTrailer() throws(RequestError) {
        trailerBytes += 1
        if trailerBytes > maxTrailerBytes { throw RequestError(.requestHeaderFieldsTooLarge, "trailer section too large") }
    }

    private mutating func endSizeLine() {
        lineLength = 0
        digits = 0
        // last-chunk = 1*("0") [ chunk-ext ] CRLF, then the trailer section (s7.1).
        state = remaining == 0 ? .trailerStart : .data
    }
}
