import Werk

/// How the request's body is delimited (RFC 9112 s6.3).
enum BodyFraming: Sendable, Equatable {
    /// No body: neither Content-Length nor Transfer-Encoding (s6.3 rule 7), or a length of 0.
    case none
    /// Exactly this many bytes (s6.3 rule 6).
    case length(Int)
    /// The chunked transfer coding (s6.3 rule 4, s7.1).
    case chunked
}

/// The form of the request-target (RFC 9112 s3.2).
enum TargetForm: Sendable, Equatable {
    /// `/path?query` (s3.2.1).
    case origin
    /// `http://host/path?query` (s3.2.2).
    case absolute
    /// `host:port`, for CONNECT only (s3.2.3).
    case authority
    /// `*`, for OPTIONS only (s3.2.4).
    case asterisk
}

/// A parsed and validated request head.
struct RequestHead: Sendable, Equatable {
    /// The method, case-sensitive (RFC 9110 s9.1).
    var method: String
    /// The request-target exactly as sent.
    var target: String
    /// Which form the target has.
    var form: TargetForm
    /// The percent-decoded path (`PATH_INFO`); `*` for OPTIONS *, the authority for CONNECT.
    var path: String
    /// The raw query, without `?`.
    var query: String
    /// The minor version of HTTP/1.x: 0 or 1 (a higher minor is served as 1.1, RFC 9110 s2.5).
    var minorVersion: Int
    /// The fields as received.
    var headers: Headers
    /// How the body is delimited.
    var framing: BodyFraming
    /// `Connection: close` was sent.
    var connectionClose: Bool
    /// `Connection: keep-alive` was sent (meaningful for HTTP/1.0).
    var connectionKeepAlive: Bool
    /// `Expect: 100-continue` was sent on HTTP/1.1 (RFC 9110 s10.1.1: ignored on 1.0).
    var expectContinue: Bool
    /// The authority of an absolute-form target, which replaces Host (RFC 9112 s3.2.2).
    var targetHost: String?

    /// `HTTP/1.0` or `HTTP/1.1`.
    var protocolName: String { minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1" }

    /// Whether the client wants the connection kept (RFC 9112 s9.3).
    var wantsKeepAlive: Bool {
        if connectionClose { return false }
        return minorVersion >= 1 || connectionKeepAlive
    }
}

/// Parses a complete request head strictly (RFC 9112 s2-s6): anything the grammar does not
/// allow is a `RequestError` (400, or 501/505/413 where the RFC says so).
enum RequestHeadParser {
    /// Parses `head` (the request line through the empty line).
    static func parse(_ head: UnsafeRawBufferPointer, limits: HeadLimits = HeadLimits()) throws(RequestError) -> RequestHead {
        var lines = LineReader(bytes: head)
        guard let requestLine = try lines.next() else { throw .bad("empty request") }
        var request = try parseRequestLine(head, requestLine)

        var hostCount = 0
        var contentLength: Int?
        var contentLengthOverflow = false
        var transferEncodings: [Slice<UnsafeRawBufferPointer>]? = nil
        var headers = Headers()
        while let line = try lines.next() {
            if line.isEmpty { break }
            // RFC 9112 s5.2: obs-fold is rejected with 400 (a server MUST reject or unfold; we reject).
            let first = head[line.lowerBound]
            if first == 0x20 || first == 0x09 { throw .bad("obs-fold (a header line starting with whitespace)") }
            var colon = line.lowerBound
            while colon < line.upperBound && head[colon] != 0x3A { colon += 1 }
            guard colon < line.upperBound else { throw .bad("header line without a colon") }
            // RFC 9112 s5.1: no whitespace between name and colon (MUST reject with 400); name is a token.
            guard colon > line.lowerBound else { throw .bad("empty header name") }
            for i in line.lowerBound..<colon where !isTokenByte(head[i]) {
                throw .bad("invalid character in header name")
            }
            var valueStart = colon + 1, valueEnd = line.upperBound
            while valueStart < valueEnd && (head[valueStart] == 0x20 || head[valueStart] == 0x09) { valueStart += 1 }
            while valueEnd > valueStart && (head[valueEnd - 1] == 0x20 || head[valueEnd - 1] == 0x09) { valueEnd -= 1 }
            // RFC 9110 s5.5: field-value is VCHAR / obs-text / SP / HTAB; CR, LF, NUL and other CTLs are invalid.
            var ascii = true
            for i in valueStart..<valueEnd {
                let b = head[i]
                if b >= 0x80 { ascii = false; continue }
                if b < 0x20 && b != 0x09 || b == 0x7F { throw .bad("invalid character in value of a header") }
            }
            let nameBytes = UnsafeRawBufferPointer(rebasing: head[line.lowerBound..<colon])
            let valueBytes = UnsafeRawBufferPointer(rebasing: head[valueStart..<valueEnd])
            let name = String(decoding: nameBytes, as: UTF8.self)
            let value = ascii ? String(decoding: valueBytes, as: UTF8.self) : decodeObsText(valueBytes)
            headers.addUnchecked(name, value)

            switch nameBytes.count {
            case 4 where equalsLowercase(nameBytes, "host"):
                hostCount += 1
                // RFC 9112 s3.2: more than one Host, or an invalid Host value, is a 400.
                guard hostCount == 1 else { throw .bad("more than one Host header") }
                guard isValidHost(valueBytes) else { throw .bad("invalid Host header") }
            case 14 where equalsLowercase(nameBytes, "content-length"):
                // RFC 9110 s8.6 / RFC 9112 s6.3 rule 5: an invalid or conflicting length is unrecoverable.
                switch parseContentLength(valueBytes) {
                case .invalid: throw .bad("invalid Content-Length")
                case .overflow: contentLengthOverflow = true
                case .value(let n):
                    if let previous = contentLength, previous != n { throw .bad("conflicting Content-Length values") }
                    contentLength = n
                }
            case 17 where equalsLowercase(nameBytes, "transfer-encoding"):
                var all = transferEncodings ?? []
                for element in valueBytes.split(separator: 0x2C, omittingEmptySubsequences: true) {
                    let coding = trimmed(element).split(separator: 0x3B, maxSplits: 1, omittingEmptySubsequences: false)[0]
                    let token = trimmed(coding)
                    if !token.isEmpty { all.append(token) }
                }
                transferEncodings = all
            case 10 where equalsLowercase(nameBytes, "connection"):
                for element in valueBytes.split(separator: 0x2C) {
                    let token = trimmed(element)
                    if equalsLowercase(token, "close") { request.connectionClose = true }
                    if equalsLowercase(token, "keep-alive") { request.connectionKeepAlive = true }
                }
            case 6 where equalsLowercase(nameBytes, "expect"):
                // RFC 9110 s10.1.1: 100-continue is the only expectation; others MAY get 417.
                guard equalsLowercase(trimmed(valueBytes[...]), "100-continue") else {
                    throw RequestError(.expectationFailed, "unsupported expectation")
                }
                request.expectContinue = request.minorVersion >= 1
            default:
                break
            }
        }
        request.headers = headers

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

    // MARK: Request line (RFC 9112 s3)

    private static func parseRequestLine(_ head: UnsafeRawBufferPointer, _ line: Range<Int>) throws(RequestError) -> RequestHead {
        // request-line = method SP request-target SP HTTP-version
        var i = line.lowerBound
        while i < line.upperBound && head[i] != 0x20 {
            guard isTokenByte(head[i]) else { throw .bad("invalid character in method") }
            i += 1
        }
        guard i > line.lowerBound, i < line.upperBound else { throw .bad("malformed request line") }
        let method = String(decoding: UnsafeRawBufferPointer(rebasing: head[line.lowerBound..<i]), as: UTF8.self)
        let targetStart = i + 1
        var j = targetStart
        while j < line.upperBound && head[j] != 0x20 {
            let b = head[j]
            // Target characters: no CTLs, SP or DEL (RFC 3986 plus obs-text, decoded leniently).
            guard b > 0x20 && b != 0x7F else { throw .bad("invalid character in request target") }
            j += 1
        }
        guard j > targetStart, j < line.upperBound else { throw .bad("malformed request line") }
        let versionStart = j + 1
        let version = UnsafeRawBufferPointer(rebasing: head[versionStart..<line.upperBound])
        // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 s2.3), case-sensitive.
        guard version.count == 8, version[0] == 0x48, version[1] == 0x54, version[2] == 0x54, version[3] == 0x50,
              version[4] == 0x2F, isDigit(version[5]), version[6] == 0x2E, isDigit(version[7]) else {
            throw .bad("malformed HTTP version")
        }
        // RFC 9110 s15.6.6: 505 for a major version the server does not support.
        guard version[5] == 0x31 else { throw RequestError(.httpVersionNotSupported, "only HTTP/1.x is supported") }
        let minor = version[7] == 0x30 ? 0 : 1

        let targetBytes = UnsafeRawBufferPointer(rebasing: head[targetStart..<j])
        let target = decodeObsText(targetBytes)
        var request = RequestHead(method: method, target: target, form: .origin, path: "/", query: "", minorVersion: minor,
                                  headers: Headers(), framing: .none, connectionClose: false, connectionKeepAlive: false,
                                  expectContinue: false, targetHost: nil)
        let first = targetBytes[0]
        if first == 0x2F {
            splitPathAndQuery(targetBytes[...], into: &request)
        } else if targetBytes.count == 1 && first == 0x2A {
            // RFC 9112 s3.2.4: the asterisk-form is only used with OPTIONS.
            guard method == "OPTIONS" else { throw .bad("'*' target with a method other than OPTIONS") }
            request.form = .asterisk
            request.path = "*"
        } else if method == "CONNECT" {
            // RFC 9112 s3.2.3: authority-form, for CONNECT only.
            guard isValidHost(targetBytes) else { throw .bad("invalid CONNECT target") }
            request.form = .authority
            request.path = target
        } else {
            try parseAbsoluteForm(targetBytes, into: &request)
        }
        return request
    }

    /// RFC 9112 s3.2.2: `http://authority/path?query`; the authority replaces Host.
    private static func parseAbsoluteForm(_ bytes: UnsafeRawBufferPointer, into request: inout RequestHead) throws(RequestError) {
        var i = 0
        while i < bytes.count && bytes[i] != 0x3A { i += 1 }
        let scheme = bytes[0..<i]
        guard i + 2 < bytes.count, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F,
              equalsLowercase(scheme, "http") || equalsLowercase(scheme, "https") else {
            throw .bad("request target is neither origin-form nor an http(s) absolute URI")
        }
        let authorityStart = i + 3
        var end = authorityStart
        while end < bytes.count && bytes[end] != 0x2F && bytes[end] != 0x3F { end += 1 }
        let authority = UnsafeRawBufferPointer(rebasing: bytes[authorityStart..<end])
        // RFC 9110 s4.2.1: an http URI has a non-empty host; userinfo is deprecated (s4.2.4) and refused.
        guard !authority.isEmpty, isValidHost(authority), !authority.contains(0x40) else {
            throw .bad("invalid authority in absolute-form target")
        }
        request.form = .absolute
        request.targetHost = String(decoding: authority, as: UTF8.self)
        if end == bytes.count {
            request.path = "/"
        } else if bytes[end] == 0x3F {
            request.path = "/"
            request.query = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(end + 1)...]), as: UTF8.self)
        } else {
            splitPathAndQuery(bytes[end...], into: &request)
        }
    }

    private static func splitPathAndQuery(_ bytes: Slice<UnsafeRawBufferPointer>, into request: inout RequestHead) {
        var question = bytes.startIndex
        while question < bytes.endIndex && bytes[question] != 0x3F { question += 1 }
        request.path = percentDecode(UnsafeRawBufferPointer(rebasing: bytes[bytes.startIndex..<question]))
        if question < bytes.endIndex {
            request.query = decodeObsText(UnsafeRawBufferPointer(rebasing: bytes[(question + 1)...]))
        }
    }

    // MARK: Values

    enum ContentLength: Equatable { case value(Int), invalid, overflow }

    /// RFC 9110 s8.6: `1*DIGIT`; a list of identical values is accepted as one (s8.6 MAY).
    static func parseContentLength(_ bytes: UnsafeRawBufferPointer) -> ContentLength {
        var result: Int?
        var overflow = false
        for element in bytes.split(separator: 0x2C, omittingEmptySubsequences: false) {
            let digits = trimmed(element)
            guard !digits.isEmpty else { return .invalid }
            var value = 0
            var elementOverflow = false
            for b in digits {
                guard isDigit(b) else { return .invalid }
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int(b - 0x30))
                if o1 || o2 { elementOverflow = true }
                value = plus
            }
            if elementOverflow { overflow = true; continue }
            if let result, result != value { return .invalid }
            result = value
        }
        if overflow { return result == nil ? .overflow : .invalid }
        return result.map { .value($0) } ?? .invalid
    }

    /// `parseContentLength` of a String value (the app's response header).
    static func parseContentLength(_ text: String) -> ContentLength {
        var text = text
        return text.withUTF8 { parseContentLength(UnsafeRawBufferPointer($0)) }
    }

    /// `%XX` decoded; invalid escapes kept as they are; invalid UTF-8 becomes U+FFFD.
    static func percentDecode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.contains(0x25) else { return decodeObsText(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x25, i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// UTF-8 when valid, else Latin-1 (obs-text is opaque octets, RFC 9110 s5.5).
    static func decodeObsText(_ bytes: UnsafeRawBufferPointer) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    // MARK: Byte classes

    /// tchar (RFC 9110 s5.6.2).
    @inline(__always)
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
        default: return false
        }
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// `uri-host [ ":" port ]` (RFC 9112 s3.2, RFC 3986 s3.2.2-3.2.3): an IP literal in brackets
    /// or a reg-name/IPv4 of unreserved, sub-delims and `%` characters, then optionally `:` and
    /// digits only. An empty value is valid (an empty authority).
    static func isValidHost<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var index = bytes.startIndex
        if index != bytes.endIndex && bytes[index] == UInt8(ascii: "[") {
            // IP-literal: hex digits, '.', ':' and the IPvFuture characters up to ']'.
            index = bytes.index(after: index)
            var closed = false
            while index != bytes.endIndex {
                let b = bytes[index]
                index = bytes.index(after: index)
                if b == UInt8(ascii: "]") { closed = true; break }
                guard isHostByte(b) || b == UInt8(ascii: ":") else { return false }
            }
            guard closed else { return false }
        } else {
            while index != bytes.endIndex && bytes[index] != UInt8(ascii: ":") {
                guard isHostByte(bytes[index]) else { return false }
                index = bytes.index(after: index)
            }
        }
        guard index != bytes.endIndex else { return true }
        // port = *DIGIT
        guard bytes[index] == UInt8(ascii: ":") else { return false }
        index = bytes.index(after: index)
        while index != bytes.endIndex {
            guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return false }
            index = bytes.index(after: index)
        }
        return true
    }

    /// unreserved, sub-delims and '%' (RFC 3986 s2.2-2.3).
    static func isHostByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x25: return true
        default: return false
        }
    }

    /// ASCII case-insensitive comparison with a lowercase literal.
    static func equalsLowercase<C: Collection>(_ bytes: C, _ literal: StaticString) -> Bool where C.Element == UInt8 {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        var p = literal.utf8Start
        for b in bytes {
            let lower = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if lower != p.pointee { return false }
            p += 1
        }
        return true
    }

    /// Without leading and trailing SP/HTAB (OWS).
    static func trimmed<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start = bytes.index(after: start) }
        while end > start {
            let before = bytes.index(before: end)
            guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
            end = before
        }
        return bytes[start..<end]
    }
}

/// Splits a head into lines (RFC 9112 s2.2): LF ends a line and a CR before it is dropped;
/// a CR anywhere else (bare CR) is a 400.
struct LineReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    /// The next line's range without its terminator, or nil at the end.
    mutating func next() throws(RequestError) -> Range<Int>? {
        guard position < bytes.count else { return nil }
        let start = position
        var i = start
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
        position = i + 1
        var end = i
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        // RFC 9112 s2.2: a bare CR MUST be rejected or replaced by SP; we reject.
        for k in start..<end where bytes[k] == 0x0D { throw .bad("bare CR in request head") }
        return start..<end
    }
}
