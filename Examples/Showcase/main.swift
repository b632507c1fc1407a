// Showcase: the reference app of shared/conformance/CONTRACT.md on Werk's dev server.
//
//     swift run showcase --port 8000 [--static DIR] [--secret KEY]
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkMiddleware
import WerkServer

do {
    let arguments = try ServerArguments.parse(CommandLine.arguments.dropFirst())
    // Without --secret the sessions are signed with a key made at startup (they end with the process).
    let secret = arguments.secret ?? SecureRandom.hex(32)
    var middleware: [Middleware] = [try sessions(secret: secret)]
    if let folder = arguments.staticFolder { middleware.append(sharedData(["/static": folder])) }
    let app = stack(middleware, app: try Showcase.makeApp())
    try runSimple(host: arguments.host, port: arguments.port, app: app, options: arguments.options())
} catch {
    StandardError.shared.write("showcase: \(error)\n")
    exit(2)
}
