// werk: Werk's command-line tool.
//
//     werk serve [DIR] [--host H] [--port P] [--threads N] [--workers N] [--no-access-log] [--dotfiles]
//     werk serve [PORT] [--bind H] [--directory DIR]   (python -m http.server's spelling)
//     werk run PRODUCT [--package-path DIR] [--release] [--host H] [--port P] [--no-debug]
//              [--debug-allow-remote] [--no-live-reload] [--reloader auto|inotify|stat]
//              [--extra-files F:G] [--exclude PATTERN] [--rebuild-wait S] [-- APP ARGUMENTS]
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
      run PRODUCT   the development loop: build and serve a package's executable product
                    (one that calls runSimple), rebuild and restart it when its code changes,
                    and show errors, compile errors and crashes in the browser (debug mode)
      render TEMPLATE
                    render a Jinja template of DIR to standard output; on an error, print
                    TEMPLATE:LINE:COLUMN: message to standard error and exit 1
      version       print the version
      help          print this help

    serve options: --host H or --bind H or -b H (default 127.0.0.1), --port P or a
                   port number as the argument (default 8000), --directory DIR or -d DIR
                   (or the folder as the argument), --threads N, --workers N,
                   --no-access-log, --dotfiles (serve names starting with a dot, such as
                   .env or .git, which answer 404 otherwise)
    render options: --templates DIR (default .) --context FILE.json (a JSON object of variables)
                   --strict (an undefined variable is an error)
    """ + "\n" + RunArguments.usage + "\n"

func serve(_ arguments: ArraySlice<String>) throws {
    let (folder, parsed, dotfiles) = try ServeArguments.parse(arguments)
    guard let info = try? FileInfo(path: folder), info.isDirectory else {
        StandardError.shared.write("werk serve: \(folder) is not a folder\n")
        exit(2)
    }
    // Files, index.html and listings all come from sharedData; what it leaves is 404 or 405.
    let files = StaticFiles.folder(folder, cacheControl: nil, listing: true, allowDotfiles: dotfiles)
    let app = stack(sharedData(["/": files]), app: Request.application { request in
        guard request.method == "GET" || request.method == "HEAD" else {
            throw HTTPError.methodNotAllowed(allowed: ["GET", "HEAD"])
        }
        throw HTTPError.notFound()
    })
    StandardError.shared.write("Serving \(folder)\n")
    try runSimple(host: parsed.host, port: parsed.port, app: app, options: parsed.options())
}

func run(_ arguments: ArraySlice<String>) throws {
    try RunArguments.parse(arguments).run()
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
