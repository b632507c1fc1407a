// werk-bench-app: the peers' benchmark endpoints (shared/peers/README.md) on Werk.
//
//     werk-bench-app PORT STATIC_DIR
//
//   GET  /hello          -> 200 text/plain "Hello, World!"
//   POST /form           -> "hello, admin" for username=admin&password=password, else "bad"
//   GET  /static/NAME    -> the file NAME in STATIC_DIR, with Content-Length (sendfile)
// Access logging is off, as in every peer. WERK_LOOPS=N sets `activeThreads` (the number of
// event loops) for experiments; unset, the server's default (one per CPU) is measured.
// WERK_NO_YIELD=1 turns `yieldsBeforeSleep` off, to measure what it does.
// WERK_STALL_MS=N sets `stallThreshold` (`Benchmarks/instructions.sh`: under valgrind, which runs
// one thread at a time, a loop's thread often waits more than 10 ms for its turn).
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkServer

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let port = Int(arguments.first!) else {
    StandardError.shared.write("usage: werk-bench-app PORT STATIC_DIR\n")
    exit(2)
}
let staticFolder = arguments.last!
let staticPrefix = staticFolder + "/"

let app = Request.application { request in
    switch (request.method, request.path) {
    case ("GET", "/hello"), ("HEAD", "/hello"):
        return Response("Hello, World!")
    case ("POST", "/form"):
        let form = try request.form
        return Response(form["username"] == "admin" && form["password"] == "password" ? "hello, admin" : "bad")
    case (_, let path) where path.hasPrefix("/static/"):
        let name = Substring(path.utf8.dropFirst("/static/".utf8.count))
        // One plain file name: no folders, no dot segments.
        guard !name.isEmpty, name.utf8.firstIndex(of: UInt8(ascii: "/")) == nil, name.utf8.first != UInt8(ascii: ".") else {
            throw HTTPError.notFound()
        }
        guard var response = try? Response.file(staticPrefix + name) else { throw HTTPError.notFound() }
        response.makeConditional(request)
        return response
    default:
        throw HTTPError.notFound()
    }
}

var options = ServerOptions()
options.accessLog = false
options.banner = false
if let loops = getenv("WERK_LOOPS").flatMap({ Int(String(cString: $0)) }) { options.activeThreads = loops }
if getenv("WERK_NO_YIELD") != nil { options.yieldsBeforeSleep = false }
if let stall = getenv("WERK_STALL_MS").flatMap({ Int(String(cString: $0)) }) { options.stallThreshold = .milliseconds(stall) }
do {
    let server = try makeServer(host: "127.0.0.1", port: port, app: app, options: options)
    try server.serveForever()
} catch {
    StandardError.shared.write("werk-bench-app: \(error)\n")
    exit(1)
}
