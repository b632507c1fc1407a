import Foundation
import Testing
import Werk

/// Password hashes cross the border both ways: Werkzeug's verify in Werk (committed fixtures
/// from Tests/fixtures/make_werkzeug_hashes.py) and Werk's verify in Werkzeug (Python run here).
@Suite("Werkzeug password-hash compatibility")
struct WerkzeugCompatibilityTests {
    struct Fixture: Decodable, Sendable, CustomTestStringConvertible {
        var method: String
        var password: String
        var hash: String
        var testDescription: String { "\(method) \(String(reflecting: password).prefix(24))" }
    }

    struct FixtureFile: Decodable {
        var werkzeug: String
        var cases: [Fixture]
    }

    /// `Tests/fixtures` (this file is `Tests/WerkTests/Crypto/WerkzeugCompatibilityTests.swift`).
    static let fixturesDirectory: String = {
        var path = "\(#filePath)"
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/fixtures"
    }()

    static let fixtures: [Fixture] = {
        let url = URL(fileURLWithPath: fixturesDirectory + "/werkzeug-password-hashes.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(FixtureFile.self, from: data) else {
            return []
        }
        return file.cases
    }()

    @Test func fixturesAreThere() {
        #expect(Self.fixtures.count >= 20, "missing or unreadable \(Self.fixturesDirectory)/werkzeug-password-hashes.json")
        #expect(Set(Self.fixtures.map { $0.hash.prefix(6) }) == ["scrypt", "pbkdf2"])
    }

    @Test(arguments: WerkzeugCompatibilityTests.fixtures)
    func werkzeugHashesVerifyInWerk(fixture: Fixture) {
        #expect(checkPasswordHash(fixture.hash, password: fixture.password))
        #expect(!checkPasswordHash(fixture.hash, password: fixture.password + "x"))
    }

    /// Werk's hashes (both methods, several passwords including empty and non-ASCII) checked by
    /// `werkzeug.security.check_password_hash`. Python 3 with Werkzeug must be installed
    /// (`.ci/run` installs it): without them this test fails, it is not skipped.
    @Test func werkHashesVerifyInWerkzeug() throws {
        let passwords = ["", "password", "p\u{00e4}ssw\u{00f6}rd", "\u{5bc6}\u{7801}\u{1F511}", "with $ dollar", String(repeating: "long", count: 40)]
        // Every password with the cheap parameters; two with Werkzeug's (slow) defaults.
        let plan: [(PasswordHashMethod, [String])] = [
            (.scrypt(n: 1024, r: 4, p: 2), passwords), (.pbkdf2(iterations: 1000), passwords),
            (.scrypt(), [passwords[0], passwords[3]]), (.pbkdf2(), [passwords[1], passwords[2]]),
        ]
        var cases: [[String: String]] = []
        for (method, chosen) in plan {
            for password in chosen {
                let hash = try generatePasswordHash(password, method: method)
                cases.append(["password": password, "hash": hash, "wrong": password + "!"])
            }
        }
        let script = """
            import json, sys
            try:
                from werkzeug.security import check_password_hash
            except ImportError as error:
                print("werkzeug is not installed: %s (python3 -m pip install werkzeug)" % error, file=sys.stderr)
                sys.exit(3)
            cases = json.load(sys.stdin)
            print(json.dumps([[check_password_hash(c["hash"], c["password"]), check_password_hash(c["hash"], c["wrong"])] for c in cases]))
            """
        let input = try JSONSerialization.data(withJSONObject: cases)
        let output = try Self.runPython(script, input: input)
        let results = try JSONDecoder().decode([[Bool]].self, from: output)
        try #require(results.count == cases.count)
        for (result, checked) in zip(results, cases) {
            #expect(result == [true, false], "Werkzeug on \(checked["hash"] ?? "")")
        }
    }

    /// Runs `python3 -c script` with `input` on stdin; its stdout. Fails with a clear message
    /// when Python is missing or the script fails.
    static func runPython(_ script: String, input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw CompatibilityError("python3 could not be started (\(error)); install Python 3 and Werkzeug")
        }
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CompatibilityError("python3 exited with \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        return out
    }

    struct CompatibilityError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
