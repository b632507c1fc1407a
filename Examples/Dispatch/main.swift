// Dispatch: a hand-routed app on Werk's dev server, the Swift twin of a WSGI app that
// dispatches on environ['REQUEST_METHOD'] and environ['PATH_INFO'] without a framework.
//
//     swift run dispatch                      # http://127.0.0.1:8000/
//     swift run dispatch --host 0.0.0.0 --port 8080
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkServer

do {
    let arguments = try ServerArguments.parse(CommandLine.arguments.dropFirst())
    try runSimple(listeningOn: arguments.addresses, app: dispatchApp, options: arguments.options())
} catch {
    StandardError.shared.write("dispatch: \(error)\n")
    exit(2)
}
