import WerkServer

/// The options of `werk run`, parsed into a `Reloader`:
///
///     werk run PRODUCT [--package-path DIR] [--release] [--host H] [--port P]
///                      [--no-debug] [--debug-allow-remote] [--no-live-reload]
///                      [--reloader auto|inotify|stat] [--extra-files F[:F...]] [--exclude PATTERN]...
///                      [--rebuild-wait SECONDS] [-- APP ARGUMENTS]
enum RunArguments {
    /// The usage lines for `werk help`.
    static let usage = """
        run options:   --package-path DIR (default .) --release --host H --port P (default 5000)
                       --no-debug            no debugger page, compile errors or crash reports in the browser
                       --debug-allow-remote  let debug mode listen beyond loopback (others could read your data)
                       --no-live-reload      HTML pages do not reload themselves after a new build
                       --reloader KIND       auto (inotify, else polling), inotify or stat (polling)
                       --extra-files F:G     files whose change restarts the app (no rebuild)
                       --exclude PATTERN     leave matching paths unwatched (fnmatch; repeatable); hidden
                                             folders, node_modules, __pycache__ and *.swp/*~ never are
                       --rebuild-wait S      seconds requests wait for a build before a "rebuilding" page (15)
                       arguments after -- go to the app
        """

    /// The reloader for `arguments` (after `run`).
    static func parse(_ arguments: ArraySlice<String>) throws -> Reloader {
        var own = Array(arguments)
        var appArguments: [String] = []
        if let dash = own.firstIndex(of: "--") {
            appArguments = Array(own[(dash + 1)...])
            own = Array(own[..<dash])
        }
        var settings = Reloader(product: "")
        var rest: [String] = []
        var index = 0
        func value(_ option: String) throws -> String {
            guard index + 1 < own.count else { throw ServerArgumentsError(message: "\(option) needs a value") }
            index += 1
            return own[index]
        }
        while index < own.count {
            switch own[index] {
            case "--package-path": settings.packagePath = try value("--package-path")
            case "--release": settings.buildArguments = ["-c", "release"]
            case "--no-debug": settings.debug = false
            case "--debug-allow-remote": settings.debugAllowRemote = true
            case "--no-live-reload": settings.liveReload = false
            case "--reloader":
                let kind = try value("--reloader")
                guard let parsed = ReloaderKind(rawValue: kind) else {
                    throw ServerArgumentsError(message: "--reloader takes auto, inotify or stat, not \(String(reflecting: kind))")
                }
                settings.reloaderKind = parsed
            case "--extra-files": settings.extraFiles += try value("--extra-files").split(separator: ":").map(String.init)
            case "--exclude": settings.exclude += try value("--exclude").split(separator: ":").map(String.init)
            case "--rebuild-wait":
                let text = try value("--rebuild-wait")
                guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
                    throw ServerArgumentsError(message: "--rebuild-wait takes seconds, not \(String(reflecting: text))")
                }
                settings.rebuildWait = .milliseconds(Int64(seconds * 1000))
            default: rest.append(own[index])
            }
            index += 1
        }
        let parsed = try ServerArguments.parse(rest)
        guard parsed.positional.count == 1 else { throw ServerArgumentsError(message: "run takes one product name") }
        settings.product = parsed.positional[0]
        settings.host = parsed.host
        settings.port = rest.contains { $0 == "--port" || $0.hasPrefix("--port=") } ? parsed.port : 5000
        settings.arguments = appArguments
        return settings
    }
}
