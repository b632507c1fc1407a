import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Werk
#if canImport(Glibc)
import Glibc
#endif

@Suite("Password hashes (Werkzeug format)")
struct PasswordHashTests {
    static let saltCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// The three `$`-separated parts of a hash.
    static func parts(_ hash: String) -> (method: String, salt: String, hex: String) {
        let fields = hash.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        return (fields[0], fields.count > 1 ? fields[1] : "", fields.count > 2 ? fields[2] : "")
    }

    @Test(arguments: [(PasswordHashMethod.scrypt(), "scrypt:32768:8:1", 128), (.pbkdf2(), "pbkdf2:sha256:1000000", 64)])
    func defaultFormat(method: PasswordHashMethod, methodText: String, hexDigits: Int) throws {
        let hash = try generatePasswordHash("hunter2", method: method)
        let (text, salt, hex) = Self.parts(hash)
        #expect(text == methodText)
        #expect(salt.count == 16 && salt.allSatisfy(Self.saltCharacters.contains))
        #expect(hex.count == hexDigits && hex.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(checkPasswordHash(hash, password: "hunter2"))
        #expect(!checkPasswordHash(hash, password: "hunter3"))
        #expect(!checkPasswordHash(hash, password: ""))
    }

    @Test func defaultMethodIsScrypt() throws {
        #expect(try generatePasswordHash("a").hasPrefix("scrypt:32768:8:1$"))
    }

    @Test func saltsAreFreshAndSized() throws {
        let method = PasswordHashMethod.pbkdf2(iterations: 1000)
        let a = try generatePasswordHash("same", method: method), b = try generatePasswordHash("same", method: method)
        #expect(a != b)
        #expect(Self.parts(try generatePasswordHash("x", method: method, saltLength: 4)).salt.count == 4)
        #expect(Self.parts(try generatePasswordHash("x", method: method, saltLength: 40)).salt.count == 40)
    }

    @Test(arguments: [(PasswordHashMethod.scrypt(n: 1000), 16), (.scrypt(n: 16, r: 0), 16), (.scrypt(n: 1 << 24), 16),
                      (.pbkdf2(iterations: 0), 16), (.pbkdf2(iterations: 1000), 0), (.pbkdf2(iterations: 1000), -3)])
    func invalidParametersThrow(method: PasswordHashMethod, saltLength: Int) {
        #expect(throws: KeyDerivationError.self) { try generatePasswordHash("x", method: method, saltLength: saltLength) }
    }

    /// Werkzeug's short method forms mean its defaults.
    @Test func shortMethodForms() throws {
        let scrypt = try generatePasswordHash("pw")
        #expect(checkPasswordHash(scrypt.replacingOccurrences(of: "scrypt:32768:8:1$", with: "scrypt$"), password: "pw"))
        let pbkdf2 = try generatePasswordHash("pw", method: .pbkdf2())
        #expect(checkPasswordHash(pbkdf2.replacingOccurrences(of: "pbkdf2:sha256:1000000$", with: "pbkdf2$"), password: "pw"))
        #expect(checkPasswordHash(pbkdf2.replacingOccurrences(of: "pbkdf2:sha256:1000000$", with: "pbkdf2:sha256$"), password: "pw"))
    }

    static let validSmall = "pbkdf2:sha256:1000$AbCdEfGh$" + hexString(
        (try? PBKDF2.sha256(password: Array("pw".utf8), salt: Array("AbCdEfGh".utf8), iterations: 1000, keyLength: 32)) ?? [])

    /// Malformed or hostile hash strings are false, quickly, never a crash.
    @Test(arguments: [
        "", "$", "$$", "$$$", "scrypt", "scrypt$", "scrypt$salt", "scrypt:32768:8:1$salt$", "pbkdf2:sha256:1000$AbCdEfGh$",
        "md5$salt$0123abcd", "plain$$pw", "bcrypt:12$salt$abc", "pbkdf2:sha1:1000$AbCdEfGh$abc", "pbkdf2:sha512$s$abc",
        "scrypt:32768:8$s$00", "scrypt:32768:8:1:1$s$00", "scrypt::8:1$s$00", "scrypt:32768:8:1:$s$00",
        "scrypt:3:8:1$s$00", "scrypt:1000:8:1$s$00", "scrypt:0:8:1$s$00", "scrypt:1:8:1$s$00", "scrypt:-16:8:1$s$00",
        "scrypt:+16:8:1$s$00", "scrypt: 16:8:1$s$00", "scrypt:16:8:1 $s$00", "scrypt:0x10:8:1$s$00",
        "scrypt:1099511627776:8:1$s$00", "scrypt:4611686018427387904:8:1$s$00", "scrypt:99999999999999999999:8:1$s$00",
        "scrypt:16384:1073741824:1$s$00", "scrypt:16384:8:1073741824$s$00", "scrypt:16:0:1$s$00", "scrypt:16:8:0$s$00",
        "scrypt:65536:1:1$s$00", "scrypt:1048576:8:1$s$00", "scrypt:16384:8:4096$s$00",
        "pbkdf2:sha256:0$s$00", "pbkdf2:sha256:-5$s$00", "pbkdf2:sha256:99999999999$s$00", "pbkdf2:sha256:1000:9$s$00",
        "pbkdf2:sha256:1e3$s$00", "PBKDF2:sha256:1000$AbCdEfGh$00", "pbkdf2:SHA256:1000$AbCdEfGh$00",
        PasswordHashTests.validSmall + "0", String(PasswordHashTests.validSmall.dropLast()),
        PasswordHashTests.validSmall.uppercased(), PasswordHashTests.validSmall.replacingOccurrences(of: "$Ab", with: "$Xb"),
        PasswordHashTests.validSmall + "$", String(repeating: "$", count: 10_000), String(repeating: "scrypt:", count: 5000),
        "scrypt:32768:8:1$s$" + String(repeating: "zz", count: 64), "\u{0}scrypt:32768:8:1$s$00",
    ])
    func malformedHashesAreFalse(hash: String) {
        #expect(!checkPasswordHash(hash, password: "pw"))
    }

    @Test func theValidSmallHashIsValid() {
        #expect(checkPasswordHash(Self.validSmall, password: "pw"))
    }

    @Test func limitsRefuseCostlyHashes() throws {
        let hash = try generatePasswordHash("pw", method: .scrypt(n: 1024, r: 8, p: 2))
        #expect(checkPasswordHash(hash, password: "pw"))
        #expect(!checkPasswordHash(hash, password: "pw", limits: PasswordHashLimits(maxScryptMemory: 1 << 20)))
        #expect(!checkPasswordHash(hash, password: "pw", limits: PasswordHashLimits(maxScryptWork: 1 << 13)))
        let pbkdf2 = try generatePasswordHash("pw", method: .pbkdf2(iterations: 5000))
        #expect(!checkPasswordHash(pbkdf2, password: "pw", limits: PasswordHashLimits(maxPBKDF2Iterations: 4999)))
    }

    /// Many threads check at once, each its own password: every answer is right.
    @Test func concurrentChecksDoNotInterfere() throws {
        let passwords = (0..<8).map { "password \($0) \u{00e9}" }
        let hashes = try passwords.map { try generatePasswordHash($0, method: .scrypt(n: 4096, r: 8, p: 1)) }
        let results = ResultBox(count: passwords.count * 2)
        DispatchQueue.concurrentPerform(iterations: passwords.count * 2) { i in
            let k = i % passwords.count
            let good = checkPasswordHash(hashes[k], password: passwords[k])
            let bad = checkPasswordHash(hashes[k], password: passwords[(k + 1) % passwords.count])
            results.set(i, good && !bad)
        }
        #expect(results.all)
    }

    /// scrypt's 32 MiB is released after each call: RSS does not grow with the calls.
    @Test func scryptMemoryIsReleased() throws {
        let hash = try generatePasswordHash("rss")
        _ = checkPasswordHash(hash, password: "rss")
        let before = Self.residentBytes()
        for _ in 0..<8 { _ = checkPasswordHash(hash, password: "rss") }
        let growth = Self.residentBytes() - before
        // A leak would add 8 x 32 MiB; other tests running meanwhile may add a little.
        #expect(growth < 96 << 20, "RSS grew by \(growth >> 20) MiB over 8 checks")
    }

    /// VmRSS from /proc/self/status, in bytes.
    static func residentBytes() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmRSS:") { return (Int(text.filter(\.isNumber)) ?? 0) * 1024 }
        }
        return 0
    }
}

/// Booleans written by many threads, read after they finish (guarded by a lock).
final class ResultBox: Sendable {
    private let values: Locked<[Bool]>
    init(count: Int) { values = Locked([Bool](repeating: false, count: count)) }
    func set(_ index: Int, _ value: Bool) { values.withLock { $0[index] = value } }
    var all: Bool { values.withLock { $0.allSatisfy { $0 } } }
}
