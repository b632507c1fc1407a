import Testing
@testable import Werk

@Suite struct MultipartParserTests {
    static let simpleParts: [TestPart] = [
        .field("title", "héllo wörld"),
        .file("upload", "a.txt", Array("first line\r\nsecond\n".utf8), type: "text/plain"),
        .field("empty", ""),
        .field("title", "again"),
    ]

    @Test func parsesFieldsAndFilesInOrder() throws {
        let form = try parseBody(multipartBody(Self.simpleParts))
        #expect(form.fields.map(\.name) == ["title", "empty", "title"])
        #expect(form.fields.map(\.value) == ["héllo wörld", "", "again"])
        #expect(form.files.count == 1)
        let file = form.files[0].file
        #expect(form.files[0].name == "upload")
        #expect(file.name == "upload")
        #expect(file.filename == "a.txt")
        #expect(file.contentType == "text/plain")
        #expect(file.size == 19)
        #expect(try file.read() == Array("first line\r\nsecond\n".utf8))
        #expect(file.headers["content-type"] == "text/plain")
        #expect(!file.isSpooled)
    }

    @Test func ignoresPreambleAndEpilogue() throws {
        let body = multipartBody([.field("a", "1")], preamble: "This is the preamble.\r\n--XyZz not it\r\n",
                                 epilogue: "epilogue --XyZzy\r\n garbage")
        let form = try parseBody(body)
        #expect(form.fields.map(\.value) == ["1"])
    }

    @Test func toleratesTransportPadding() throws {
        let body = Array("--XyZzy \t \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZzy\t\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--XyZzy--  \r\n".utf8)
        let form = try parseBody(body)
        #expect(form.fields.map(\.value) == ["1", "2"])
    }

    @Test func closeDelimiterWithoutFinalCRLF() throws {
        let body = Array("--XyZzy\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZzy--".utf8)
        #expect(try parseBody(body).fields.map(\.value) == ["1"])
    }

    @Test func emptyFilenameIsStillAFile() throws {
        let form = try parseBody(multipartBody([.file("f", "", [], type: "application/octet-stream")]))
        #expect(form.fields.isEmpty)
        #expect(form.files.count == 1)
        #expect(form.files[0].file.filename == "")
        #expect(form.files[0].file.size == 0)
    }

    @Test func fileWithoutContentType() throws {
        let form = try parseBody(multipartBody([.file("f", "x.bin", [1, 2, 3], type: nil)]))
        #expect(form.files[0].file.contentType == nil)
        #expect(try form.files[0].file.read() == [1, 2, 3])
    }

    @Test func invalidUTF8BecomesReplacementCharacter() throws {
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"a\""], content: [0x61, 0xFF, 0x62])
        #expect(try parseBody(multipartBody([part])).fields[0].value == "a\u{FFFD}b")
    }

    @Test(arguments: ["iso-8859-1", "latin-1", "ISO-8859-1"])
    func latin1CharsetIsHonoured(charset: String) throws {
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"a\"", "Content-Type: text/plain; charset=\(charset)"],
                            content: [0x63, 0x61, 0x66, 0xE9])
        #expect(try parseBody(multipartBody([part])).fields[0].value == "café")
    }

    @Test func rawUTF8NamesAndFilenames() throws {
        let form = try parseBody(multipartBody([.field("naïve", "1"), .file("f", "résumé ✓ 日本.txt", [0])]))
        #expect(form.fields[0].name == "naïve")
        #expect(form.files[0].file.filename == "résumé ✓ 日本.txt")
    }

    @Test(arguments: ["a'()+_,-./:=? b", "1", String(repeating: "b", count: 70), "----WebKitFormBoundaryzMqPs5FUAhxRkLtv"])
    func acceptsEveryValidBoundary(boundary: String) throws {
        let body = multipartBody([.field("a", "1"), .file("f", "x", Array("--\(boundary)".utf8))], boundary: boundary)
        let form = try parseBody(body, boundary: boundary)
        #expect(form.fields.map(\.value) == ["1"])
        #expect(try form.files[0].file.read() == Array("--\(boundary)".utf8))
    }

    @Test func contentThatLooksLikeABoundaryButIsNot() throws {
        let tricky: [UInt8] = Array("\r\n--XyZz\r\n-XyZzy\r\n--XyZ\r--XyZzy\n--XyZzy \r\r\n--".utf8)
        let form = try parseBody(multipartBody([.file("f", "t", tricky), .field("after", "ok")]))
        #expect(try form.files[0].file.read() == tricky)
        #expect(form.fields.map(\.value) == ["ok"])
    }

    @Test func partContentEndingInCR() throws {
        let form = try parseBody(multipartBody([.file("f", "t", [0x41, 0x0D]), .file("g", "u", [0x0D, 0x0D, 0x0A])]))
        #expect(try form.files[0].file.read() == [0x41, 0x0D])
        #expect(try form.files[1].file.read() == [0x0D, 0x0D, 0x0A])
    }

    @Test func zeroPartsBetweenDelimiters() throws {
        #expect(try parseBody(Array("--XyZzy--\r\n".utf8)).fields.isEmpty)
    }

    /// Every way of cutting a small body in two gives the same result.
    @Test func everySplitPointOfASmallBody() throws {
        let body = multipartBody(Self.simpleParts, preamble: "pre\r\n", epilogue: "post")
        let expected = summary(try parseBody(body))
        for split in 0...body.count {
            var decoder = try MultipartDecoder(boundary: "XyZzy")
            var events: [String] = []
            var collected: [UInt8] = []
            let handle = { (event: MultipartEvent) throws(FormParseError) -> Void in
                switch event {
                case .partBegin(let part): events.append("begin \(part.name) \(String(describing: part.filename))")
                case .data(let bytes): collected.append(contentsOf: bytes)
                case .partEnd: events.append("end \(collected.count)"); collected = []
                case .end: events.append("done")
                }
            }
            for piece in [body[..<split], body[split...]] {
                let result = piece.withUnsafeBytes { bytes in Result { () throws(FormParseError) in try decoder.feed(bytes, handle) } }
                try result.get()
            }
            try decoder.finish()
            #expect(events == ["begin title nil", "end 13", "begin upload Optional(\"a.txt\")", "end 19",
                               "begin empty nil", "end 0", "begin title nil", "end 5", "done"], "split at \(split)")
        }
        for chunkSize in 1...9 {
            #expect(summary(try parseBody(body, chunkSize: chunkSize)) == expected, "chunk size \(chunkSize)")
        }
    }

    @Test(arguments: [1, 2, 3, 7, 13, 64, 4096, 65536])
    func chunkSizesGiveTheSameResult(chunkSize: Int) throws {
        var big: [UInt8] = []
        for i in 0..<200_000 { big.append(UInt8(truncatingIfNeeded: i &* 31 &+ i >> 8)) }
        let body = multipartBody(Self.simpleParts + [.file("big", "big.bin", big), .field("last", "x")])
        let files = TemporaryFiles(directory: "/tmp")
        defer { files.removeAll() }
        let limits = FormLimits(spoolThreshold: 50_000)
        #expect(summary(try parseBody(body, limits: limits, chunkSize: chunkSize, files: files))
                == summary(try parseBody(body, limits: limits, files: files)))
    }

    @Test func manyParts() throws {
        let parts = (0..<5000).map { TestPart.field("f\($0)", "value \($0)") }
        let form = try parseBody(multipartBody(parts), limits: FormLimits(maxFormParts: nil), chunkSize: 65536)
        #expect(form.fields.count == 5000)
        #expect(form.fields[4999].value == "value 4999")
    }

    /// Content full of near-delimiters parses correctly and in linear time.
    @Test func adversarialNearBoundaries() throws {
        func body(_ repeats: Int) -> [UInt8] {
            let near = Array(String(repeating: "\r\n--XyZz", count: repeats).utf8)
            return multipartBody([.file("f", "evil", near), TestPart(headers: ["Content-Disposition: form-data; name=\"x\"; filename=\"y\""], content: near)])
        }
        let small = body(50_000), large = body(200_000)
        let files = TemporaryFiles(directory: "/tmp")
        defer { files.removeAll() }
        let clock = ContinuousClock()
        let smallTime = try clock.measure { _ = try parseBody(small, chunkSize: 65536, files: files) }
        var form = MultipartForm()
        let largeTime = try clock.measure { form = try parseBody(large, chunkSize: 65536, files: files) }
        #expect(form.files.map(\.file.size) == [1_600_000, 1_600_000])
        // Linear: 4x the input must not cost anywhere near 16x (generous bound for a busy machine).
        #expect(largeTime < smallTime * 10 + .milliseconds(200), "N: \(smallTime), 4N: \(largeTime)")
    }

    @Test func adversarialNearBoundariesInOneByteChunks() throws {
        let near = Array(String(repeating: "\r\n--XyZz", count: 2000).utf8)
        let form = try parseBody(multipartBody([.file("f", "evil", near)]), chunkSize: 1)
        #expect(try form.files[0].file.read() == near)
    }

    @Test func decoderIgnoresBytesAfterTheEnd() throws {
        var decoder = try MultipartDecoder(boundary: "b")
        var ends = 0
        let body = Array("--b--\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".utf8)
        let result = body.withUnsafeBytes { bytes in
            Result { () throws(FormParseError) in
                try decoder.feed(bytes) { event throws(FormParseError) in if case .end = event { ends += 1 } }
            }
        }
        try result.get()
        #expect(ends == 1)
        #expect(decoder.isFinished)
        try decoder.finish()
    }

    @Test func stopsReadingAtTheCloseDelimiter() throws {
        let body = multipartBody([.field("a", "1")]) + [UInt8](repeating: 0x41, count: 1_000_000)
        let input = ChunkedInput(body, chunkSize: 1000)
        _ = try MultipartParser.parse(input, boundary: "XyZzy", limits: FormLimits(), temporaryFiles: TemporaryFiles(directory: "/tmp"))
        #expect(input.consumed < 2000)
    }
}
