// werk: Werk's command-line tool.
//
//     werk serve [DIR] [--host H] [--port P] [--threads N] [--workers N] [--no-access-log]
//     werk run PRODUCT [--package-path DIR] [--release] [--host H] [--port P] [-- APP ARGUMENTS]
//     werk render TEMPLATE --templates DIR [--context FILE.json] [--strict]
//     werk version
//     werk help
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkMiddleware
import WerkServer

/// The version this tool reports.
let werkVersion = "0.1.0-dev"

let usage = """
    usage: werk COMMAND [ARGUMENTS]

    commands:
      serve [DIR]   serve the files of DIR (default: the current folder) over HTTP, with
                    folder listings, validators and ranges: Werk's `python -m http.server`
      run PRODUCT   build and serve a package's executable product (one that calls
                    runSimple), rebuilding and restarting it when its sources change
      render TEMPLATE
                    render a Jinja template of DIR to standard output; on an error, print
                    TEMPLATE:LINE:COLUMN: message to standard error and exit 1
      version       print the version
      help          print this help

    serve options: --host H (default 127.0.0.1) --port P (default 8000) --threads N
                   --workers N --no-access-log
    run options:   --package-path DIR (default .) --release --host H --port P (default 5000);
                   arguments after -- go to the app
    render options: --templates DIR (default .) --context FILE.json (a JSON object of variables)
                   --strict (an undefined variable is an error)

    """

func serve(_ arguments: ArraySlice<String>) throws {
    let parsed = try ServerArguments.parse(arguments)
    guard parsed.positional.count <= 1 else { throw ServerArgumentsError.tooManyFolders }
    let folder = parsed.positional.first ?? "."
    guard let info = try? FileInfo(path: folder), info.isDirectory else {
        StandardError.shared.write("werk serve: \(folder) is not a folder\n")
        exit(2)
    }
    let app = stack(sharedData(["/": folder], maxAge: nil), app: DirectoryIndex(root: folder))
    StandardError.shared.write("Serving \(folder)\n")
    try runSimple(host: parsed.host, port: parsed.port, app: app, options: parsed.options())
}

func run(_ arguments: ArraySlice<String>) throws {
    var own = Array(arguments)
    var appArguments: [String] = []
    if let dash = own.firstIndex(of: "--") {
        appArguments = Array(own[(dash + 1)...])
        own = Array(own[..<dash])
    }
    var packagePath = "."
    var release = false
    var rest: [String] = []
    var index = 0
    while index < own.count {
        switch own[index] {
        case "--package-path":
            guard index + 1 < own.count else { throw ServerArgumentsError(message: "--package-path needs a folder") }
            packagePath = own[index + 1]
            index += 1
        case "--release": release = true
        default: rest.append(own[index])
        }
        index += 1
    }
    var parsed = try ServerArguments.parse(rest)
    if !rest.contains(where: { $0 == "--port" || $0.hasPrefix("--port=") }) { parsed.port = 5000 }
    guard parsed.positional.count == 1 else { throw ServerArgumentsError(message: "run takes one product name") }
    var reloader = Reloader(product: parsed.positional[0])
    reloader.packagePath = packagePath
    reloader.host = parsed.host
    reloader.port = parsed.port
    reloader.arguments = appArguments
    if release { reloader.buildArguments = ["-c", "release"] }
    try reloader.run()
}

extension ServerArgumentsError {
    /// `werk serve` takes one folder.
    static var tooManyFolders: ServerArgumentsError { ServerArgumentsError(message: "serve takes one folder") }
}

let arguments = CommandLine.arguments.dropFirst()
do {
    switch arguments.first {
    case "serve": try serve(arguments.dropFirst())
    case "run": try run(arguments.dropFirst())
    case "render": exit(render(arguments.dropFirst()))
    case "version", "--version": print("werk \(werkVersion)")
    case "help", "--help", "-h", nil: print(usage, terminator: "")
    default:
        StandardError.shared.write("werk: unknown command \(arguments.first!)\n\n" + usage)
        exit(2)
    }
} catch {
    StandardError.shared.write("werk: \(error)\n")
    exit(2)
}
