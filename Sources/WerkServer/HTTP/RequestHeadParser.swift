#if canImport(Glibc)
import Glibc
#endif
import Werk

/// Parses a complete request head strictly (RFC 9112 s2-s6): anything the grammar does not
/// allow is a `RequestError` (400, or 501/505/413 where the RFC says so).
///
/// Header fields whose name holds `_` are dropped before the application sees them: the CGI
/// view maps `Content_Length` and `Content-Length` to the same `HTTP_CONTENT_LENGTH`, so such
/// a name could pass for another field behind a proxy that keeps both (nginx drops them too).
///
/// A client sends the same target and fields request after request on a keep-alive
/// connection. Given the `previous` head of the same connection, a target or field whose bytes
/// equal the previous one's reuses its strings (and a head whose fields all equal the previous
/// fields reuses the whole list) instead of decoding them again. Every byte is still checked;
/// only the strings are shared.
enum RequestHeadParser {
    /// Parses `head` (the request line through the empty line).
    static func parse(_ head: UnsafeRawBufferPointer, limits: HeadLimits = HeadLimits(),
                      previous: RequestHead? = nil) throws(RequestError) -> RequestHead {
        var lines = LineReader(bytes: head, allowsBareLF: limits.allowsBareLF)
        guard let requestLine = try lines.next(), let base = head.baseAddress else { throw .bad("empty request") }
        let request = try parseRequestLine(head, requestLine, previous: previous)

        var hostCount = 0
        var contentLength: Int?
        var contentLengthOverflow = false
        var transferEncodings: [Slice<UnsafeRawBufferPointer>]? = nil
        // nil while every field so far equals the previous head's field at the same place.
        var headers: Headers? = nil
        let earlier = previous?.headers.fields ?? []
        var reused = 0
        while let line = try lines.next() {
            if line.isEmpty { break }
            // RFC 9112 s5.2: obs-fold is rejected with 400 (a server MUST reject or unfold; we reject).
            let first = head[line.lowerBound]
            if HTTPSyntax.isOWS(first) { throw .bad("obs-fold (a header line starting with whitespace)") }
            var underscore = false
            // A name equal to the previous head's at this place passed the name checks then (and
            // holds no `_`: such fields were dropped); only the colon needs finding.
            var knownName = false
            var colon = line.upperBound
            if headers == nil && reused < earlier.count,
               let found = memchr(base + line.lowerBound, 0x3A, line.count) {
                colon = base.distance(to: UnsafeRawPointer(found))
                knownName = sameBytes(earlier[reused].name, UnsafeRawBufferPointer(rebasing: head[line.lowerBound..<colon]))
            }
            if !knownName { colon = try scanName(base, from: line.lowerBound, to: line.upperBound, underscore: &underscore) }
            guard colon < line.upperBound else { throw .bad("header line without a colon") }
            guard colon > line.lowerBound else { throw .bad("empty header name") }
            var valueStart = colon + 1, valueEnd = line.upperBound
            while valueStart < valueEnd && HTTPSyntax.isOWS(head[valueStart]) { valueStart += 1 }
            while valueEnd > valueStart && HTTPSyntax.isOWS(head[valueEnd - 1]) { valueEnd -= 1 }
            let ascii = try checkFieldValue(base, from: valueStart, to: valueEnd)
            if underscore { continue }
            let nameBytes = UnsafeRawBufferPointer(rebasing: head[line.lowerBound..<colon])
            let valueBytes = UnsafeRawBufferPointer(rebasing: head[valueStart..<valueEnd])
            // A Content-Length list of equal values (`5, 5`, RFC 9110 s8.6) or a repeated field
            // reaches the app as one plain number, so CONTENT_LENGTH is always one (the checks
            // below refuse lists that disagree).
            let isLength = nameBytes.count == 14 && equalsLowercase(nameBytes, "content-length")
            let lengthRepeated = isLength && (contentLength != nil || contentLengthOverflow)
            let lengthList = isLength && !lengthRepeated && valueBytes.contains(0x2C)
            // True when this field's bytes are the previous head's field at the same place, which
            // passed every check below when that head was parsed.
            var known = false
            if headers == nil {
                if !lengthRepeated && !lengthList && knownName && sameBytes(earlier[reused].value, valueBytes) {
                    reused += 1
                    known = true
                } else {
                    headers = fields(earlier[..<reused])
                }
            }
            if headers != nil && !lengthRepeated {
                let name = CommonTokens.headerName(nameBytes) ?? String(decoding: nameBytes, as: UTF8.self)
                let value: String
                if lengthList, let first = valueBytes.split(separator: 0x2C).first {
                    value = String(decoding: HTTPSyntax.trimmingOWS(first), as: UTF8.self)
                } else {
                    value = ascii ? String(decoding: valueBytes, as: UTF8.self) : decodeObsText(valueBytes)
                }
                headers?.addTrusted(name, value)
            }

            switch nameBytes.count {
            case 4 where equalsLowercase(nameBytes, "host"):
                hostCount += 1
                // RFC 9112 s3.2: more than one Host, or an invalid Host value, is a 400.
                guard hostCount == 1 else { throw .bad("more than one Host header") }
                guard known || HTTPSyntax.isHost(valueBytes) else { throw .bad("invalid Host header") }
                // RFC 9110 s4.2.1: an "http" URI with an empty host is invalid and its recipient
                // MUST reject it; RFC 9112 s3.3: the server may refuse such a request rather
                // than guess the origin. Absolute-form and authority-form targets name the host
                // themselves (s3.3); origin-form and asterisk-form take it from Host.
                if (request.form == .origin || request.form == .asterisk) && (valueBytes.isEmpty || valueBytes[0] == UInt8(ascii: ":")) {
                    throw .bad("Host header names no host")
                }
            case 14 where equalsLowercase(nameBytes, "content-length"):
                // RFC 9110 s8.6 / RFC 9112 s6.3 rule 5: an invalid or conflicting length is unrecoverable.
                switch ContentLength.parse(valueBytes) {
                case .invalid: throw .bad("invalid Content-Length")
                case .overflow: contentLengthOverflow = true
                case .value(let n):
                    if let previous = contentLength, previous != n { throw .bad("conflicting Content-Length values") }
                    contentLength = n
                }
            case 17 where equalsLowercase(nameBytes, "transfer-encoding"):
                var all = transferEncodings ?? []
                for element in valueBytes.split(separator: 0x2C, omittingEmptySubsequences: true) {
                    let parts = HTTPSyntax.trimmingOWS(element).split(separator: 0x3B, maxSplits: 1, omittingEmptySubsequences: false)
                    let token = HTTPSyntax.trimmingOWS(parts[0])
                    // RFC 9112 s7: chunked has no parameters; `chunked;x=y` is a framing a proxy may read otherwise.
                    if parts.count > 1 && equalsLowercase(token, "chunked") { throw .bad("chunked takes no parameters") }
                    // RFC 9110 s10.1.4: a coding is a token; `;x` (parameters without a name) or
                    // `"chunked"` is none, and a front end may read it as another coding.
                    if token.isEmpty && parts.count > 1 || !token.allSatisfy(HTTPSyntax.isTChar) {
                        throw .bad("invalid transfer coding")
                    }
                    if !token.isEmpty { all.append(token) }
                }
                transferEncodings = all
            case 10 where equalsLowercase(nameBytes, "connection"):
                for element in valueBytes.split(separator: 0x2C) {
                    let token = HTTPSyntax.trimmingOWS(element)
                    if equalsLowercase(token, "close") { request.connectionClose = true }
                    if equalsLowercase(token, "keep-alive") { request.connectionKeepAlive = true }
                }
            case 6 where equalsLowercase(nameBytes, "expect"):
                // RFC 9110 s10.1.1: 100-continue is the only expectation; others MAY get 417.
                guard equalsLowercase(HTTPSyntax.trimmingOWS(valueBytes[...]), "100-continue") else {
                    throw RequestError(.expectationFailed, "unsupported expectation")
                }
                request.expectContinue = request.minorVersion >= 1
            default:
                break
            }
        }
        if let headers {
            request.headers = headers
        } else if let previous, reused == earlier.count {
            request.headers = previous.headers
        } else {
            request.headers = fields(earlier[..<reused])
        }

        // RFC 9112 s3.2: a server MUST respond 400 to an HTTP/1.1 request without a Host field.
        if request.minorVersion >= 1 && hostCount == 0 { throw .bad("HTTP/1.1 request without Host") }

        if let codings = transferEncodings {
            // RFC 9112 s6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
            if request.minorVersion == 0 { throw .bad("Transfer-Encoding in an HTTP/1.0 request") }
            // RFC 9112 s6.1/s6.3 rule 3: CL with TE is a smuggling vector; refused with 400 (then close).
            if contentLength != nil || contentLengthOverflow { throw .bad("both Content-Length and Transfer-Encoding") }
            // RFC 9112 s6.3 rule 4: chunked must be the final coding, else 400 and close.
            guard let last = codings.last, equalsLowercase(last, "chunked") else {
                throw .bad("chunked is not the final transfer coding")
            }
            // RFC 9112 s6.1: chunked MUST NOT be applied more than once.
            if codings.dropLast().contains(where: { equalsLowercase($0, "chunked") }) {
                throw .bad("chunked applied more than once")
            }
            // RFC 9112 s6.1: a transfer coding the server does not understand SHOULD get 501.
            if codings.count > 1 { throw RequestError(.notImplemented, "unsupported transfer coding") }
            request.framing = .chunked
        } else if contentLengthOverflow {
            // RFC 9110 s8.6: a recipient MUST anticipate large numbers and prevent overflow.
            throw RequestError(.contentTooLarge, "Content-Length too large")
        } else if let contentLength {
            request.framing = contentLength == 0 ? .none : .length(contentLength)
        }
        return request
    }
}

extension RequestHeadParser {
    /// A list of fields to go on with: `first`, and room for more.
    private static func fields(_ first: ArraySlice<Headers.Field>) -> Headers {
        var headers = Headers(minimumCapacity: max(8, first.count + 4))
        for field in first { headers.addTrusted(field.name, field.value) }
        return headers
    }

    /// True when `text`'s UTF-8 is exactly `bytes` (then decoding `bytes` would make `text`).
    static func sameBytes(_ text: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        return utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, base, bytes.count) == 0 }
            ?? utf8.elementsEqual(bytes)
    }
}

/// Splits a head into lines (RFC 9112 s2.2): CRLF ends a line. A bare LF ends one too only
/// when `allowsBareLF` (the RFC allows it, but a server behind a proxy that disagrees can be
/// smuggled past); a CR anywhere else (bare CR) is always a 400.
struct LineReader {
    let bytes: UnsafeRawBufferPointer
    let allowsBareLF: Bool
    var position = 0

    /// The next line's range without its terminator, or nil at the end.
    mutating func next() throws(RequestError) -> Range<Int>? {
        guard position < bytes.count, let base = bytes.baseAddress else { return nil }
        let start = position
        let found = memchr(base + start, 0x0A, bytes.count - start)
        let i = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
        position = i + 1
        var end = i
        if end > start && bytes[end - 1] == 0x0D {
            end -= 1
        } else if i < bytes.count && !allowsBareLF {
            throw .bad("a line of the request head ends in a bare LF (CRLF required)")
        }
        // RFC 9112 s2.2: a bare CR MUST be rejected or replaced by SP; we reject it. (The request
        // line and field checks refuse every CR left inside a line, as a character no line holds.)
        return start..<end
    }
}
