import Testing
@testable import Werk

@Suite struct MultipartLimitTests {
    @Test func maxContentLength() throws {
        let body = multipartBody([.field("a", String(repeating: "x", count: 1000))])
        #expect(try parseBody(body, limits: FormLimits(maxContentLength: body.count)).fields.count == 1)
        #expect(throws: FormParseError.self) { try parseBody(body, limits: FormLimits(maxContentLength: body.count - 1)) }
        do {
            _ = try parseBody(body, limits: FormLimits(maxContentLength: 500), chunkSize: 100)
            Issue.record("no error")
        } catch {
            #expect(error.kind == .tooLarge)
            #expect(error.message.contains("500"))
        }
    }

    @Test func maxContentLengthStopsReadingEarly() throws {
        let body = multipartBody([.file("a", "b", [UInt8](repeating: 7, count: 5_000_000))])
        let input = ChunkedInput(body, chunkSize: 65536)
        #expect(throws: FormParseError.self) {
            try MultipartParser.parse(input, boundary: "XyZzy", limits: FormLimits(maxContentLength: 100_000),
                                      temporaryFiles: TemporaryFiles(directory: "/tmp"))
        }
        #expect(input.consumed < 200_000)
    }

    @Test func maxFormMemorySizeCountsAllTextFields() throws {
        let body = multipartBody([.field("a", String(repeating: "x", count: 40)), .field("b", String(repeating: "y", count: 40)),
                                  .file("f", "big", [UInt8](repeating: 1, count: 1000))])
        #expect(try parseBody(body, limits: FormLimits(maxFormMemorySize: 80)).fields.count == 2)
        do {
            _ = try parseBody(body, limits: FormLimits(maxFormMemorySize: 79))
            Issue.record("no error")
        } catch {
            #expect(error == FormParseError(.tooLarge, "the text fields pass 79 bytes (max_form_memory_size) at field \"b\""))
        }
        #expect(try parseBody(body, limits: FormLimits(maxFormMemorySize: nil)).fields.count == 2)
    }

    @Test(arguments: [(parts: 3, limit: 3, fails: false), (parts: 4, limit: 3, fails: true), (parts: 1001, limit: 1000, fails: true),
                      (parts: 1000, limit: 1000, fails: false)])
    func maxFormParts(parts: Int, limit: Int, fails: Bool) throws {
        let body = multipartBody((0..<parts).map { TestPart.field("f\($0)", "v") })
        if fails {
            do {
                _ = try parseBody(body, limits: FormLimits(maxFormParts: limit))
                Issue.record("no error")
            } catch {
                #expect(error.kind == .tooLarge)
                #expect(error.message.contains("\(limit)"))
            }
        } else {
            #expect(try parseBody(body, limits: FormLimits(maxFormParts: limit)).fields.count == parts)
        }
    }

    @Test func defaultsAreWerkzeugs() {
        let limits = FormLimits()
        #expect(limits.maxContentLength == nil)
        #expect(limits.maxFormMemorySize == 500 * 1024)
        #expect(limits.maxFormParts == 1000)
        #expect(limits.maxPartHeaderSize == 8 * 1024)
        #expect(limits.spoolThreshold == 500 * 1024)
        #expect(!limits.temporaryDirectory.isEmpty)
    }

    @Test(arguments: [1, 100, 65536])
    func maxPartHeaderSize(chunkSize: Int) throws {
        let header = "Content-Disposition: form-data; name=\"a\"; filename=\"\(String(repeating: "n", count: 100))\""
        let body = multipartBody([TestPart(headers: [header], content: [1])])
        let blockSize = header.utf8.count + 4
        #expect(try parseBody(body, limits: FormLimits(maxPartHeaderSize: blockSize), chunkSize: chunkSize).files.count == 1)
        do {
            _ = try parseBody(body, limits: FormLimits(maxPartHeaderSize: blockSize - 1), chunkSize: chunkSize)
            Issue.record("no error")
        } catch {
            #expect(error.kind == .malformed)
            #expect(error.message.contains("\(blockSize - 1)"))
        }
    }

    @Test func endlessHeaderBlockIsRefused() throws {
        let body = Array("--XyZzy\r\nContent-Disposition: form-data; name=\"a\"; x=\"".utf8) + [UInt8](repeating: 0x41, count: 100_000)
        let input = ChunkedInput(body, chunkSize: 1000)
        do {
            _ = try MultipartParser.parse(input, boundary: "XyZzy", limits: FormLimits(), temporaryFiles: TemporaryFiles(directory: "/tmp"))
            Issue.record("no error")
        } catch {
            #expect(error.kind == .malformed)
        }
        #expect(input.consumed <= 10_000)
    }
}
