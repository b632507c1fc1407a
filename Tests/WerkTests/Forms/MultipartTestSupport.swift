#if canImport(Glibc)
import Glibc
#endif
@testable import Werk

/// A body served in reads of at most `chunkSize` bytes, to exercise chunk edges.
final class ChunkedInput: RequestInput {
    private let bytes: [UInt8]
    private let chunkSize: Int
    private var offset = 0
    /// How many bytes have been read so far.
    var consumed: Int { offset }

    init(_ bytes: [UInt8], chunkSize: Int) {
        self.bytes = bytes
        self.chunkSize = chunkSize
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, chunkSize, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

/// An input that fails after `after` bytes (a client that disconnects).
final class FailingInput: RequestInput {
    struct Disconnected: Error {}
    private let inner: ChunkedInput
    private let after: Int
    init(_ bytes: [UInt8], after: Int) {
        inner = ChunkedInput(bytes, chunkSize: 1 << 20)
        self.after = after
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if inner.consumed >= after { throw Disconnected() }
        let limited = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, after - inner.consumed)])
        return try inner.read(into: limited)
    }
}

/// One part of a test body: raw header lines and content.
struct TestPart {
    var headers: [String]
    var content: [UInt8]

    static func field(_ name: String, _ value: String) -> TestPart {
        TestPart(headers: ["Content-Disposition: form-data; name=\"\(name)\""], content: Array(value.utf8))
    }

    static func file(_ name: String, _ filename: String, _ content: [UInt8], type: String? = "application/octet-stream") -> TestPart {
        var headers = ["Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\""]
        if let type { headers.append("Content-Type: \(type)") }
        return TestPart(headers: headers, content: content)
    }
}

/// A multipart body with `boundary` (RFC 2046 s5.1.1 framing).
func multipartBody(_ parts: [TestPart], boundary: String = "XyZzy", preamble: String = "", epilogue: String = "") -> [UInt8] {
    var body = Array(preamble.utf8)
    for part in parts {
        body += Array("--\(boundary)\r\n".utf8)
        for line in part.headers { body += Array("\(line)\r\n".utf8) }
        body += Array("\r\n".utf8)
        body += part.content
        body += Array("\r\n".utf8)
    }
    body += Array("--\(boundary)--\r\n\(epilogue)".utf8)
    return body
}

/// A fresh, empty directory for temporary files.
func makeTestDirectory() -> String {
    var template = Array("/tmp/werk-forms-test-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// The names in `directory` (without `.` and `..`).
func directoryEntries(_ directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// Removes `directory` and the files in it.
func removeTestDirectory(_ directory: String) {
    for name in directoryEntries(directory) { unlink(directory + "/" + name) }
    rmdir(directory)
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// Parses `body` read in pieces of `chunkSize`.
func parseBody(_ body: [UInt8], boundary: String? = "XyZzy", limits: FormLimits = FormLimits(),
               chunkSize: Int = 1 << 20, files: TemporaryFiles = TemporaryFiles(directory: "/tmp")) throws(FormParseError) -> MultipartForm {
    try MultipartParser.parse(ChunkedInput(body, chunkSize: chunkSize), boundary: boundary, limits: limits, temporaryFiles: files)
}

/// A comparable summary of a form: fields, then files as name/filename/type/content.
func summary(_ form: MultipartForm) -> [String] {
    form.fields.map { "field \($0.name)=\(String(reflecting: $0.value))" }
        + form.files.map { entry in
            let content = (try? entry.file.read()) ?? []
            return "file \(entry.name) \(String(reflecting: entry.file.filename)) \(String(reflecting: entry.file.contentType)) \(content.count) \(TestSHA256.hex(content))"
        }
}
