#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Werk

/// The file format and the file calls of `FileSessionStore`: one place for the platform calls.
/// A file is `werk-session 1 EXPIRES F\n` followed by the payload, where F is `-` until the
/// session is first loaded again and `r` (returned) from then on; files without F count as
/// returned.
enum SessionFiles {
    /// The name ending of session files.
    static let suffix = ".session"
    /// The name start of files being written.
    static let temporaryPrefix = ".tmp-"
    /// The first line's start.
    static let magic = Array("werk-session 1 ".utf8)

    /// The flag of a session not loaded since it was saved, and of one that was.
    static let notReturned = UInt8(ascii: "-"), returned = UInt8(ascii: "r")

    /// A new file's bytes (its session not yet returned).
    static func encode(_ data: [UInt8], expires: Int) -> [UInt8] {
        magic + Array("\(expires) -\n".utf8) + data
    }

    /// A file's first line: the expiry time, whether the session came back since it was saved,
    /// and the offset of that flag; nil when the file is not a session file.
    static func header(_ file: [UInt8]) -> (expires: Int, hasReturned: Bool, flagOffset: Int?)? {
        guard file.starts(with: magic), let newline = file.firstIndex(of: 0x0A) else { return nil }
        var digits = file[magic.count..<newline]
        var flag: UInt8?
        if digits.count >= 2, digits[digits.endIndex - 2] == 0x20 {
            flag = digits.last
            digits = digits.dropLast(2)
        }
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(HTTPSyntax.isDigit),
              flag == nil || flag == notReturned || flag == returned,
              let expires = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
        return (expires, flag != notReturned, flag == nil ? nil : newline - 1)
    }

    /// The expiry time in a file's first line, or nil when the file is not a session file.
    static func expiry(_ file: [UInt8]) -> Int? { header(file)?.expires }

    /// The expiry and payload of a whole file, or nil when it is not a session file.
    static func decode(_ file: [UInt8]) -> (expires: Int, data: [UInt8])? {
        guard let expires = expiry(file), let newline = file.firstIndex(of: 0x0A) else { return nil }
        return (expires, Array(file[(newline + 1)...]))
    }

    /// Marks the session in `path` returned: its flag byte, at `offset` in `expected` (the
    /// header just read), is rewritten in place if the file still starts the same way (a save
    /// may have replaced it meanwhile). Best effort: a failure only leaves it unmarked.
    static func markReturned(_ path: String, offset: Int, expected: ArraySlice<UInt8>) {
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var now = [UInt8](repeating: 0, count: expected.count)
        let n = now.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n == expected.count, now.elementsEqual(expected) else { return }
        var flag = returned
        _ = pwrite(fd, &flag, 1, off_t(offset))
    }

    /// Creates `path` (mode 0700) unless it is already a folder.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw SessionError("cannot create the session folder \(path): \(String(cString: strerror(errno)))")
        }
        guard (try? FileInfo(path: path))?.isDirectory == true else {
            throw SessionError("the session folder \(path) is not a folder")
        }
    }

    /// The file's bytes (at most `limit`), or nil when it does not exist.
    static func read(_ path: String, limit: Int = 1 << 20) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SessionError("cannot open the session file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while result.count < limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, limit - result.count)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw SessionError("cannot read the session file \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            result += chunk[0..<n]
        }
        return result
    }

    /// Writes `bytes` to a new temporary file in `directory` (mode 0600) and renames it to
    /// `path`, replacing any old file in one step.
    static func writeAtomically(_ bytes: [UInt8], to path: String, in directory: String) throws {
        let temporary = directory + "/" + temporaryPrefix + SecureRandom.hex(8)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SessionError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var offset = 0
        var failure: Int32 = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { failure = errno; break }
            offset += n
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw SessionError("cannot write the session file \(path): \(String(cString: strerror(failure)))")
        }
    }

    /// Deletes the file at `path`, if any.
    static func remove(_ path: String) {
        unlink(path)
    }
}
