import Testing
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// How the reloader tells that `swift build` left a changed source uncompiled, on a folder laid
/// out like SwiftPM's (`.build/debug/<Target>.build/output-file-map.json` and the outputs).
@Suite struct SkippedCompilesTests {
    /// Sets the modification time of `path` to `seconds` after an arbitrary start.
    static func age(_ path: String, _ seconds: Int) {
        var times = [timespec(tv_sec: 1_700_000_000 + seconds, tv_nsec: 0), timespec(tv_sec: 1_700_000_000 + seconds, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    /// A package with targets `app` and `tool`: each has one source and its four outputs, all
    /// written at second 10, and the build folder's output file maps naming them.
    static func package() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for target in ["app", "tool"] {
            let source = "\(folder.path)/Sources/\(target)/main.swift"
            let build = ".build/debug/\(target).build"
            try folder.write("Sources/\(target)/main.swift", "print(1)\n")
            var entries: [String] = []
            for (kind, file) in [("object", "main.swift.o"), ("dependencies", "main.d"), ("swift-dependencies", "main.swiftdeps"),
                                 ("diagnostics", "main.dia"), ("swiftmodule", "main~partial.swiftmodule")] {
                if kind != "swiftmodule" { try folder.write("\(build)/\(file)", "x") }   // the partial module is never written
                entries.append("\"\(kind)\": \"\(folder.path)/\(build)/\(file)\"")
            }
            try folder.write("\(build)/output-file-map.json",
                             "{\"\": {\"swift-dependencies\": \"\(folder.path)/\(build)/primary.swiftdeps\"}, \"\(source)\": {\(entries.joined(separator: ", "))}}")
            try folder.write("\(build)/primary.priors", "x")
            for file in ["main.swift.o", "main.d", "main.swiftdeps", "main.dia", "primary.priors", "output-file-map.json"] {
                age("\(folder.path)/\(build)/\(file)", 10)
            }
            age(source, 5)
        }
        return folder
    }

    @Test func aChangedSourceWithEveryOutputOlderWasSkipped() throws {
        let folder = try Self.package()
        let source = folder.path + "/Sources/app/main.swift"
        let before = SkippedCompiles.Snapshot(buildFolder: folder.path + "/.build/debug")
        Self.age(source, 20)                                               // the edit
        Self.age(folder.path + "/.build/debug/app.build/primary.priors", 21)  // the build emitted the module only
        let check = SkippedCompiles(buildFolder: folder.path + "/.build/debug", since: before)
        #expect(check.skipped([source]) == [source])
        check.forget([source])
        #expect(access(folder.path + "/.build/debug/app.build/main.swift.o", F_OK) != 0, "the object is removed")
        #expect(access(folder.path + "/.build/debug/app.build/main.d", F_OK) == 0, "nothing else is")
        #expect(access(source, F_OK) == 0)
    }

    @Test func aCompiledSourceIsNotSkipped() throws {
        let folder = try Self.package()
        let source = folder.path + "/Sources/app/main.swift"
        let before = SkippedCompiles.Snapshot(buildFolder: folder.path + "/.build/debug")
        Self.age(source, 20)
        // The compiler rewrote the diagnostics only (an identical object is left as it was).
        Self.age(folder.path + "/.build/debug/app.build/main.dia", 21)
        #expect(SkippedCompiles(buildFolder: folder.path + "/.build/debug", since: before).skipped([source]).isEmpty)
        // At the same instant as the source counts as compiled too (coarse file times).
        Self.age(folder.path + "/.build/debug/app.build/main.dia", 20)
        #expect(SkippedCompiles(buildFolder: folder.path + "/.build/debug", since: before).skipped([source]).isEmpty)
    }

    @Test func onlyTargetsTheBuildWorkedOnAreJudged() throws {
        let folder = try Self.package()
        let app = folder.path + "/Sources/app/main.swift", tool = folder.path + "/Sources/tool/main.swift"
        let before = SkippedCompiles.Snapshot(buildFolder: folder.path + "/.build/debug")
        Self.age(app, 20)
        Self.age(tool, 20)   // another product's source: this build never compiles it
        Self.age(folder.path + "/.build/debug/app.build/primary.priors", 21)
        let check = SkippedCompiles(buildFolder: folder.path + "/.build/debug", since: before)
        #expect(check.skipped([app, tool]) == [app])
        // Unknown files, files without outputs on disk and a build folder that is not there.
        #expect(check.skipped([folder.path + "/Sources/app/other.swift", folder.path + "/Package.swift"]).isEmpty)
        let none = SkippedCompiles(buildFolder: folder.path + "/.build/release", since: before)
        #expect(none.outputs.isEmpty && none.skipped([app]).isEmpty)
    }

    @Test func pathsAreComparedOnceResolved() throws {
        let folder = try Self.package()
        let source = folder.path + "/Sources/app/main.swift"
        Self.age(source, 20)
        let check = SkippedCompiles(outputs: [folder.path + "/Sources/app/../app/main.swift": [folder.path + "/.build/debug/app.build/main.swift.o"]])
        #expect(check.skipped([folder.path + "/Sources/./app/main.swift"]) == [folder.path + "/Sources/./app/main.swift"])
    }
}
