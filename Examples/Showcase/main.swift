// Showcase: the reference app of shared/conformance/CONTRACT.md on Werk's dev server.
//
//     swift run showcase --port 8000 [--static DIR] [--secret KEY]
//     swift run showcase --unix-socket /run/werk/1.sock --workers 2 --proxy-fix 1 --redis unix:/run/redis.sock --health
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkMiddleware
import WerkServer

do {
    let own = try ShowcaseOptions.parse(Array(CommandLine.arguments.dropFirst()))
    let arguments = try ServerArguments.parse(own.rest)
    // Without --secret the sessions are signed with a key made at startup (they end with the process).
    let secret = arguments.secret ?? SecureRandom.hex(32)
    var middleware: [Middleware] = [try sessions(secret: secret, store: try own.sessionStore())]
    if let folder = arguments.staticFolder { middleware.append(sharedData(["/static": folder])) }
    let options = arguments.options()
    let app = own.wrap(stack(middleware, app: try Showcase.makeApp()), readiness: options.readiness)
    try runSimple(listeningOn: arguments.addresses, app: app, options: options)
} catch {
    StandardError.shared.write("showcase: \(error)\n")
    exit(2)
}
