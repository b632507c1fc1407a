#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Werk

/// `Response.file` through the file cache: no stat per request while an entry is fresh, small
/// files from memory, a changed file noticed once the entry is old.
@Suite(.serialized)
struct FileCacheTests {
    private static func write(_ path: String, _ text: String) {
        let file = fopen(path, "wb")!
        fputs(text, file)
        fclose(file)
    }

    @Test func smallFilesComeFromMemoryWithTheirValidators() throws {
        let path = "/tmp/werk-filecache-\(getpid())-a.txt"
        Self.write(path, "hello cache")
        defer { unlink(path) }
        let cache = FileCache()
        let entry = try cache.entry(for: path)
        #expect(entry.contents == Array("hello cache".utf8))
        #expect(entry.contentType.hasPrefix("text/plain"))
        #expect(entry.etag.hasPrefix("\"") && entry.lastModified.hasSuffix("GMT"))
        let response = try Response.file(path)
        #expect(try response.data == Array("hello cache".utf8))
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(response.headers["ETag"] != nil && response.headers["Last-Modified"] != nil)
    }

    @Test func aFreshEntryIsTrustedAndAnOldOneIsCheckedAgain() throws {
        let path = "/tmp/werk-filecache-\(getpid())-b.txt"
        Self.write(path, "one")
        defer { unlink(path) }
        let cache = FileCache()
        cache.validity = .seconds(60)
        #expect(try cache.entry(for: path).contents == Array("one".utf8))
        Self.write(path, "two!")
        #expect(try cache.entry(for: path).contents == Array("one".utf8))  // trusted for a minute
        cache.validity = .zero
        #expect(try cache.entry(for: path).contents == Array("two!".utf8))
        unlink(path)
        #expect(throws: FileError.self) { try cache.entry(for: path) }
    }

    /// A file replaced (or rewritten) with the same size and modification time, as `cp -p`,
    /// `rsync -a` and archive tools leave it, is still noticed: by its inode and its ctime.
    @Test func aFileWithTheOldSizeAndModificationTimeIsStillNoticed() throws {
        let path = "/tmp/werk-filecache-\(getpid())-d.txt", staged = path + ".new"
        let stamp = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
        Self.write(path, "aaaa")
        #expect(utimensat(AT_FDCWD, path, stamp, 0) == 0)
        defer { unlink(path) }
        let cache = FileCache()
        cache.validity = .zero
        #expect(try cache.entry(for: path).contents == Array("aaaa".utf8))
        // Replaced under its name (a new inode), same size, same modification time.
        Self.write(staged, "bbbb")
        #expect(utimensat(AT_FDCWD, staged, stamp, 0) == 0)
        #expect(rename(staged, path) == 0)
        #expect(try cache.entry(for: path).contents == Array("bbbb".utf8))
        // Rewritten in place (the same inode), then its modification time set back.
        usleep(10_000)
        Self.write(path, "cccc")
        #expect(utimensat(AT_FDCWD, path, stamp, 0) == 0)
        #expect(try cache.entry(for: path).contents == Array("cccc".utf8))
    }

    /// A large file is sent from the descriptor its headers were made from: replaced under its
    /// name while its entry is still trusted, the answer is the new file whole, with its own
    /// length and validators, never the old length with the new bytes.
    @Test func aLargeFileReplacedWhileItsEntryIsTrustedIsAnsweredWhole() throws {
        let path = "/tmp/werk-filecache-\(getpid())-e.bin", staged = path + ".new"
        Self.write(path, String(repeating: "a", count: 100_000))
        defer { unlink(path) }
        let cache = FileCache()
        cache.validity = .seconds(60)
        let first = try Response.file(path, cache: cache)
        #expect(first.headers["ETag"] != nil)
        #expect(try first.data.count == 100_000)
        // Replaced by rename, as deploy tools do, with a shorter file of other bytes.
        Self.write(staged, String(repeating: "b", count: 70_000))
        #expect(rename(staged, path) == 0)
        var second = try Response.file(path, cache: cache)
        let secondTag = second.headers["ETag"]
        #expect(secondTag != first.headers["ETag"])
        #expect(second.body.knownLength == 70_000)
        #expect(try second.data == Array(repeating: UInt8(ascii: "b"), count: 70_000))
        // The file sent is the one described even if the name moves on before it is read.
        Self.write(staged, String(repeating: "c", count: 90_000))
        #expect(rename(staged, path) == 0)
        #expect(try second.data == Array(repeating: UInt8(ascii: "b"), count: 70_000))
        second = try Response.file(path, cache: cache)
        #expect(try second.data == Array(repeating: UInt8(ascii: "c"), count: 90_000))
        #expect(second.headers["ETag"] != secondTag)
    }

    @Test func largeFilesAreRegionsAndFoldersAreRefused() throws {
        let path = "/tmp/werk-filecache-\(getpid())-c.bin"
        Self.write(path, String(repeating: "x", count: 70_000))
        defer { unlink(path) }
        let cache = FileCache()
        #expect(try cache.entry(for: path).contents == nil)
        guard case .file(let region) = try Response.file(path).body.content else {
            Issue.record("a large file should be a region for sendfile")
            return
        }
        #expect(region.length == 70_000)
        #expect(throws: FileError.self) { try cache.entry(for: "/tmp") }
    }
}
