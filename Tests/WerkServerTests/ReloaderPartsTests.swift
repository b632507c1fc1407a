import Testing
import Werk
import WerkTesting
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// The reloader's pure parts (watch rules, compiler output, crash reports, pages) and its two
/// watchers on a real temporary folder.
@Suite struct ReloaderPartsTests {
    static let rules = WatchRules(root: "/src/app/", extraFiles: ["/etc/app.conf", "/src/app/config"], exclude: ["scratch", "*.tmp.swift"])

    @Test(arguments: [
        ("/src/app/Sources/app/main.swift", WatchRules.Change.code),
        ("/src/app/Package.swift", .code),
        ("/src/app/Package.resolved", .code),
        ("/src/app/Sources/CShim/shim.c", .code),
        ("/src/app/Sources/CShim/include/shim.h", .code),
        ("/src/app/templates/index.html", .content),
        ("/src/app/static/site.css", .content),
        ("/src/app/data/message.txt", .content),
        ("/etc/app.conf", .restart),
        ("/src/app/config/settings.json", .restart),
        ("/src/app/.build/debug/app", nil),
        ("/src/app/.git/HEAD", nil),
        ("/src/app/Sources/.hidden.swift", nil),
        ("/src/app/scratch/notes.swift", nil),
        ("/src/app/Sources/app/gen.tmp.swift", nil),
        ("/src/app/static/node_modules/lib/index.js", nil),
        ("/src/app/tools/__pycache__/gen.cpython-311.pyc", nil),
        ("/src/app/Sources/app/main.swift.swp", nil),
        ("/src/app/templates/index.html~", nil),
        ("/src/app/static/my_node_modules.txt", .content),
        ("/elsewhere/main.swift", nil),
    ] as [(String, WatchRules.Change?)])
    func classify(path: String, change: WatchRules.Change?) {
        #expect(Self.rules.classify(path) == change)
    }

    @Test func foldersLeftOutAreNotWalked() {
        #expect(Self.rules.skipsFolder("/src/app/.build"))
        #expect(Self.rules.skipsFolder("/src/app/scratch"))
        #expect(Self.rules.skipsFolder("/src/app/web/node_modules"))
        #expect(!Self.rules.skipsFolder("/src/app/Sources"))
        #expect(!Self.rules.skipsFolder("/src/app"))
        #expect(Self.rules.skipsFolder("/elsewhere"))
    }

    static let buildOutput = """
    [3/6] Compiling app main.swift
    /tmp/pkg/Sources/app/main.swift:4:68: error: cannot find 'undefinedThing' in scope
    2 | import WerkServer
    /tmp/pkg/Sources/app/main.swift:7:5: warning: variable 'x' was never used
    /tmp/my:odd/path.swift:12:1: error: expected expression
    /tmp/pkg/Sources/app/main.swift:4:68: error: cannot find 'undefinedThing' in scope
    error: fatalError
    """

    @Test func compilerErrorsAreParsedOnceEachInOrder() {
        let found = CompilerDiagnostic.parse(Self.buildOutput, readSource: false)
        #expect(found.map(\.file) == ["/tmp/pkg/Sources/app/main.swift", "/tmp/pkg/Sources/app/main.swift", "/tmp/my:odd/path.swift"])
        #expect(found.map(\.severity) == ["error", "warning", "error"])
        #expect(found[0].line == 4 && found[0].column == 68 && found[0].message == "cannot find 'undefinedThing' in scope")
        #expect(found[2].line == 12 && found[2].column == 1)
    }

    @Test func theMarkerSitsUnderTheColumn() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.swift", "let a = 1\n\tlet b = c\n")
        let found = CompilerDiagnostic.parse("\(folder.path)/main.swift:2:10: error: cannot find 'c' in scope\n")
        #expect(found.first?.sourceLine == "\tlet b = c")
        #expect(found.first?.marker == "\t        ^")
        #expect(found.first?.text.hasSuffix("\tlet b = c\n    \t        ^\n") == true)
    }

    /// Build output naming a file that is no source (`/etc/passwd:1:1:`) lists the message but
    /// never reads the file onto the page.
    @Test func onlySourceFilesAreRead() throws {
        let folder = try TemporaryFolder()
        try folder.write("secret.txt", "password=hunter2\n")
        try folder.write("main.swift", "let a = b\n")
        let found = CompilerDiagnostic.parse("\(folder.path)/secret.txt:1:1: error: leaked\n\(folder.path)/main.swift:1:9: error: no b\n")
        #expect(found.count == 2)
        #expect(found.first?.sourceLine == nil)
        #expect(found.last?.sourceLine == "let a = b")
    }

    static let crashOutput = """
    127.0.0.1 - - [30/Nov/2026:03:37:15 +0000] "GET / HTTP/1.1" 200 2 1.0ms
    Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range

    *** Signal 4: Backtracing from 0x7f9cc876df7f... done ***

    💣 Program crashed: Illegal instruction at 0x00007f9cc876df7f

    Thread 2 crashed:

      0 0x00007f9cc876df7f closure #1 in app at /tmp/pkg/Sources/app/main.swift:6:44

    """

    @Test func crashReportsStartAtTheFatalError() {
        let report = CrashReport(output: Self.crashOutput, status: 128 + SIGILL)
        #expect(report.summary == "was killed by signal 4 (SIGILL)")
        #expect(report.fatalError == "Fatal error: Index out of range")
        #expect(report.report.hasPrefix("Swift/ContiguousArrayBuffer.swift:692: Fatal error"))
        #expect(report.report.hasSuffix("main.swift:6:44"))
        #expect(!report.report.contains("GET /"))
    }

    @Test func anExitWithoutAReportShowsTheLastLines() {
        let report = CrashReport(output: "starting\nno database at /var/db\n", status: 1)
        #expect(report.summary == "exited with status 1" && report.fatalError == nil)
        #expect(report.report == "starting\nno database at /var/db")
    }

    @Test func supervisorPagesEscapeAndHideDetailsWithoutDebug() throws {
        let diagnostic = CompilerDiagnostic(file: "/p/a.swift", line: 1, column: 9, severity: "error",
                                            message: "cannot find '<x>' in scope", sourceLine: "let a = <x>")
        let page = SupervisorPage.compileErrors(product: "app", diagnostics: [diagnostic], output: "")
        let request = Request(try EnvironBuilder(path: "/").makeEnviron())
        let detailed = page.response(for: request, detailed: true, liveToken: "e1")
        #expect(detailed.status == Status.internalServerError)
        let html = try detailed.text
        #expect(html.contains("/p/a.swift:1:9") && html.contains("&lt;x&gt;") && !html.contains("<x>"))
        #expect(html.contains("        ^</span>") && html.contains("werk live reload"))
        let plain = try page.response(for: request, detailed: false, liveToken: nil).text
        #expect(!plain.contains("a.swift") && plain.contains("terminal"))
        let rebuilding = SupervisorPage.rebuilding(product: "app").response(for: request, detailed: true, liveToken: nil)
        #expect(rebuilding.status == Status.serviceUnavailable && rebuilding.headers["Retry-After"] == "2")
    }

    @Test(arguments: [ReloaderKind.inotify, .stat])
    func watchersSeeCodeAndSkipLeftOutPaths(kind: ReloaderKind) throws {
        let folder = try TemporaryFolder()
        try folder.write("Sources/main.swift", "let a = 1\n")
        try folder.write("scratch/x.swift", "")
        try folder.write(".build/out.swift", "")
        let rules = WatchRules(root: folder.path, exclude: ["scratch"])
        let watcher = try makeWatcher(kind, rules: rules, interval: .milliseconds(50)) { _ in }
        usleep(20_000)  // a new mtime for the stat watcher, whose clock is the file system's
        try folder.write("scratch/x.swift", "changed")
        try folder.write(".build/out.swift", "changed")
        try folder.write("Sources/main.swift", "let a = 2\n")
        try folder.write("Sources/New/new.swift", "let b = 1\n")
        var seen = Set<String>()
        for _ in 0..<100 where !seen.contains(folder.path + "/Sources/New/new.swift") {
            seen.formUnion(watcher.changes(timeoutMillis: 50))
        }
        #expect(seen.contains(folder.path + "/Sources/main.swift"))
        #expect(seen.contains(folder.path + "/Sources/New/new.swift"))
        #expect(!seen.contains { $0.contains("scratch") || $0.contains(".build") })
    }

    @Test func aWatchInotifyRefusesFallsBackToPollingOnce() throws {
        // A folder inotify cannot watch (a name longer than PATH_MAX: ENAMETOOLONG) fails the
        // inotify watcher after it opened its descriptor and buffer: they are let go once (a
        // double close could take another thread's socket, a double free aborts), and `.auto`
        // says why it polls.
        let folder = try TemporaryFolder()
        let tooLong = "/" + String(repeating: "x/", count: 2_100) + "app.conf"
        let rules = WatchRules(root: folder.path, extraFiles: [tooLong])
        var said: [String] = []
        let watcher = try makeWatcher(.auto, rules: rules, interval: .milliseconds(50)) { said.append($0) }
        #expect(watcher.kind.hasPrefix("polling"))
        #expect(said.count == 1 && said[0].contains("cannot watch") && said[0].contains("falling back to polling"), "\(said)")
        #expect(throws: WatcherError.self) { try makeWatcher(.inotify, rules: rules, interval: .milliseconds(50)) { _ in } }
    }
}

/// A folder under /tmp removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/werk-reloader-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ReloaderError("mkdtemp failed") }
        path = String(cString: made)
    }

    deinit { _ = system("rm -rf '\(path)'") }

    /// Writes `text` to `name` (folders made as needed).
    func write(_ name: String, _ text: String) throws {
        let full = path + "/" + name
        var folder = ""
        for component in full.split(separator: "/").dropLast() {
            folder += "/" + component
            mkdir(folder, 0o755)
        }
        guard let file = fopen(full, "w") else { throw ReloaderError("cannot write \(full)") }
        fputs(text, file)
        fclose(file)
    }
}
