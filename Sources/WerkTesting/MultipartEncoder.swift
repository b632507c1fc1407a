import Werk
/// Encodes form fields and files as a `multipart/form-data` body (RFC 7578), the way
/// browsers do: for the test client and for apps that post forms.
public struct MultipartEncoder {
    /// The boundary between parts.
    public let boundary: String
    /// The encoded body.
    public let body: [UInt8]

    /// The body for `fields` then `files`, with a random boundary.
    public init(fields: [(String, String)], files: [FileUpload], boundary: String? = nil) {
        let boundary = boundary ?? "----WerkFormBoundary" + hexString((0..<8).map { _ in UInt8.random(in: 0...255) })
        self.boundary = boundary
        var out: [UInt8] = []
        for (name, value) in fields {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(MultipartEncoder.escape(name))\"\r\n\r\n".utf8)
            out += Array(value.utf8)
            out += [0x0D, 0x0A]
        }
        for file in files {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(MultipartEncoder.escape(file.field))\"; filename=\"\(MultipartEncoder.escape(file.filename))\"\r\nContent-Type: \(file.contentType)\r\n\r\n".utf8)
            out += file.data
            out += [0x0D, 0x0A]
        }
        out += Array("--\(boundary)--\r\n".utf8)
        body = out
    }

    /// The `Content-Type` header value naming the boundary.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Escapes a name as browsers do in a quoted parameter (WHATWG HTML: `"` as `%22`,
    /// CR and LF as `%0D`/`%0A`).
    static func escape(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": out += "%22"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
