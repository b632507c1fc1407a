import Werk

/// Every limit, timeout and switch of the server, each with a sane default.
///
///     var options = ServerOptions()
///     options.threads = 16
///     options.headerTimeout = .seconds(5)
///     let server = try makeServer(host: "127.0.0.1", port: 8000, app: app, options: options)
public struct ServerOptions: Sendable {
    /// The most requests the application handles at once, per process. A request that finds
    /// them all busy waits in a bounded queue (`maxQueuedRequests`, `maxQueueWait`), then gets
    /// 503. Threads are made as blocking handlers need them. Default 64.
    public var threads: Int = 64
    /// How long a thread the pool made for a burst of blocking requests waits for more work
    /// before it exits, so the process returns to its idle thread count. Default 30 s.
    public var idleThreadTimeout: Duration = .seconds(30)
    /// Event loops: threads that wait for events and serve each ready request start to finish
    /// on the spot, so a fast request costs no hand-off. More than the cores only adds context
    /// switches. Default nil: the number of CPUs.
    public var activeThreads: Int? = nil
    /// How long an event loop's thread may be inside one request (a slow handler, a slow
    /// client) before another thread takes over its loop, so other connections never wait for
    /// it. A loop found stalled hands its requests to pool threads for a while (and for longer
    /// while those take longer than this too), so slow requests run side by side. Default 10 ms.
    public var stallThreshold: Duration = .milliseconds(10)
    /// Whether an event loop that just handled events lets the other threads ready on its CPU
    /// run, and looks for events once more, before it sleeps. Where the cores are shared with
    /// the clients (a proxy or a load generator on the same machine), a loop that sleeps after
    /// each request is woken for the next and preempts the thread that sent it; yielding lets
    /// that thread send more, and the loop serves them in one turn. A loop whose second looks
    /// keep finding nothing (a lone client waiting for each answer) stops yielding for a while
    /// by itself. Default true.
    public var yieldsBeforeSleep: Bool = true
    /// Processes for `runSimple` (prefork): more than 1 forks workers that share the listening
    /// socket; a worker that dies is replaced. Default 1 (no fork).
    public var processes: Int = 1
    /// The listen(2) backlog. Default 1024.
    public var backlog: Int = 1024
    /// The longest request line; longer gets 414 (RFC 9112 s3 asks for at least 8000). Default 16 KiB.
    public var maxRequestLineLength: Int = 16 * 1024
    /// The largest request head (request line and header fields); larger gets 431. Default 64 KiB.
    public var maxHeadSize: Int = 64 * 1024
    /// The most header lines in a request head; more gets 431. Default 100.
    public var maxHeaderCount: Int = 100
    /// The largest request body the server accepts: a larger declared Content-Length gets 413
    /// from the head alone, and a chunked body fails with a 413 `RequestBodyError` once it
    /// passes it. nil: no server limit (the application decides). Default 16 MiB.
    public var maxContentLength: Int? = 16 * 1024 * 1024
    /// How long a client may take to send a complete request head once it started one;
    /// then 408 and close. Default 10 s.
    public var headerTimeout: Duration = .seconds(10)
    /// How long an idle keep-alive connection (or a new one that sent nothing) is kept. Default 15 s.
    public var keepAliveTimeout: Duration = .seconds(15)
    /// How long a body read may wait for the next bytes; then the request fails (408 when
    /// nothing was sent yet) and the connection closes. See also `minimumDataRate`. Default 10 s.
    public var bodyTimeout: Duration = .seconds(10)
    /// How long a response write may wait for the client to take more bytes; then the
    /// connection is dropped. See also `minimumDataRate`. Default 30 s.
    public var writeTimeout: Duration = .seconds(30)
    /// The drain deadline: after SIGINT/SIGTERM or `shutdown()` (and for an old prefork worker
    /// after SIGHUP), how long in-flight requests may take to finish. `serveForever()` returns
    /// by then (a handler that outlives it is not waited for), later only while a lingering
    /// close is still under way (at most `lingerTimeout` more). Default 10 s.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// While draining, how long an idle keep-alive connection stays open for one more request
    /// (answered with `Connection: close`) before the server closes it. Closing an idle
    /// connection races with a client that sends a request on it at that moment; behind a
    /// proxy that pools connections (nginx `keepalive`), set this longer than the proxy's idle
    /// timeout for them (nginx `keepalive_timeout` in the `upstream` block), so the proxy
    /// closes them first and no request is ever sent on a connection the server is closing.
    /// Capped by `shutdownGracePeriod`. Default 0: idle connections close at once, or after a
    /// second in a prefork worker (its siblings take the clients up once they are told
    /// `Connection: close`, so a rolling restart loses no request sent at that moment).
    public var keepAliveDrainPeriod: Duration = .zero
    /// After the server closes its side, how long it keeps reading and discarding what the
    /// client still sends, so the response is not lost to a TCP reset. Default 2 s.
    public var lingerTimeout: Duration = .seconds(2)
    /// The most unread request body bytes the server reads and discards after a response to keep
    /// the connection; more (or an unanswered 100-continue) closes it instead. Default 1 MiB.
    public var maxDrainSize: Int = 1 << 20
    /// The most requests served on one connection; then `Connection: close`. Default nil (no limit).
    public var maxRequestsPerConnection: Int? = nil
    /// Writes one Common Log Format line (plus duration) per request to stderr. Default true.
    public var accessLog: Bool = true
    /// The `Server` header value added when the app sets none; nil sends none. Default `"Werk"`.
    public var serverHeader: String? = "Werk"
    /// The stack size of each worker thread in bytes; nil uses the system default.
    public var threadStackSize: Int? = nil
    /// Prints the startup banner (URLs) to stderr when serving starts. Default true.
    public var banner: Bool = true
    /// Request bodies up to this size are read by the event loop before the application is
    /// called, so a client that sends them slowly never holds a thread. Larger ones stream to
    /// the application (up to `maxStreamedBodies` at once). Default 64 KiB.
    public var maxBufferedBodySize: Int = 64 * 1024
    /// The most request bodies larger than `maxBufferedBodySize` that stream to the application
    /// at once. Past it, the event loop first reads a body into an unlinked temporary file (in
    /// `TMPDIR`, else `/tmp`) and calls the application once it is all there, so clients that
    /// send large bodies slowly hold files, never every thread; such a request's
    /// `Expect: 100-continue` is answered by the server. 0 spools every such body. Default nil:
    /// half of `threads` (at least 1).
    public var maxStreamedBodies: Int? = nil
    /// The most bytes that spooled request bodies hold at once, all connections together; a
    /// body that does not fit gets 503 with `Retry-After`. Default 256 MiB.
    public var maxSpooledBodyBytes: Int = 256 * 1024 * 1024
    /// The slowest a client may send a request body or take a response, in bytes per second
    /// averaged over the time the server waits for it, once `minimumRateGracePeriod` has
    /// passed; a slower client gets 408 (body) or is dropped (response). 0 turns it off.
    /// Bytes moved ahead earn a client at most `bodyTimeout` (`writeTimeout` for a response) of
    /// waiting beyond the grace period, so a fast start buys no long trickle later. A response
    /// counts what the client took from the socket's queue, not only when the socket has room
    /// again (with a full 4 MiB send buffer, that is after 2 MiB).
    /// Default 1 KiB/s.
    public var minimumDataRate: Int = 1024
    /// How long the server waits for a client before `minimumDataRate` applies. Default 10 s.
    public var minimumRateGracePeriod: Duration = .seconds(10)
    /// The most requests waiting for a busy application (`threads`); more get 503 at once.
    /// Default 1024.
    public var maxQueuedRequests: Int = 1024
    /// How long a request waits in that queue before it gets 503, unless the queue let in at
    /// least as many requests during the last `maxQueueWait` as wait ahead of it (it will get
    /// in within about as long again): a queue that moves fast is a busy server, not a stuck
    /// one. Default 50 ms.
    public var maxQueueWait: Duration = .milliseconds(50)
    /// The `Retry-After` seconds of a 503 answered when the application is saturated. Default 1.
    public var retryAfterSeconds: Int = 1
    /// The most connections open at once (per process); at the limit the server stops
    /// accepting until one closes, and says so once in the log. Also capped by the file
    /// descriptor limit. Default 16,384.
    public var maxConnections: Int = 16_384
    /// How many bytes of a response may wait unsent in a TCP connection's socket
    /// (`TCP_NOTSENT_LOWAT`): the server writes more only once fewer are waiting, so a large
    /// file or stream goes to the network as the client takes it instead of being parked at
    /// once in a send buffer of several megabytes. Bytes sent and not yet acknowledged do not
    /// count, so a fast, distant client is not slowed. A client that reads slowly holds less
    /// kernel memory, and where the cores are shared with the clients the sending runs on the
    /// server's threads rather than in the client's. nil (or 0) keeps the system's setting
    /// (`net.ipv4.tcp_notsent_lowat`, unlimited by default). Default 128 KiB.
    public var notSentLowWatermark: Int? = 128 * 1024
    /// Accepts a bare LF as a line end in request heads (RFC 9112 s2.2 allows it, but behind a
    /// proxy that disagrees it is a smuggling risk). Default false: such heads get 400.
    public var allowsBareLineFeeds: Bool = false

    /// The permission bits of the Unix domain sockets the server creates (`0o660`: owner and
    /// group may connect), set before it listens; nil keeps what the umask gives.
    public var unixSocketMode: UInt32? = nil
    /// The server's readiness: `.ready` once it serves, `.draining` from the moment it starts
    /// to stop. Hand the same object to `health(_:)` so `/readyz` tells a balancer. Each
    /// `ServerOptions()` makes a new one; copies of these options share it.
    public var readiness = Readiness()

    /// The defaults.
    public init() {}

    /// The head limits of these options.
    var headLimits: HeadLimits {
        HeadLimits(maxRequestLine: maxRequestLineLength, maxHeadBytes: maxHeadSize, maxHeaderCount: maxHeaderCount,
                   allowsBareLF: allowsBareLineFeeds)
    }
}
