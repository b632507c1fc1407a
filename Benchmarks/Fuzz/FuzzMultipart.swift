// libFuzzer entry for the multipart/form-data parser (issues 5 and 14). Not part of the package
// build: `Benchmarks/fuzz.sh multipart` compiles it against the instrumented Werk module.
//
// Input layout: byte 0 = boundary length (0 = no boundary parameter), byte 1 = read size - 1,
// then the boundary, then the body. Oracles: no crash, hang or leak (ASan); the result does
// not depend on how the body is cut into reads; every successful file reads back its size;
// temporary files are gone after an error and after removeAll(); the fields and file bodies
// of a parsed form, written again by MultipartEncoder, parse back the same; on any text,
// uploadFilename keeps a single path component and secureFilename only safe characters
// (`_` in front only for a Windows device name).
#if canImport(Glibc)
import Glibc
#endif
@testable import Werk

/// A body served in reads of at most `chunkSize` bytes.
final class FuzzInput: RequestInput {
    let bytes: [UInt8]
    let chunkSize: Int
    var offset = 0
    init(_ bytes: [UInt8], chunkSize: Int) { self.bytes = bytes; self.chunkSize = chunkSize }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, chunkSize, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        offset += count
        return count
    }
}

let fuzzDirectory: String = {
    if let value = getenv("WERK_FUZZ_TMP") { return String(cString: value) }
    return "/tmp"
}()

/// The limits of every parse: small, so the limit paths are reached.
let fuzzLimits = FormLimits(maxContentLength: 1 << 20, maxFormMemorySize: 4096, maxFormParts: 64, maxPartHeaderSize: 512,
                            spoolThreshold: 48, temporaryDirectory: fuzzDirectory)

/// The fields and file bodies of a successful parse, in order (nil after an error).
func parts(_ body: [UInt8], boundary: String?) -> (fields: [(String, String)], files: [(String, [UInt8])])? {
    let files = TemporaryFiles(directory: fuzzDirectory)
    defer { files.removeAll() }
    guard let form = try? MultipartParser.parse(FuzzInput(body, chunkSize: Int.max), boundary: boundary,
                                                limits: fuzzLimits, temporaryFiles: files) else { return nil }
    let uploads = form.files.map { ($0.0, (try? $0.1.read()) ?? [0xDE, 0xAD]) }
    return (form.fields.map { ($0.0, $0.1) }, uploads)
}

/// MultipartEncoder writes what the parser read, and the parser reads it back the same. Names
/// with `"`, CR or LF are skipped (the encoder escapes them as browsers do, which is lossy), as
/// are names with a backslash (browsers write it bare, and the parser, like Werkzeug's, reads
/// `\"` and `\\` in a quoted name as escapes), names with other control characters (a decoded
/// `name*=` may hold them; written raw they make a header the parser refuses) and values that
/// contain the boundary.
func checkEncoderRoundTrip(_ body: [UInt8], boundary: String?) {
    guard let (fields, files) = parts(body, boundary: boundary) else { return }
    let fixed = "WerkFuzzBoundary7MA4YWxk"
    func plain(_ name: String) -> Bool {
        !name.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
    }
    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.count >= needle.count && (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
    let keptFields = fields.filter { plain($0.0) && !contains(Array($0.1.utf8), Array(fixed.utf8)) }
    let keptFiles = files.filter { plain($0.0) && !contains($0.1, Array(fixed.utf8)) }
    let uploads = keptFiles.map { FileUpload(field: $0.0, filename: "f.bin", data: $0.1) }
    let encoded = MultipartEncoder(fields: keptFields, files: uploads, boundary: fixed)
    guard let (fields2, files2) = parts(encoded.body, boundary: fixed) else {
        // Only the part-header limit may refuse what the encoder wrote (its headers can be
        // longer than the original's when a name is long), or the memory limit: a value read
        // with invalid UTF-8 holds U+FFFD (3 bytes) for each bad byte, so it can grow past it.
        let fieldBytes = keptFields.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count }
        require((keptFields.map(\.0) + keptFiles.map(\.0)).contains { $0.utf8.count > 400 }
                    || fieldBytes > (fuzzLimits.maxFormMemorySize ?? .max),
                "MultipartEncoder output refused: \(keptFields) \(keptFiles.map { ($0.0, $0.1.count) })")
        return
    }
    require(fields2.map { "\($0.0)=\($0.1)" } == keptFields.map { "\($0.0)=\($0.1)" },
            "fields changed through MultipartEncoder: \(keptFields) -> \(fields2)")
    require(files2.map { "\($0.0)=\($0.1)" } == keptFiles.map { "\($0.0)=\($0.1)" },
            "file bodies changed through MultipartEncoder")
}

/// Success: a description of every field and file; failure: the error kind.
func outcome(_ body: [UInt8], boundary: String?, chunkSize: Int) -> String {
    let files = TemporaryFiles(directory: fuzzDirectory)
    defer {
        files.removeAll()
        precondition(files.paths.isEmpty)
    }
    do {
        let form = try MultipartParser.parse(FuzzInput(body, chunkSize: chunkSize), boundary: boundary, limits: fuzzLimits,
                                             temporaryFiles: files)
        var text = ""
        for (name, value) in form.fields { text += "F \(name)=\(value)\n" }
        for (name, file) in form.files {
            let content = (try? file.read()) ?? [0xDE, 0xAD]
            require(content.count == file.size, "file size mismatch")
            _ = secureFilename(file.filename ?? "")
            text += "U \(name) \(String(describing: file.filename)) \(String(describing: file.contentType)) \(content)\n"
        }
        return text
    } catch {
        require(files.paths.isEmpty, "temporary files left after an error")
        return "error \(error.kind)"
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let boundaryLength = Int(input[0]) % 72
    let chunkSize = Int(input[1]) + 1
    guard size >= 2 + boundaryLength else { return 0 }
    let boundary: String? = boundaryLength == 0 ? nil : String(decoding: input[2..<(2 + boundaryLength)], as: UTF8.self)
    let body = Array(input[(2 + boundaryLength)...])
    let whole = outcome(body, boundary: boundary, chunkSize: Int.max)
    let pieces = outcome(body, boundary: boundary, chunkSize: chunkSize)
    require(whole == pieces, "result depends on read size \(chunkSize):\n\(whole)\n---\n\(pieces)")
    checkEncoderRoundTrip(body, boundary: boundary)
    // The filename helpers on arbitrary text: uploadFilename keeps one path component,
    // secureFilename only A-Z a-z 0-9 _ . - and no "." or "_" at either end.
    let text = String(decoding: body.prefix(512), as: UTF8.self)
    let upload = uploadFilename(text)
    require(!upload.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") } && upload != "." && upload != "..",
            "uploadFilename(\(String(reflecting: text))) == \(String(reflecting: upload))")
    let secure = Array(secureFilename(text).utf8)
    // A Windows device name (`prn`) is the one case with a leading "_": `_prn`.
    let core = secure.first == UInt8(ascii: "_") ? secure.dropFirst() : secure[...]
    require(secure.allSatisfy { werkIsUnreservedByte($0) && $0 != UInt8(ascii: "~") }
                && core.first != UInt8(ascii: ".") && core.first != UInt8(ascii: "_")
                && secure.last != UInt8(ascii: ".") && secure.last != UInt8(ascii: "_"),
            "secureFilename(\(String(reflecting: text))) == \(String(decoding: secure, as: UTF8.self))")
    _ = parseOptionsHeader(text)
    return 0
}
