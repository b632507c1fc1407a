#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Request {
    /// The request body stream (`wsgi.input`), for reading a large body in pieces.
    /// Reading it directly bypasses `data`, `form` and `json`, which read it whole.
    public var stream: any RequestInput { environ.input }

    /// The whole body, read once and kept. After `form` or `files` streamed a multipart body,
    /// the body is consumed and this is empty (read `data` first to have both). Throws 413 (`HTTPError.contentTooLarge`)
    /// when `Content-Length` or the body itself passes `maxContentLength`.
    public var data: [UInt8] {
        get throws {
            if let cached = environ.cache.data { return cached }
            try checkContentLength()
            let bytes: [UInt8]
            do {
                bytes = try environ.input.readAll(limit: maxContentLength)
            } catch let error as BodyTooLarge {
                throw HTTPError.contentTooLarge("The request body is larger than the limit of \(error.limit) bytes.")
            }
            environ.cache.data = bytes
            return bytes
        }
    }

    /// The body decoded as text in the request's charset (UTF-8 when none is given);
    /// bytes that do not decode become U+FFFD.
    public var text: String {
        get throws { String(decoding: try data, as: UTF8.self) }
    }

    /// True when the mimetype is `application/json` or `application/*+json`.
    public var isJSON: Bool {
        let type = mimetype
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// The body decoded as JSON into `type`. Throws 415 when the request is not JSON and
    /// 400 when the body does not decode, with the decoder's reason.
    ///
    ///     struct Login: Decodable { let user: String }
    ///     let login = try request.json(Login.self)
    public func json<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        guard isJSON else {
            throw HTTPError.unsupportedMediaType("The request body must be JSON (Content-Type: application/json).")
        }
        let bytes = try data
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch {
            throw HTTPError.badRequest("The JSON body could not be decoded: \(Request.describe(decodingError: error)).")
        }
    }

    /// The form fields of a urlencoded body, parsed once. Empty for other content types.
    /// Throws 413 when the body passes `maxContentLength` or `maxFormMemorySize`.
    public var form: MultiDict<String, String> {
        get throws {
            if let parsed = environ[ParsedFormKey.self] { return parsed.form }
            return try parseForm().form
        }
    }

    /// The uploaded files of a multipart body, by field name.
    public var files: MultiDict<String, FileStorage> {
        get throws {
            if let parsed = environ[ParsedFormKey.self] { return parsed.files }
            return try parseForm().files
        }
    }

    /// The query arguments and the form fields together, arguments first.
    public var values: MultiDict<String, String> {
        get throws {
            var all = args
            for (key, value) in try form { all.append(value, for: key) }
            return all
        }
    }

    /// The form fields and files, parsed once (from the environ when middleware parsed them).
    public var parsedForm: ParsedForm {
        get throws {
            if let parsed = environ[ParsedFormKey.self] { return parsed }
            return try parseForm()
        }
    }

    /// Parses the form body once, caching the result in the environ.
    func parseForm() throws -> ParsedForm {
        if let cached = environ.cache.form { return cached }
        let parsed: ParsedForm
        switch mimetype {
        case "application/x-www-form-urlencoded":
            try checkContentLength()
            let limit = maxFormMemorySize.map { min($0, maxContentLength ?? $0) } ?? maxContentLength
            let bytes: [UInt8]
            if let cachedData = environ.cache.data {
                // Read before (`request.data`): the form's limit holds all the same.
                if let limit, cachedData.count > limit {
                    throw HTTPError.contentTooLarge("The form data is larger than the limit of \(limit) bytes.")
                }
                bytes = cachedData
            } else {
                do {
                    bytes = try environ.input.readAll(limit: limit)
                } catch let error as BodyTooLarge {
                    throw HTTPError.contentTooLarge("The form data is larger than the limit of \(error.limit) bytes.")
                }
                environ.cache.data = bytes
            }
            // n fields take at least 2n - 1 bytes: only a body that long can hold too many.
            if let max = maxFormParts, (bytes.count - 1) / 2 >= max, urlencodedFieldCount(bytes) > max {
                throw HTTPError.contentTooLarge("The form has more than \(max) fields.")
            }
            parsed = ParsedForm(form: bytes.withUnsafeBufferPointer { parseFormBytes($0) }, files: MultiDict())
        case "multipart/form-data":
            try checkContentLength()
            let temporaryFiles = TemporaryFiles(directory: limits.temporaryDirectory)
            // Held by the environ: the files go when the last copy of the environ does.
            environ.cache.temporaryFiles = temporaryFiles
            do {
                // When `data` already read the body, parse the kept bytes; otherwise stream it.
                let input: any RequestInput = (environ.cache.data).map { BytesInput($0) } ?? environ.input
                let result = try MultipartParser.parse(input, boundary: mimetypeParams["boundary"],
                                                       limits: limits, temporaryFiles: temporaryFiles)
                parsed = ParsedForm(form: MultiDict(result.fields.map { ($0.name, $0.value) }),
                                    files: MultiDict(result.files.map { ($0.name, $0.file) }))
            } catch {
                switch error.kind {
                case .tooLarge: throw HTTPError.contentTooLarge(error.message)
                case .malformed: throw HTTPError.badRequest(error.message)
                case .storage where error.isResourceShortage: throw HTTPError.resourceShortage()
                case .storage: throw HTTPError.internalServerError(debugInfo: error.description)
                }
            }
        default:
            parsed = ParsedForm(form: MultiDict(), files: MultiDict())
        }
        environ.cache.form = parsed
        return parsed
    }

    /// Throws 413 when the declared `Content-Length` already passes `maxContentLength`.
    func checkContentLength() throws {
        if let limit = maxContentLength, let length = contentLength, length > limit {
            throw HTTPError.contentTooLarge("The request body (\(length) bytes) is larger than the limit of \(limit) bytes.")
        }
    }

    /// A short reason from a `DecodingError`, without type internals.
    static func describe(decodingError error: any Error) -> String {
        guard let error = error as? DecodingError else { return "invalid JSON" }
        switch error {
        case .dataCorrupted(let context): return context.underlyingError.map { _ in "malformed JSON" } ?? context.debugDescription
        case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at '\(path)'"
        @unknown default: return "invalid JSON"
        }
    }
}

/// The parsed form of a request: fields and files. Stored in the environ by form-parsing
/// middleware under `ParsedFormKey`, so every later `Request` sees the same form.
public struct ParsedForm {
    /// The text fields.
    public var form: MultiDict<String, String>
    /// The uploaded files.
    public var files: MultiDict<String, FileStorage>

    /// A parsed form of `form` and `files`.
    public init(form: MultiDict<String, String>, files: MultiDict<String, FileStorage>) {
        self.form = form
        self.files = files
    }
}

/// The environ key under which form-parsing middleware stores a `ParsedForm`.
public enum ParsedFormKey: EnvironKey {
    /// A parsed form.
    public typealias Value = ParsedForm
}

/// The fields of an urlencoded body: its non-empty `&`-separated pieces.
func urlencodedFieldCount(_ bytes: [UInt8]) -> Int {
    var count = 0, inField = false
    for byte in bytes {
        if byte == UInt8(ascii: "&") { inField = false } else if !inField { inField = true; count += 1 }
    }
    return count
}
