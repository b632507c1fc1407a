#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Werk

/// Real requests from Chromium, curl and python-requests (shared/conformance/captures), each
/// with Werkzeug's parse of it, replayed through the multipart parser.
@Suite struct MultipartCaptureTests {
    struct Expected: Decodable {
        struct File: Decodable {
            var filename: String?
            var content_type: String?
            var length: Int
            var sha256: String
        }
        var headers: [String: String]
        var form: [String: [String]]
        var files: [String: [File]]
    }

    /// `../shared/conformance/captures` beside the repository root (this file is
    /// `Tests/WerkTests/Forms/MultipartCaptureTests.swift`).
    static let capturesDirectory: String = {
        var path = "\(#filePath)"
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/../shared/conformance/captures"
    }()

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return result }
            result += chunk[0..<n]
        }
    }

    /// The multipart captures (by name), found by listing the folder.
    static let multipartCaptures: [String] = {
        directoryEntries(capturesDirectory).filter { $0.hasSuffix(".http") }.map { String($0.dropLast(5)) }.filter { name in
            guard let json = readFile("\(capturesDirectory)/\(name).json"),
                  let expected = try? JSONDecoder().decode(Expected.self, from: Data(json)) else { return false }
            return expected.headers["content-type"]?.hasPrefix("multipart/form-data") == true
        }.sorted()
    }()

    static func trim(_ text: Substring) -> String {
        String(text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    /// Splits a raw request into its head fields and de-chunked body.
    static func split(_ raw: [UInt8]) throws -> (headers: [String: String], body: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        let end = try #require((0...(raw.count - 4)).first { Array(raw[$0..<$0 + 4]) == separator })
        let lines = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n").dropFirst()
        var headers: [String: String] = [:]
        for line in lines {
            let colon = try #require(line.firstIndex(of: ":"))
            headers[line[..<colon].lowercased()] = trim(line[line.index(after: colon)...])
        }
        var body = Array(raw[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var decoded: [UInt8] = []
            var position = 0
            while true {
                let lineEnd = try #require((position..<(body.count - 1)).first { body[$0] == 13 && body[$0 + 1] == 10 })
                let sizeText = String(decoding: body[position..<lineEnd], as: UTF8.self).split(separator: ";")[0]
                let size = try #require(Int(trim(sizeText), radix: 16))
                position = lineEnd + 2
                if size == 0 { break }
                decoded += body[position..<position + size]
                position += size + 2
            }
            body = decoded
        }
        return (headers, body)
    }

    @Test func capturesAreFound() {
        #expect(Self.multipartCaptures == ["chromium_multipart", "curl_chunked_form", "curl_expect_form", "curl_form", "requests_files"])
    }

    @Test(arguments: multipartCaptures, [0, 1, 7])
    func capture(name: String, chunkSize: Int) throws {
        let raw = try #require(Self.readFile("\(Self.capturesDirectory)/\(name).http"))
        let json = try #require(Self.readFile("\(Self.capturesDirectory)/\(name).json"))
        let expected = try JSONDecoder().decode(Expected.self, from: Data(json))
        let (headers, body) = try Self.split(raw)
        let boundary = parseOptionsHeader(headers["content-type"]).options["boundary"]
        let files = TemporaryFiles(directory: "/tmp")
        defer { files.removeAll() }
        let input: any RequestInput = chunkSize == 0 ? BytesInput(body) : ChunkedInput(body, chunkSize: chunkSize)
        // A tiny spool threshold at 7-byte chunks so the spool path is checked against real bodies too.
        let limits = FormLimits(spoolThreshold: chunkSize == 7 ? 64 : 500 * 1024)
        let form = try MultipartParser.parse(input, boundary: boundary, limits: limits, temporaryFiles: files)

        var fields: [String: [String]] = [:]
        for (name, value) in form.fields { fields[name, default: []].append(value) }
        #expect(fields == expected.form)

        var actual: [String: [String]] = [:]
        for (name, file) in form.files {
            let content = try file.read()
            #expect(content.count == file.size)
            actual[name, default: []].append("\(file.filename ?? "nil") | \(file.contentType ?? "nil") | \(content.count) | \(TestSHA256.hex(content))")
        }
        var wanted: [String: [String]] = [:]
        for (name, list) in expected.files {
            wanted[name] = list.map { "\($0.filename ?? "nil") | \($0.content_type ?? "nil") | \($0.length) | \($0.sha256)" }
        }
        #expect(actual == wanted)
    }

    @Test func testSHA256KnownAnswers() {
        #expect(TestSHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(TestSHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TestSHA256.hex((0..<256).map { UInt8($0) }) == "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880")
    }
}
