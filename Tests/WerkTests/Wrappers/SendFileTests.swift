#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Werk
import WerkTesting

/// `sendFile` and `sendFromDirectory`: conditional and ranged, Content-Disposition, one open,
/// never outside the folder.
@Suite("sendFile and sendFromDirectory")
struct SendFileTests {
    /// A folder with files, a subfolder, a FIFO, and links leading in and out of it.
    static let root: String = {
        let base = "/tmp/werk-sendfile-\(getpid())"
        mkdir(base, 0o755)
        mkdir(base + "/files", 0o755)
        mkdir(base + "/files/sub", 0o755)
        write(base + "/files/hello.txt", "Hello, file!\n")
        write(base + "/files/sub/data.json", "{\"a\":1}")
        write(base + "/files/na\u{ef}ve.txt", "accents")
        write(base + "/secret.txt", "root:x:0:0")
        symlink(base + "/secret.txt", base + "/files/out.txt")
        symlink(base + "/files/hello.txt", base + "/files/in.txt")
        symlink(base, base + "/files/up")
        mkfifo(base + "/files/pipe", 0o644)
        return base + "/files"
    }()

    static func write(_ path: String, _ text: String) {
        let file = fopen(path, "wb")
        _ = text.withCString { fputs($0, file) }
        fclose(file)
    }

    static func request(_ headers: Headers = [:], method: String = "GET") throws -> Request {
        Request(try EnvironBuilder(method: method, path: "/", headers: headers).makeEnviron())
    }

    static func serve(_ response: Response) throws -> Response {
        try Client(AppFunction { environ, startResponse in try response(&environ, startResponse) }).get("/")
    }

    @Test func sendsTheFileWithTypeLengthValidatorsAndNoCache() throws {
        let response = try Self.serve(try sendFile(Self.root + "/hello.txt", request: Self.request()))
        #expect(response.status == .ok)
        #expect(try response.text == "Hello, file!\n")
        #expect(response.contentType == "text/plain; charset=utf-8")
        #expect(response.headers["Content-Length"] == "13")
        #expect(response.headers["Accept-Ranges"] == "bytes")
        #expect(response.etag != nil && response.lastModified != nil)
        #expect(response.headers["Cache-Control"] == "no-cache")
        #expect(!response.headers.contains("Content-Disposition"))
        let json = try sendFile(Self.root + "/sub/data.json", request: Self.request(), maxAge: 60)
        #expect(json.contentType?.hasPrefix("application/json") == true)
        #expect(json.cacheControl.isPublic && json.cacheControl.maxAge == 60 && !json.cacheControl.noCache)
        let typed = try sendFile(Self.root + "/hello.txt", request: Self.request(), mimetype: "text/markdown")
        #expect(typed.contentType == "text/markdown; charset=utf-8")
    }

    @Test(arguments: [
        (true, "report.pdf", "attachment; filename=report.pdf"),
        (false, "report.pdf", "inline; filename=report.pdf"),
        (true, "my report.pdf", "attachment; filename=\"my report.pdf\""),
        (true, "Bericht M\u{e4}rz.pdf", "attachment; filename=\"Bericht Marz.pdf\"; filename*=UTF-8''Bericht%20M%C3%A4rz.pdf"),
        (true, "\u{65e5}\u{672c}.txt", "attachment; filename=__.txt; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt"),
        (true, "a\"b\\c.txt", "attachment; filename=\"a\\\"b\\\\c.txt\""),
        (true, "line\r\nX-Evil: 1.txt", "attachment; filename=\"line_X-Evil: 1.txt\"; filename*=UTF-8''line%0D%0AX-Evil%3A%201.txt"),
    ])
    func contentDisposition(_ attachment: Bool, _ name: String, _ expected: String) throws {
        let response = try Self.serve(try sendFile(Self.root + "/hello.txt", request: Self.request(),
                                                   asAttachment: attachment, downloadName: name))
        #expect(response.headers["Content-Disposition"] == expected)
        // The other half: parsing gives the full name back, whatever the client reads.
        #expect(ContentDisposition(parsing: expected)?.filename == name)
    }

    @Test func attachmentWithoutANameUsesTheFileName() throws {
        let response = try sendFile(Self.root + "/na\u{ef}ve.txt", request: Self.request(), asAttachment: true)
        #expect(response.headers["Content-Disposition"] == "attachment; filename=naive.txt; filename*=UTF-8''na%C3%AFve.txt")
    }

    @Test func conditionalAndRangedByDefault() throws {
        let first = try sendFile(Self.root + "/hello.txt", request: Self.request())
        let tag = try #require(first.headers["ETag"])
        #expect(try sendFile(Self.root + "/hello.txt", request: Self.request(["If-None-Match": tag])).status == .notModified)
        #expect(try sendFile(Self.root + "/hello.txt", request: Self.request(["If-Match": "\"other\""])).status == .preconditionFailed)
        let range = try Self.serve(try sendFile(Self.root + "/hello.txt", request: Self.request(["Range": "bytes=7-10"])))
        #expect(try range.status == .partialContent && (range.text) == "file")
        #expect(range.headers["Content-Range"] == "bytes 7-10/13")
        let parts = try Self.serve(try sendFile(Self.root + "/hello.txt", request: Self.request(["Range": "bytes=0-1,7-8"])))
        #expect(parts.status == .partialContent && parts.contentType?.hasPrefix("multipart/byteranges") == true)
        #expect(try parts.text.contains("He") && parts.text.contains("fi"))
        #expect(try sendFile(Self.root + "/hello.txt", request: Self.request(["Range": "bytes=99-"])).status == .rangeNotSatisfiable)
        let unconditional = try sendFile(Self.root + "/hello.txt", request: Self.request(["If-None-Match": tag]), conditional: false)
        #expect(unconditional.status == .ok)
    }

    @Test func missingOrSpecialFilesThrowFileError() throws {
        #expect(throws: FileError.self) { try sendFile(Self.root + "/nope.txt", request: Self.request()) }
        #expect(throws: FileError.self) { try sendFile(Self.root + "/sub", request: Self.request()) }
        // A FIFO is refused at once (opened non-blocking), never waited on.
        let error = try #require(throws: FileError.self) { try sendFile(Self.root + "/pipe", request: Self.request()) }
        #expect(error.message == "not a regular file")
    }

    @Test func fromDirectoryServesNamesInsideIt() throws {
        let response = try Self.serve(try sendFromDirectory(Self.root, "sub/data.json", request: Self.request()))
        #expect(try response.text == "{\"a\":1}")
        // A link that stays inside the folder is followed.
        #expect(try Self.serve(try sendFromDirectory(Self.root, "in.txt", request: Self.request())).text == "Hello, file!\n")
        #expect(try Self.serve(try sendFromDirectory(Self.root + "/", "na\u{ef}ve.txt", request: Self.request())).text == "accents")
    }

    @Test(arguments: ["../secret.txt", "sub/../../secret.txt", "/etc/passwd", "sub//data.json", "out.txt",
                      "up/secret.txt", "sub", "pipe", "nope.txt", "", ".", "sub\\..\\hello.txt", "hello.txt\u{0}.png"])
    func fromDirectoryNeverLeavesTheFolder(_ name: String) throws {
        let error = try #require(throws: HTTPError.self) { try sendFromDirectory(Self.root, name, request: Self.request()) }
        #expect(error.status == .notFound, "\(name)")
    }

    /// The file is opened once: replacing or deleting its name after the response is made does
    /// not change what is sent, and the length always matches the bytes.
    @Test func theOpenFileIsWhatIsSent() throws {
        let path = Self.root + "/swap-\(UInt32.random(in: 0...UInt32.max)).txt"
        Self.write(path, "original")
        let response = try sendFile(path, request: Self.request())
        Self.write(path + ".new", "a much longer replacement text")
        rename(path + ".new", path)
        let served = try Self.serve(response)
        #expect(try served.text == "original")
        #expect(served.headers["Content-Length"] == "8")
        let again = try sendFile(path, request: Self.request())
        unlink(path)
        #expect(try Self.serve(again).text == "a much longer replacement text")
    }

    /// The open file lives as long as some copy of the body does, and no longer (its deinit
    /// closes the descriptor).
    @Test func theDescriptorClosesWithTheLastCopyOfTheBody() throws {
        weak var weakFile: OpenFile?
        var kept: Response?
        do {
            let file = try OpenFile(Self.root + "/hello.txt")
            weakFile = file
            var response = Response.file(file)
            response.makeConditional(try Self.request(["Range": "bytes=0-4"]))
            kept = response
        }
        #expect(weakFile != nil)
        #expect(try Self.serve(try #require(kept)).text == "Hello")
        kept = nil
        #expect(weakFile == nil)
    }
}
