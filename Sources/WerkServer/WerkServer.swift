// WerkServer: Werk's HTTP/1.1 server (the counterpart of wsgiref.simple_server and
// Werkzeug's serving module). Entry points: `makeServer` + `serveForever`, and `runSimple`.
import Werk

/// A server for `app` on `host`:`port`, bound and ready; call `serveForever()` to serve.
///
/// `host` is `""` (every address), `0.0.0.0`, `::`, an address or a host name; port 0 picks
/// a free port (read it back from `server.port`). The seed, in Swift:
///
///     let server = try makeServer(host: "", port: 8000, app: application)
///     try server.serveForever()
public func makeServer(host: String = "", port: Int = 8000, app: any Application,
                       options: ServerOptions = ServerOptions()) throws -> HTTPServer {
    try HTTPServer(listeningOn: [.tcp(host: host, port: port)], app: app, options: options)
}

/// A server for `app` on the Unix domain socket at `path`.
public func makeServer(unixSocket path: String, app: any Application, options: ServerOptions = ServerOptions()) throws -> HTTPServer {
    try HTTPServer(listeningOn: [.unix(path: path)], app: app, options: options)
}

/// A server for `app` on an already listening socket inherited from a parent process
/// (the reloader, or systemd-style socket activation).
public func makeServer(fileDescriptor fd: Int32, app: any Application, options: ServerOptions = ServerOptions()) throws -> HTTPServer {
    try HTTPServer(listeningOn: [.fileDescriptor(fd)], app: app, options: options)
}

/// A server for `app` on every address in `addresses` (TCP, Unix sockets, inherited
/// descriptors such as systemd's), bound and ready.
///
///     let arguments = try ServerArguments.parse(CommandLine.arguments.dropFirst())
///     let systemd = ListenAddress.systemdSockets()
///     let server = try makeServer(listeningOn: systemd.isEmpty ? arguments.addresses : systemd, app: app)
public func makeServer(listeningOn addresses: [ListenAddress], app: any Application, options: ServerOptions = ServerOptions()) throws -> HTTPServer {
    try HTTPServer(listeningOn: addresses, app: app, options: options)
}
