// libFuzzer entry for the multipart/form-data parser (issue 5). Not part of the package build:
// Benchmarks/fuzz.sh compiles it together with the parser sources.
//
// Input layout: byte 0 = boundary length (0 = no boundary parameter), byte 1 = read size - 1,
// then the boundary, then the body. Oracles: no crash, hang or leak (ASan); the result does
// not depend on how the body is cut into reads; every successful file reads back its size;
// temporary files are gone after an error and after removeAll().
#if canImport(Glibc)
import Glibc
#endif

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

/// Success: a description of every field and file; failure: the error kind.
func outcome(_ body: [UInt8], boundary: String?, chunkSize: Int) -> String {
    let files = TemporaryFiles(directory: fuzzDirectory)
    defer {
        files.removeAll()
        precondition(files.paths.isEmpty)
    }
    let limits = FormLimits(maxContentLength: 1 << 20, maxFormMemorySize: 4096, maxFormParts: 64, maxPartHeaderSize: 512,
                            spoolThreshold: 48, temporaryDirectory: fuzzDirectory)
    do {
        let form = try MultipartParser.parse(FuzzInput(body, chunkSize: chunkSize), boundary: boundary, limits: limits,
                                             temporaryFiles: files)
        var text = ""
        for (name, value) in form.fields { text += "F \(name)=\(value)\n" }
        for (name, file) in form.files {
            let content = (try? file.read()) ?? [0xDE, 0xAD]
            precondition(content.count == file.size, "file size mismatch")
            _ = secureFilename(file.filename ?? "")
            text += "U \(name) \(String(describing: file.filename)) \(String(describing: file.contentType)) \(content)\n"
        }
        return text
    } catch {
        precondition(files.paths.isEmpty, "temporary files left after an error")
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
    precondition(whole == pieces, "result depends on read size \(chunkSize):\n\(whole)\n---\n\(pieces)")
    // The filename helpers and the options parser on arbitrary text.
    let text = String(decoding: body.prefix(512), as: UTF8.self)
    _ = secureFilename(text)
    _ = uploadFilename(text)
    _ = parseOptionsHeader(text)
    return 0
}
