import Werk

/// The request line (RFC 9112 s3): method, target in its four forms, version.
extension RequestHeadParser {
    // MARK: Request line (RFC 9112 s3)

    /// The target's strings are the `previous` head's when its origin-form target had these bytes.
    static func parseRequestLine(_ head: UnsafeRawBufferPointer, _ line: Range<Int>,
                                 previous: RequestHead? = nil) throws(RequestError) -> RequestHead {
        // request-line = method SP request-target SP HTTP-version
        var i = line.lowerBound
        while i < line.upperBound && head[i] != 0x20 {
            guard HTTPSyntax.isTChar(head[i]) else { throw .bad("invalid character in method") }
            i += 1
        }
        guard i > line.lowerBound, i < line.upperBound else { throw .bad("malformed request line") }
        let methodBytes = UnsafeRawBufferPointer(rebasing: head[line.lowerBound..<i])
        let method = CommonTokens.method(methodBytes) ?? String(decoding: methodBytes, as: UTF8.self)
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
              version[4] == 0x2F, HTTPSyntax.isDigit(version[5]), version[6] == 0x2E, HTTPSyntax.isDigit(version[7]) else {
            throw .bad("malformed HTTP version")
        }
        // RFC 9110 s15.6.6: 505 for a major version the server does not support.
        guard version[5] == 0x31 else { throw RequestError(.httpVersionNotSupported, "only HTTP/1.x is supported") }
        let minor = version[7] == 0x30 ? 0 : 1

        let targetBytes = UnsafeRawBufferPointer(rebasing: head[targetStart..<j])
        if let previous, previous.form == .origin, targetBytes[0] == 0x2F, sameBytes(previous.target, targetBytes) {
            let request = RequestHead(method: method, target: previous.target, minorVersion: minor)
            request.path = previous.path
            request.query = previous.query
            return request
        }
        let ascii = isASCII(targetBytes)
        let target = ascii ? String(decoding: targetBytes, as: UTF8.self) : decodeObsText(targetBytes)
        let request = RequestHead(method: method, target: target, minorVersion: minor)
        let first = targetBytes[0]
        if method == "CONNECT" {
            // RFC 9112 s3.2.3: authority-form, for CONNECT only, and only it for CONNECT.
            guard first != 0x2F, HTTPSyntax.isHost(targetBytes) else { throw .bad("invalid CONNECT target") }
            request.form = .authority
            request.path = target
        } else if first == 0x2F {
            splitPathAndQuery(targetBytes[...], into: request, whole: ascii ? target : nil)
        } else if targetBytes.count == 1 && first == 0x2A {
            // RFC 9112 s3.2.4: the asterisk-form is only used with OPTIONS.
            guard method == "OPTIONS" else { throw .bad("'*' target with a method other than OPTIONS") }
            request.form = .asterisk
            request.path = "*"
        } else {
            try parseAbsoluteForm(targetBytes, into: request)
        }
        return request
    }

    /// RFC 9112 s3.2.2: `http://authority/path?query`; the authority replaces Host.
    private static func parseAbsoluteForm(_ bytes: UnsafeRawBufferPointer, into request: RequestHead) throws(RequestError) {
        var i = 0
        while i < bytes.count && bytes[i] != 0x3A { i += 1 }
        let scheme = bytes[0..<i]
        guard i + 2 < bytes.count, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F,
              equalsLowercase(scheme, "http") || equalsLowercase(scheme, "https") else {
            throw .bad("request target is neither origin-form nor an http(s) absolute URI")
        }
        let authorityStart = i + 3
        var end = authorityStart
        while end < bytes.count && bytes[end] != 0x2F && bytes[end] != 0x3F && bytes[end] != 0x23 { end += 1 }
        let authority = UnsafeRawBufferPointer(rebasing: bytes[authorityStart..<end])
        // RFC 9110 s4.2.1: an http URI has a non-empty host; userinfo is deprecated (s4.2.4) and refused.
        guard !authority.isEmpty, HTTPSyntax.isHost(authority), !authority.contains(0x40) else {
            throw .bad("invalid authority in absolute-form target")
        }
        request.form = .absolute
        request.targetHost = String(decoding: authority, as: UTF8.self)
        if end == bytes.count || bytes[end] == 0x23 {
            request.path = "/"
        } else if bytes[end] == 0x3F {
            request.path = "/"
            var stop = end + 1
            while stop < bytes.count && bytes[stop] != 0x23 { stop += 1 }
            request.query = decodeObsText(UnsafeRawBufferPointer(rebasing: bytes[(end + 1)..<stop]))
        } else {
            splitPathAndQuery(bytes[end...], into: request)
        }
    }

    /// `whole` is `bytes` already decoded, when ASCII: a target without query, escapes or
    /// fragment is its own path. A fragment (`#...`, which no request-target has, RFC 9112
    /// s3.2, but some clients send) is left out of the path and the query, as Werkzeug does.
    /// The path is UTF-8, raw or escaped alike (invalid sequences become U+FFFD either way),
    /// so `/\xff` and `/%FF` are one path, as in Werkzeug's `Request.path`.
    private static func splitPathAndQuery(_ bytes: Slice<UnsafeRawBufferPointer>, into request: RequestHead, whole: String? = nil) {
        var question = bytes.startIndex
        var escaped = false
        while question < bytes.endIndex && bytes[question] != 0x3F && bytes[question] != 0x23 {
            if bytes[question] == 0x25 { escaped = true }
            question += 1
        }
        if let whole, question == bytes.endIndex, !escaped {
            request.path = whole
            return
        }
        let pathBytes = UnsafeRawBufferPointer(rebasing: bytes[bytes.startIndex..<question])
        request.path = escaped ? percentDecode(pathBytes) : String(decoding: pathBytes, as: UTF8.self)
        if question < bytes.endIndex && bytes[question] == 0x3F {
            var end = question + 1
            while end < bytes.endIndex && bytes[end] != 0x23 { end += 1 }
            request.query = decodeObsText(UnsafeRawBufferPointer(rebasing: bytes[(question + 1)..<end]))
        }
    }

    /// `%XX` decoded; invalid escapes kept as they are; invalid UTF-8 becomes U+FFFD.
    static func percentDecode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.contains(0x25) else { return decodeObsText(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x25, i + 2 < bytes.count, let hi = HTTPSyntax.hexValue(bytes[i + 1]), let lo = HTTPSyntax.hexValue(bytes[i + 2]) {
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
        // Almost always ASCII: one pass, no generic validation.
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        let repaired = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid UTF-8 with U+FFFD; unchanged bytes mean it was valid.
        if repaired.utf8.elementsEqual(bytes) { return repaired }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// True when every byte is below 0x80 (eight at a time).
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let count = bytes.count
        while i + 8 <= count {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < count {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }
}
