/// The result of parsing a `multipart/form-data` body: text fields and files, each in the
/// order the parts came in (RFC 7578 s5.2: order is significant). A name may repeat.
public struct MultipartForm: Sendable {
    /// The text fields (parts without a `filename` parameter), decoded to strings.
    public var fields: [(name: String, value: String)]
    /// The files (parts with a `filename` parameter, even an empty one).
    public var files: [(name: String, file: FileStorage)]

    /// A form of `fields` and `files`.
    public init(fields: [(name: String, value: String)] = [], files: [(name: String, file: FileStorage)] = []) {
        self.fields = fields
        self.files = files
    }
}
