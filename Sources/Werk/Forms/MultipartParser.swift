/// Parses a `multipart/form-data` request body (RFC 7578) from a `RequestInput`, reading it
/// in 64 KiB pieces through a `MultipartDecoder`, so the body is never held whole; file parts
/// larger than `FormLimits.spoolThreshold` go to temporary files owned by `temporaryFiles`.
///
///     let files = TemporaryFiles(directory: limits.temporaryDirectory)
///     let form = try MultipartParser.parse(environ.input, boundary: options["boundary"],
///                                          limits: limits, temporaryFiles: files)
public enum MultipartParser {
    /// The size of the pieces read from the input.
    public static let readSize = 64 * 1024

    /// Reads and parses the whole body. `boundary` is the `boundary` parameter of the
    /// request's Content-Type (RFC 7578 s4.1).
    ///
    /// Throws `tooLarge` when a limit of `limits` is passed (also the content length, checked
    /// while reading), `malformed` for a missing or invalid boundary, bad framing, a body cut
    /// short, or bad part headers, and `storage` when a temporary file cannot be written. On
    /// error the temporary files this call created are already deleted.
    public static func parse(_ input: any RequestInput, boundary: String?, limits: FormLimits,
                             temporaryFiles: TemporaryFiles) throws(FormParseError) -> MultipartForm {
        guard let boundary else {
            throw .malformed("the multipart/form-data Content-Type has no boundary parameter (RFC 7578 s4.1)")
        }
        var decoder = try MultipartDecoder(boundary: boundary, maxPartHeaderSize: limits.maxPartHeaderSize)
        var builder = MultipartFormBuilder(limits: limits, temporaryFiles: temporaryFiles)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: readSize, alignment: 16)
        defer { buffer.deallocate() }
        do throws(FormParseError) {
            var total = 0
            while !decoder.isFinished {
                let count = try read(input, into: buffer)
                if count == 0 { break }
                total += count
                if let max = limits.maxContentLength, total > max {
                    throw .tooLarge("the request body is longer than \(max) bytes (max_content_length)")
                }
                try decoder.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) { event throws(FormParseError) in
                    try builder.handle(event)
                }
            }
            try decoder.finish()
            return builder.form
        } catch {
            builder.discard()
            throw error
        }
    }

    /// One read from `input`, its errors mapped to `FormParseError`.
    private static func read(_ input: any RequestInput, into buffer: UnsafeMutableRawBufferPointer) throws(FormParseError) -> Int {
        do {
            let count = try input.read(into: buffer)
            guard count >= 0 && count <= buffer.count else {
                throw FormParseError.malformed("the request input returned an invalid length \(count)")
            }
            return count
        } catch let error as FormParseError {
            throw error
        } catch let error as BodyTooLarge {
            throw .tooLarge(error.description)
        } catch {
            throw .malformed("reading the request body failed: \(error)")
        }
    }
}
