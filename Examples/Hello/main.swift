// Hello: the seed page served by Werk's own server, the Swift spelling of
// `make_server('', 8000, application).serve_forever()`.
//
//     swift run hello                          # then: curl http://127.0.0.1:8000/
//     swift run hello 8080                     # another port, as the seed takes it
//     swift run hello --host 0.0.0.0 --port 8080
//     swift run hello --unix-socket /tmp/hello.sock --unix-socket-mode 660
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkServer

do {
    var arguments = try ServerArguments.parse(CommandLine.arguments.dropFirst())
    // The seed listens on every interface (make_server('', 8000, ...)); --host narrows it.
    if !CommandLine.arguments.contains(where: { $0 == "--host" || $0.hasPrefix("--host=") }) { arguments.host = "" }
    if let port = arguments.positional.first {
        guard arguments.positional.count == 1, let number = Int(port), (0...65535).contains(number) else {
            throw ServerArgumentsError(message: "hello takes one port number, not \(arguments.positional.joined(separator: " "))")
        }
        arguments.port = number
    }
    // Sockets from systemd socket activation win over the command line's addresses.
    let systemd = ListenAddress.systemdSockets()
    let server = try makeServer(listeningOn: systemd.isEmpty ? arguments.addresses : systemd, app: helloApp, options: arguments.options())
    try server.serveForever()
} catch {
    StandardError.shared.write("hello: \(error)\n")
    exit(2)
}
