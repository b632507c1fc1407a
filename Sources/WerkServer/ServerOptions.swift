/// Every limit, timeout and switch of the server, each with a sane default.
///
///     var options = ServerOptions()
///     options.threads = 16
///     options.headerTimeout = .seconds(5)
///     let server = try makeServer(host: "127.0.0.1", port: 8000, app: app, options: options)
public struct ServerOptions: Sendable {
    /// Worker threads per process (the most requests served at once); each serves one request
    /// at a time start to finish, while idle connections wait in epoll without a thread.
    /// Default 64.
    public var threads: Int = 64
    /// How many workers wait for events while none is stuck: more than the cores only adds
    /// context switches. A worker busy with one task for longer than `stallThreshold` (a slow
    /// handler, a slow client) is replaced by a spare, up to `threads`. Default nil: the number
    /// of CPUs, at least 2.
    public var activeThreads: Int? = nil
    /// How long a worker may be busy with one task before a spare worker takes over waiting
    /// for events. Default 10 ms.
    public var stallThreshold: Duration = .milliseconds(10)
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
    /// from the head alone, and a chunked body fails with `BodyTooLarge` once it passes it.
    /// Default nil (no server limit: the application decides).
    public var maxContentLength: Int? = nil
    /// How long a client may take to send a complete request head once it started one;
    /// then 408 and close. Default 10 s.
    public var headerTimeout: Duration = .seconds(10)
    /// How long an idle keep-alive connection (or a new one that sent nothing) is kept. Default 15 s.
    public var keepAliveTimeout: Duration = .seconds(15)
    /// How long a body read may wait for the next bytes; then the request fails (408 when
    /// nothing was sent yet) and the connection closes. Default 10 s.
    public var bodyTimeout: Duration = .seconds(10)
    /// How long a response write may wait for the client to take more bytes; then the
    /// connection is dropped. Default 30 s.
    public var writeTimeout: Duration = .seconds(30)
    /// After SIGINT/SIGTERM or `shutdown()`: how long in-flight requests may take to finish. Default 10 s.
    public var shutdownGracePeriod: Duration = .seconds(10)
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

    /// The defaults.
    public init() {}

    /// The head limits of these options.
    var headLimits: HeadLimits {
        HeadLimits(maxRequestLine: maxRequestLineLength, maxHeadBytes: maxHeadSize, maxHeaderCount: maxHeaderCount)
    }
}
