import Testing
@testable import Werk

@Suite struct MultipartMalformedTests {
    static let disposition = "Content-Disposition: form-data; name=\"a\""

    /// Bodies that must be refused with `malformed`, and a word the message must contain.
    static let badBodies: [(name: String, body: String, mentions: String)] = [
        ("empty body", "", "no multipart boundary"),
        ("only a preamble", "hello\r\nworld\r\n", "no multipart boundary"),
        ("no closing boundary", "--XyZzy\r\n\(disposition)\r\n\r\nvalue", "ended before the closing"),
        ("cut after a delimiter", "--XyZzy\r\n\(disposition)\r\n\r\nvalue\r\n--XyZzy", "ended before the closing"),
        ("cut in the headers", "--XyZzy\r\n\(disposition)\r\n", "ended before the closing"),
        ("cut after the first delimiter", "--XyZzy", "ended before the closing"),
        ("header line without colon", "--XyZzy\r\n\(disposition)\r\nNoColonHere\r\n\r\nv\r\n--XyZzy--", "without a colon"),
        ("obs-fold", "--XyZzy\r\n\(disposition)\r\n continued\r\n\r\nv\r\n--XyZzy--", "obs-fold"),
        ("obs-fold with tab", "--XyZzy\r\nContent-Disposition: form-data;\r\n\tname=\"a\"\r\n\r\nv\r\n--XyZzy--", "obs-fold"),
        ("no Content-Disposition", "--XyZzy\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZzy--", "no Content-Disposition"),
        ("empty header block", "--XyZzy\r\n\r\nv\r\n--XyZzy--", "no Content-Disposition"),
        ("not form-data", "--XyZzy\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZzy--", "not form-data"),
        ("no name", "--XyZzy\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nv\r\n--XyZzy--", "no name"),
        ("invalid header name", "--XyZzy\r\n\(disposition)\r\nBad Name: x\r\n\r\nv\r\n--XyZzy--", "invalid part header"),
        ("lone CR in a header", "--XyZzy\r\n\(disposition)\r\nX-A: a\rb\r\n\r\nv\r\n--XyZzy--", "invalid part header"),
        ("garbage after a delimiter", "--XyZzy\r\n\(disposition)\r\n\r\nv\r\n--XyZzyX\r\n--XyZzy--", "other bytes"),
        ("single dash after a delimiter", "--XyZzy-\r\n", "not \"--\""),
        ("CR without LF after a delimiter", "--XyZzy\r\r\n", "CR without LF"),
    ]

    @Test(arguments: badBodies.indices)
    func refusesMalformedBody(index: Int) {
        let (name, body, mentions) = Self.badBodies[index]
        for chunkSize in [1, 5, 65536] {
            do {
                let form = try parseBody(Array(body.utf8), chunkSize: chunkSize)
                Issue.record("\(name): parsed as \(summary(form))")
            } catch {
                #expect(error.kind == .malformed, "\(name)")
                #expect(error.message.contains(mentions), "\(name): \(error.message)")
                #expect(error.description.contains(error.message))
            }
        }
    }

    static let badBoundaries: [(boundary: String?, mentions: String)] = [
        (nil, "no boundary parameter"),
        ("", "empty"),
        (String(repeating: "a", count: 71), "71 characters"),
        ("a@b", "\"@\""),
        ("a\"b", "\"\"\""),
        ("ab ", "ends with a space"),
        ("tab\there", "byte 0x9"),
        ("ü", "byte 0xc3"),
    ]

    @Test(arguments: badBoundaries.indices)
    func refusesBadBoundary(index: Int) {
        let (boundary, mentions) = Self.badBoundaries[index]
        do {
            _ = try parseBody(Array("--x--".utf8), boundary: boundary)
            Issue.record("accepted \(String(describing: boundary))")
        } catch {
            #expect(error.kind == .malformed)
            #expect(error.message.contains(mentions), "\(error.message)")
        }
    }

    @Test func inputErrorsBecomeMalformed() {
        let body = multipartBody([.field("a", "1")])
        do {
            _ = try MultipartParser.parse(FailingInput(body, after: 10), boundary: "XyZzy", limits: FormLimits(),
                                          temporaryFiles: TemporaryFiles(directory: "/tmp"))
            Issue.record("no error")
        } catch {
            #expect(error.kind == .malformed)
            #expect(error.message.contains("reading the request body failed"))
        }
    }

    /// Random bytes and random cuts of a valid body never crash or hang the parser.
    @Test func randomInputNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let valid = multipartBody([.field("a", "1"), .file("f", "x", [1, 2, 13, 10, 45, 45])], boundary: "b")
        for _ in 0..<2000 {
            var body = valid
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let index = Int.random(in: 0..<body.count, using: &generator)
                body[index] = [0x0D, 0x0A, 0x2D, 0x62, 0x20, 0x3A, 0x22, UInt8.random(in: 0...255, using: &generator)].randomElement()!
            }
            body = Array(body.prefix(Int.random(in: 0...body.count, using: &generator)))
            _ = try? parseBody(body, boundary: "b", chunkSize: Int.random(in: 1...20, using: &generator))
        }
    }
}
