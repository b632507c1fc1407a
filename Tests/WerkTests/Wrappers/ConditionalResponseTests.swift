#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Werk
import WerkTesting

@Suite("Conditional responses (RFC 9110 s13, s14)")
struct ConditionalResponseTests {
    static let content: [UInt8] = Array((0..<1000).map { UInt8($0 % 256) })
    static let modified = Date(timeIntervalSince1970: 1_700_000_000)

    static func resource() -> Response {
        var response = Response(bytes: content, contentType: "application/octet-stream")
        response.setETag("v1")
        response.lastModified = modified
        return response
    }

    static func conditional(_ headers: [(String, String)], method: String = "GET") throws -> Response {
        let request = Request(try EnvironBuilder(method: method, path: "/r", headers: try Headers(headers)).makeEnviron())
        return resource().conditional(for: request)
    }

    @Test func plainRequestGets200WithAcceptRanges() throws {
        let response = try Self.conditional([])
        #expect(response.status == .ok)
        #expect(response.headers["Accept-Ranges"] == "bytes")
        #expect(try response.data == Self.content)
    }

    @Test(arguments: [
        ("If-None-Match", "\"v1\"", 304), ("If-None-Match", "W/\"v1\"", 304), ("If-None-Match", "*", 304),
        ("If-None-Match", "\"v2\"", 200), ("If-Match", "\"v1\"", 200), ("If-Match", "\"v2\"", 412),
        ("If-Match", "W/\"v1\"", 412), ("If-Match", "*", 200),
        ("If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT", 304), ("If-Modified-Since", "Tue, 14 Nov 2023 22:13:19 GMT", 200),
        ("If-Modified-Since", "garbage", 200), ("If-Unmodified-Since", "Tue, 14 Nov 2023 22:13:19 GMT", 412),
        ("If-Unmodified-Since", "Tue, 14 Nov 2023 22:13:20 GMT", 200),
    ])
    func preconditions(_ name: String, _ value: String, _ expected: Int) throws {
        let response = try Self.conditional([(name, value)])
        #expect(response.status.code == expected)
        if expected != 200 { #expect(try response.data.isEmpty) }
        if expected == 304 {
            #expect(response.headers["ETag"] == "\"v1\"")
            #expect(response.headers["Content-Length"] == nil)
        }
    }

    @Test func ifNoneMatchWinsOverIfModifiedSince() throws {
        // s13.2.2: If-Modified-Since is ignored when If-None-Match is present.
        let response = try Self.conditional([("If-None-Match", "\"other\""), ("If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT")])
        #expect(response.status == .ok)
    }

    @Test func unsafeMethodWithMatchingIfNoneMatchIs412() throws {
        #expect(try Self.conditional([("If-None-Match", "*")], method: "PUT").status == .preconditionFailed)
    }

    @Test func singleRange() throws {
        let response = try Self.conditional([("Range", "bytes=10-19")])
        #expect(response.status == .partialContent)
        #expect(response.headers["Content-Range"] == "bytes 10-19/1000")
        #expect(response.headers["Content-Length"] == "10")
        #expect(try response.data == Array(Self.content[10..<20]))
        let suffix = try Self.conditional([("Range", "bytes=-5")])
        #expect(try suffix.data == Array(Self.content[995...]))
    }

    @Test(arguments: ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
    func unsatisfiableRangeIs416(_ range: String) throws {
        let response = try Self.conditional([("Range", range)])
        #expect(response.status == .rangeNotSatisfiable)
        #expect(response.headers["Content-Range"] == "bytes */1000")
        #expect(try response.data.isEmpty)
    }

    @Test(arguments: ["bytes=9-1", "bytes=abc", "items=0-5", "bytes=", "bytes=99999999999999999999999-"])
    func malformedOrUnknownRangeIsIgnored(_ range: String) throws {
        let response = try Self.conditional([("Range", range)])
        #expect(response.status == .ok)
        #expect(try response.data == Self.content)
    }

    @Test func multipleRangesAsMultipartByteranges() throws {
        let response = try Self.conditional([("Range", "bytes=0-9, 100-109")])
        #expect(response.status == .partialContent)
        let type = try #require(response.contentType)
        #expect(type.hasPrefix("multipart/byteranges; boundary="))
        let boundary = String(type.split(separator: "=").last!)
        let body = try response.data
        #expect(Int(response.headers["Content-Length"] ?? "") == body.count)
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains("Content-Range: bytes 0-9/1000"))
        #expect(text.contains("Content-Range: bytes 100-109/1000"))
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
        // Overlapping ranges are merged: no amplification.
        let merged = try Self.conditional([("Range", "bytes=0-99, 50-149, 0-10")])
        #expect(merged.headers["Content-Range"] == "bytes 0-149/1000")
    }

    @Test func ifRangeGatesTheRange() throws {
        #expect(try Self.conditional([("Range", "bytes=0-9"), ("If-Range", "\"v1\"")]).status == .partialContent)
        #expect(try Self.conditional([("Range", "bytes=0-9"), ("If-Range", "\"v0\"")]).status == .ok)
        #expect(try Self.conditional([("Range", "bytes=0-9"), ("If-Range", "Tue, 14 Nov 2023 22:13:20 GMT")]).status == .partialContent)
        #expect(try Self.conditional([("Range", "bytes=0-9"), ("If-Range", "Tue, 14 Nov 2023 22:13:21 GMT")]).status == .ok)
    }

    @Test func rangesOnlyForGet() throws {
        #expect(try Self.conditional([("Range", "bytes=0-9")], method: "HEAD").status == .ok)
    }

    @Test func nonSuccessResponsesAreLeftAlone() throws {
        let request = Request(try EnvironBuilder(path: "/", headers: try Headers([("If-None-Match", "*")])).makeEnviron())
        let response = Response("missing", status: .notFound).conditional(for: request)
        #expect(response.status == .notFound)
    }

    @Test func fileResponseRangesAndValidators() throws {
        let path = "/tmp/werk-conditional-\(UInt32.random(in: 0...UInt32.max)).bin"
        try Data(Self.content).write(to: URL(fileURLWithPath: path))
        defer { try? FileManagerLike.remove(path) }
        let file = try Response.file(path)
        #expect(file.contentType == "application/octet-stream")
        #expect(file.etag != nil && file.lastModified != nil)
        #expect(file.body.knownLength == 1000)
        let request = Request(try EnvironBuilder(path: "/", headers: try Headers([("Range", "bytes=500-509,900-")])).makeEnviron())
        let ranged = file.conditional(for: request)
        #expect(ranged.status == .partialContent)
        let body = try ranged.data
        #expect(Int(ranged.headers["Content-Length"] ?? "") == body.count)
        let tag = try #require(file.etag?.headerValue)
        let again = Request(try EnvironBuilder(path: "/", headers: try Headers([("If-None-Match", tag)])).makeEnviron())
        #expect(file.conditional(for: again).status == .notModified)
        #expect(throws: FileError.self) { try Response.file("/nonexistent/x.bin") }
        #expect(throws: FileError.self) { try Response.file("/tmp") }
    }
}

enum FileManagerLike {
    static func remove(_ path: String) throws { _ = path.withCString { unlink($0) } }
}
#if canImport(Glibc)
import Glibc
#endif
