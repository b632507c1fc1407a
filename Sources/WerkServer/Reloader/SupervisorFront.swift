import Werk
#if canImport(Glibc)
import Glibc
#endif

/// The supervisor's own server on the app's listening socket: `werk run` starts it when no
/// build of the app serves (a failed build, a crash, a build past the wait bound) and stops it
/// when the app serves again. Both accept from the one socket, so a swap refuses nothing:
/// connections that arrive while neither accepts wait in the socket's backlog.
final class SupervisorFront: Sendable {
    private struct State: Sendable {
        var page: SupervisorPage?
        var server: HTTPServer?
        var thread: pthread_t?
        var crashPagesServed = 0
    }
    private let state = Locked(State())
    /// Held live-reload polls of the pages it served.
    let channel = LiveReloadChannel(token: "front")
    private let listenFD: Int32
    private let detailed: Bool
    private let liveReload: Bool

    /// A front for the socket `listenFD`; `detailed` shows compiler errors and crash reports
    /// (debug mode), `liveReload` adds the script to its pages.
    init(listenFD: Int32, detailed: Bool, liveReload: Bool) {
        self.listenFD = listenFD
        self.detailed = detailed
        self.liveReload = liveReload
    }

    /// True while it accepts.
    var isServing: Bool { state.withLock { $0.server != nil } }

    /// How many crash pages it answered since the last `show`.
    var crashPagesServed: Int { state.withLock { $0.crashPagesServed } }

    /// Answers every request with `page` from now on (starting to accept if it was not);
    /// pages served before reload when their live-reload poll sees `token`.
    func show(_ page: SupervisorPage, token: String) throws {
        let running = state.withLock { state -> Bool in
            state.page = page
            state.crashPagesServed = 0
            return state.server != nil
        }
        channel.publish(token)
        guard !running else { return }
        // A duplicate of the socket: the server closes its copy when it stops.
        let fd = dup(listenFD)
        guard fd >= 0 else { throw ReloaderError("dup: \(String(cString: strerror(errno)))") }
        var options = ServerOptions()
        options.banner = false
        options.threads = 16
        options.shutdownGracePeriod = .seconds(5)
        let server = try makeServer(fileDescriptor: fd, app: AppFunction { [self] environ, startResponse in
            try self.serve(&environ, startResponse)
        }, options: options)
        let thread = try startThread(stackSize: 512 * 1024) { try? server.serveForever() }
        state.withLock {
            $0.server = server
            $0.thread = thread
        }
    }

    /// Stops accepting and waits for the requests it is answering (held polls are released).
    func stop() {
        guard let (server, thread) = state.withLock({ state -> (HTTPServer, pthread_t?)? in
            guard let server = state.server else { return nil }
            defer { state.server = nil; state.thread = nil }
            return (server, state.thread)
        }) else { return }
        channel.close()
        server.shutdown()
        if let thread { joinThread(thread) }
    }

    private func serve(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
        let request = Request(environ)
        if environ.pathInfo == LiveReload.path { return try channel.respond(to: request)(&environ, startResponse) }
        let page = state.withLock { state -> SupervisorPage? in
            if case .crash = state.page { state.crashPagesServed += 1 }
            return state.page
        }
        guard let page else { return try Response("starting", status: .serviceUnavailable)(&environ, startResponse) }
        return try page.response(for: request, detailed: detailed, liveToken: liveReload ? channel.token : nil)(&environ, startResponse)
    }
}
