// Hello: the seed page served by Werk's own server, the Swift spelling of
// `make_server('', 8000, application).serve_forever()`.
//
//     swift run hello            # then: curl http://127.0.0.1:8000/
//     swift run hello 8080       # another port
import Werk
import WerkServer

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8000
let server = try makeServer(host: "", port: port, app: helloApp)
try server.serveForever()
