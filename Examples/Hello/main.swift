// Hello: the seed page served by Werk's own server, the Swift spelling of
// `make_server('', 8000, application).serve_forever()`.
//
//     swift run hello            # then: curl http://127.0.0.1:8000/
//     swift run hello 8080       # another port
import Werk
import WerkServer

let application = AppFunction { environ, startResponse in
    try startResponse(.ok, Headers([("Content-Type", "text/html; charset=utf-8")]))
    return Body("<!doctype html>\n<title>Hello from Werk</title>\n<h1>Hello, World!</h1>\n<p>Served by Werk at \(environ.pathInfo)</p>\n")
}

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8000
let server = try makeServer(host: "", port: port, app: application)
try server.serveForever()
