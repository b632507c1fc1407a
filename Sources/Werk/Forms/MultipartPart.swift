/// The head of one part of a `multipart/form-data` body (RFC 7578 s4): its header fields and
/// what `Content-Disposition: form-data; name=...; filename=...` (s4.2) says about it.
public struct MultipartPart: Sendable, Equatable {
    /// The part's header fields in order.
    public var headers: Headers
    /// The field name (the `name` parameter of `Content-Disposition`).
    public var name: String
    /// The file name with any path removed (see `uploadFilename(_:)`), when the part has a
    /// `filename` or `filename*` parameter (then it is a file, even with an empty name); nil
    /// for a text field.
    public var filename: String?
    /// The `Content-Type` field value as sent, parameters included; nil when absent
    /// (RFC 7578 s4.4: then `text/plain` for fields, `application/octet-stream` for files).
    public var contentType: String?

    /// True when the part is a file upload.
    public var isFile: Bool { filename != nil }

    /// A part head from its fields.
    public init(headers: Headers, name: String, filename: String?, contentType: String?) {
        self.headers = headers
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }
}
