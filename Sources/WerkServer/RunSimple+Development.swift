import Werk
#if canImport(Glibc)
import Glibc
#endif

/// `runSimple`'s development switches, with what a `werk run` supervisor says in the
/// environment laid over them: `WERK_DEBUG` (0/1), `WERK_DEBUG_ALLOW_REMOTE` (0/1) and
/// `WERK_LIVE_RELOAD` (0/1); `WERK_RELOADER` marks a process the supervisor started. Only such a
/// process reads them: a `WERK_DEBUG=1` left in a shell must not turn the debugger on in
/// every program started from it (`werk serve`, a production binary).
struct DevelopmentMode: Sendable, Equatable {
    var debug: Bool
    var allowRemote: Bool
    var liveReload = true

    /// The call's values with the environment's overrides.
    init(debug: Bool, allowRemote: Bool, environment: [String: String] = DevelopmentMode.environment) {
        var environment = environment
        if environment["WERK_RELOADER"] == nil { environment = [:] }
        self.debug = environment["WERK_DEBUG"].map { $0 == "1" } ?? debug
        self.allowRemote = environment["WERK_DEBUG_ALLOW_REMOTE"].map { $0 == "1" } ?? allowRemote
        self.liveReload = environment["WERK_LIVE_RELOAD"].map { $0 == "1" } ?? true
    }

    /// True in an app process started by `werk run` (or `runSimple(reload: true)`).
    static var isSupervised: Bool { getenv("WERK_RELOADER") != nil }

    /// The development variables of this process's environment.
    static var environment: [String: String] {
        var found: [String: String] = [:]
        for name in ["WERK_RELOADER", "WERK_DEBUG", "WERK_DEBUG_ALLOW_REMOTE", "WERK_LIVE_RELOAD"] {
            if let value = getenv(name) { found[name] = String(cString: value) }
        }
        return found
    }

    /// `app` behind the debugger in debug mode, else as it is.
    func wrap(_ app: any Application) -> any Application {
        debug ? DebuggedApplication(app, liveReload: liveReload) : app
    }

    /// In debug mode: refuses, before binding, a TCP host beyond loopback unless allowed.
    func check(_ addresses: [ListenAddress]) throws {
        if debug { try DebugBinding.check(listeningOn: addresses, allowRemote: allowRemote) }
    }

    /// In debug mode: refuses (closing the listeners) an address beyond loopback unless
    /// allowed, and says that debug mode is on.
    func check(_ server: HTTPServer) throws {
        guard debug else { return }
        do { try DebugBinding.check(server.addresses, allowRemote: allowRemote) } catch {
            server.closeListeners()
            throw error
        }
        if !DevelopmentMode.isSupervised {
            StandardError.shared.write("Debug mode is on: errors show the debugger page. Never use it where others can reach the server.\n")
        }
    }
}

extension Reloader {
    /// A reloader for the executable running now, as `runSimple(reload: true)` needs it: the
    /// product is the executable's name, the package is the nearest folder above it holding
    /// `Package.swift`, the configuration the build folder it sits in, and the arguments this
    /// process's own.
    static func forRunningExecutable(host: String, port: Int, development: DevelopmentMode) throws -> Reloader {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw ReloaderError("reload: cannot find this executable (/proc/self/exe)") }
        let executable = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let components = executable.split(separator: "/").map(String.init)
        var folder = components.dropLast()
        while !folder.isEmpty && (try? FileInfo(path: "/" + folder.joined(separator: "/") + "/Package.swift")) == nil {
            folder = folder.dropLast()
        }
        guard !folder.isEmpty else {
            throw ReloaderError("reload: no Package.swift above \(executable); start the app with `swift run` in its package, or use `werk run`")
        }
        var reloader = Reloader(product: components.last ?? "")
        reloader.packagePath = "/" + folder.joined(separator: "/")
        reloader.executable = executable
        if components.contains("release") { reloader.buildArguments = ["-c", "release"] }
        reloader.host = host
        reloader.port = port
        reloader.arguments = Array(CommandLine.arguments.dropFirst())
        reloader.debug = development.debug
        reloader.debugAllowRemote = development.allowRemote
        return reloader
    }
}
