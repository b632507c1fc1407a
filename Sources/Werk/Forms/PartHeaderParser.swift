/// Parses the header block of one multipart part (RFC 7578 s4.8, RFC 2046 s5.1.1 with the
/// header syntax of RFC 5322 s2.2 / RFC 9112 s5) into a `MultipartPart`.
enum PartHeaderParser {
    /// Parses `block`, the header lines without the final empty line, each line ended by CRLF
    /// except the last. Throws `malformed` for a line without a colon, an obs-fold continuation
    /// line (RFC 9112 s5.2), an invalid name or value, or a missing or wrong
    /// `Content-Disposition: form-data; name=...` (RFC 7578 s4.2).
    static func parse(_ block: UnsafeRawBufferPointer) throws(FormParseError) -> MultipartPart {
        var headers = Headers()
        var lineStart = 0
        let count = block.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, !(block[lineEnd] == 0x0D && lineEnd + 1 < count && block[lineEnd + 1] == 0x0A) {
                lineEnd += 1
            }
            try addLine(UnsafeRawBufferPointer(rebasing: block[lineStart..<lineEnd]), to: &headers)
            lineStart = lineEnd + 2
        }
        return try part(from: headers)
    }

    private static func addLine(_ line: UnsafeRawBufferPointer, to headers: inout Headers) throws(FormParseError) {
        guard let first = line.first else { throw .malformed("empty line inside a part header block") }
        if HTTPSyntax.isOWS(first) {
            throw .malformed("folded part header line (obs-fold, RFC 9112 s5.2) is not allowed")
        }
        guard let colon = line.firstIndex(of: 0x3A) else {
            throw .malformed("part header line without a colon: \(String(reflecting: String(decoding: line.prefix(60), as: UTF8.self)))")
        }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        // Raw UTF-8 is what browsers send in names and file names (RFC 7578 s5.1.3).
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
        do {
            try Headers.validate(name: name, value: value)
        } catch {
            throw .malformed("invalid part header: \(error)")
        }
        headers.add(name, value)
    }

    /// Reads name, filename and content type from the fields.
    static func part(from headers: Headers) throws(FormParseError) -> MultipartPart {
        guard let disposition = headers["Content-Disposition"] else {
            throw .malformed("a part has no Content-Disposition header (RFC 7578 s4.2)")
        }
        let (type, options) = parseOptionsHeader(disposition)
        guard type.lowercased() == "form-data" else {
            throw .malformed("a part's Content-Disposition is \(String(reflecting: type)), not form-data (RFC 7578 s4.2)")
        }
        guard let name = options["name"] else {
            throw .malformed("a part's Content-Disposition has no name parameter (RFC 7578 s4.2)")
        }
        return MultipartPart(headers: headers, name: name, filename: options["filename"].map(uploadFilename),
                             contentType: headers["Content-Type"])
    }
}
