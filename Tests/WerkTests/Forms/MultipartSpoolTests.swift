#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Werk

@Suite struct MultipartSpoolTests {
    static func content(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) } }

    @Test func spoolsAboveTheThresholdOnly() throws {
        let directory = makeTestDirectory()
        defer { removeTestDirectory(directory) }
        let files = TemporaryFiles(directory: directory)
        let limits = FormLimits(spoolThreshold: 1000, temporaryDirectory: directory)
        let body = multipartBody([.file("small", "s", Self.content(1000)), .file("big", "b", Self.content(1001)), .field("t", "x")])
        let form = try parseBody(body, limits: limits, chunkSize: 100, files: files)
        #expect(!form.files[0].file.isSpooled)
        #expect(form.files[1].file.isSpooled)
        #expect(form.files[0].file.spoolPath == nil)
        let path = try #require(form.files[1].file.spoolPath)
        #expect(path.hasPrefix(directory + "/werk-upload-"))
        #expect(files.paths == [path])
        #expect(try form.files[0].file.read() == Self.content(1000))
        #expect(try form.files[1].file.read() == Self.content(1001))
        #expect(form.files[1].file.size == 1001)
        #expect(directoryEntries(directory).count == 1)
        files.removeAll()
        #expect(!fileExists(path))
        #expect(files.paths.isEmpty)
        #expect(throws: FileStorageError.self) { try form.files[1].file.read() }
    }

    @Test func fileBytesInMemoryStayBelowTheThresholdAcrossParts() throws {
        let directory = makeTestDirectory()
        defer { removeTestDirectory(directory) }
        let files = TemporaryFiles(directory: directory)
        let limits = FormLimits(spoolThreshold: 1000, temporaryDirectory: directory)
        let body = multipartBody((0..<4).map { TestPart.file("f\($0)", "n", Self.content(400)) })
        let form = try parseBody(body, limits: limits, files: files)
        #expect(form.files.map(\.file.isSpooled) == [false, false, true, true])
        for entry in form.files { #expect(try entry.file.read() == Self.content(400)) }
    }

    @Test func zeroThresholdSpoolsEveryNonEmptyFile() throws {
        let files = TemporaryFiles(directory: "/tmp")
        defer { files.removeAll() }
        let form = try parseBody(multipartBody([.file("a", "a", [1]), .file("e", "e", [])]),
                                 limits: FormLimits(spoolThreshold: 0), chunkSize: 1, files: files)
        #expect(form.files.map(\.file.isSpooled) == [true, false])
        #expect(try form.files[0].file.read() == [1])
    }

    @Test func removedOnError() throws {
        let directory = makeTestDirectory()
        defer { removeTestDirectory(directory) }
        let files = TemporaryFiles(directory: directory)
        let limits = FormLimits(spoolThreshold: 10, temporaryDirectory: directory)
        // A spooled file completes, then the body is cut short inside a second spooled file.
        var body = multipartBody([.file("a", "a", Self.content(5000)), .file("b", "b", Self.content(5000))])
        body.removeLast(3000)
        #expect(throws: FormParseError.self) { try parseBody(body, limits: limits, chunkSize: 512, files: files) }
        #expect(files.paths.isEmpty)
        #expect(directoryEntries(directory).isEmpty)
    }

    @Test func removedOnLimitError() throws {
        let directory = makeTestDirectory()
        defer { removeTestDirectory(directory) }
        let files = TemporaryFiles(directory: directory)
        let limits = FormLimits(maxFormParts: 1, spoolThreshold: 10, temporaryDirectory: directory)
        let body = multipartBody([.file("a", "a", Self.content(5000)), .file("b", "b", Self.content(5000))])
        #expect(throws: FormParseError.self) { try parseBody(body, limits: limits, files: files) }
        #expect(directoryEntries(directory).isEmpty)
    }

    @Test func keepsFilesOfEarlierParsesOnError() throws {
        let directory = makeTestDirectory()
        defer { removeTestDirectory(directory) }
        let files = TemporaryFiles(directory: directory)
        let limits = FormLimits(spoolThreshold: 10, temporaryDirectory: directory)
        let form = try parseBody(multipartBody([.file("a", "a", Self.content(100))]), limits: limits, files: files)
        #expect(throws: FormParseError.self) { try parseBody(Array("--XyZzy\r\n".utf8), limits: limits, files: files) }
        #expect(try form.files[0].file.read() == Self.content(100))
    }

    @Test func removedOnDeinit() throws {
        let directory = makeTestDirectory()
        defer { removeTestDirectory(directory) }
        var path = ""
        do {
            let files = TemporaryFiles(directory: directory)
            let form = try parseBody(multipartBody([.file("a", "a", Self.content(100))]),
                                     limits: FormLimits(spoolThreshold: 10, temporaryDirectory: directory), files: files)
            path = try #require(form.files[0].file.spoolPath)
            #expect(fileExists(path))
        }
        #expect(!path.isEmpty)
        #expect(!fileExists(path))
        #expect(directoryEntries(directory).isEmpty)
    }

    @Test func fileStorageKeepsItsFileAlive() throws {
        let directory = makeTestDirectory()
        defer { removeTestDirectory(directory) }
        let file = try parseBody(multipartBody([.file("a", "a", Self.content(100))]),
                                 limits: FormLimits(spoolThreshold: 10, temporaryDirectory: directory),
                                 files: TemporaryFiles(directory: directory)).files[0].file
        #expect(try file.read() == Self.content(100))
    }

    @Test func unwritableDirectoryIsAStorageError() {
        let limits = FormLimits(spoolThreshold: 1, temporaryDirectory: "/nonexistent/werk")
        do {
            _ = try parseBody(multipartBody([.file("a", "a", [1, 2, 3])]), limits: limits,
                              files: TemporaryFiles(directory: "/nonexistent/werk"))
            Issue.record("no error")
        } catch {
            #expect(error.kind == .storage)
            #expect(error.message.contains("/nonexistent/werk"))
        }
    }

    @Test(arguments: [false, true])
    func saveAndChunks(spooled: Bool) throws {
        let directory = makeTestDirectory()
        defer { removeTestDirectory(directory) }
        let files = TemporaryFiles(directory: directory)
        let data = Self.content(200_000)
        let form = try parseBody(multipartBody([.file("a", "a", data)]),
                                 limits: FormLimits(spoolThreshold: spooled ? 10 : 1 << 20, temporaryDirectory: directory),
                                 files: files)
        let file = form.files[0].file
        #expect(file.isSpooled == spooled)
        let target = directory + "/saved.bin"
        try file.save(to: target)
        let copy = FileStorage(name: "x", filename: nil, contentType: nil, data: [])
        #expect(copy.size == 0)
        var pieces: [Int] = []
        var joined: [UInt8] = []
        try file.forEachChunk(chunkSize: 65536) { pieces.append($0.count); joined += $0 }
        #expect(joined == data)
        #expect(spooled ? pieces == [65536, 65536, 65536, 3392] : pieces == [200_000])
        let saved = try parseBody(multipartBody([.file("s", "s", data)]), files: files).files[0].file
        #expect(try saved.read() == data)
        // Read the saved file back through a spooled FileStorage-independent path.
        let fd = open(target, O_RDONLY)
        defer { close(fd) }
        var back = [UInt8](repeating: 0, count: 300_000)
        var total = 0
        while true {
            let n = back.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
            if n <= 0 { break }
            total += n
        }
        #expect(Array(back[0..<total]) == data)
    }

    @Test func saveToBadPathThrows() {
        let file = FileStorage(name: "a", filename: "a", contentType: nil, data: [1])
        #expect(throws: FileStorageError.self) { try file.save(to: "/nonexistent/dir/file") }
    }
}
