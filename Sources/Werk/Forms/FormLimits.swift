#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The limits a form body is parsed under; each one guards the server against a client that
/// sends more than an application expects (Werkzeug's `max_content_length`,
/// `max_form_memory_size`, `max_form_parts`).
///
///     var limits = FormLimits()
///     limits.maxContentLength = 16 * 1024 * 1024
///     let form = try MultipartParser.parse(input, boundary: boundary, limits: limits, temporaryFiles: files)
public struct FormLimits: Sendable, Equatable {
    /// The most bytes the whole body may have; nil for no limit. Passing it is `tooLarge` (413).
    public var maxContentLength: Int?
    /// The most bytes of text fields (parts without a filename) kept in memory, all fields
    /// together; nil for no limit. Passing it is `tooLarge` (413).
    public var maxFormMemorySize: Int?
    /// The most parts a multipart body may have, and the most fields of an urlencoded one
    /// (`Request.form`, as Django's `DATA_UPLOAD_MAX_NUMBER_FIELDS`); nil for no limit. Passing
    /// it is `tooLarge` (413).
    public var maxFormParts: Int?
    /// The most bytes of one part's header block (RFC 7578 s4.8 headers, up to and including the
    /// empty line). Passing it is `malformed` (400).
    public var maxPartHeaderSize: Int
    /// File parts larger than this many bytes are written to a temporary file instead of memory.
    /// The file bytes held in memory for one body, all parts together, also stay at or below it.
    public var spoolThreshold: Int
    /// The directory temporary files are created in.
    public var temporaryDirectory: String
    /// The most bytes one request may write to temporary files, all file parts together; nil
    /// for no limit. Passing it is `tooLarge` (413), and the files written so far are removed.
    public var maxSpoolSize: Int?

    /// Limits with Werkzeug's defaults: no content length limit, 500 KiB of text fields,
    /// 1000 parts, 8 KiB per part header block, files above 500 KiB spooled to
    /// `temporaryDirectory` (default `$TMPDIR`, else `/tmp`); and at most 10 MiB spooled per
    /// request, so an upload cannot fill the disk unasked (raise `maxSpoolSize` for larger ones).
    public init(maxContentLength: Int? = nil,
                maxFormMemorySize: Int? = 500 * 1024,
                maxFormParts: Int? = 1000,
                maxPartHeaderSize: Int = 8 * 1024,
                spoolThreshold: Int = 500 * 1024,
                temporaryDirectory: String = FormLimits.defaultTemporaryDirectory,
                maxSpoolSize: Int? = 10 * 1024 * 1024) {
        self.maxSpoolSize = maxSpoolSize
        self.maxContentLength = maxContentLength
        self.maxFormMemorySize = maxFormMemorySize
        self.maxFormParts = maxFormParts
        self.maxPartHeaderSize = maxPartHeaderSize
        self.spoolThreshold = spoolThreshold
        self.temporaryDirectory = temporaryDirectory
    }

    /// `$TMPDIR` when set and not empty, else `/tmp` (read once: every `Request` makes limits).
    public static var defaultTemporaryDirectory: String { temporaryDirectoryFromEnvironment }

    private static let temporaryDirectoryFromEnvironment: String = {
        if let value = getenv("TMPDIR") {
            let directory = String(cString: value)
            if !directory.isEmpty { return directory }
        }
        return "/tmp"
    }()
}
