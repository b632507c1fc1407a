import Synchronization
import Werk

/// What serving a request needs to know about the server, and nothing more: the settings, the
/// application, the listening addresses, whether the server is stopping or one of several
/// processes, and the worker pool that lends a waiting thread's slot. `RequestHandler` and the
/// event loops see the server only through it.
final class ServingContext: Sendable {
    /// The settings.
    let options: ServerOptions
    /// The application.
    let app: any Application
    /// The address each listener is bound to, by listener index.
    let addresses: [BoundAddress]
    /// The request head limits of `options`.
    let limits: HeadLimits
    /// The threads that run the application.
    let pool: WorkerPool
    /// The pace rules for a request body and a response, made once (Duration math is not free).
    let bodyRate: RateDeadline
    let responseRate: RateDeadline
    /// Timeouts in nanoseconds.
    let keepAliveNanos: UInt64
    let headerTimeoutNanos: UInt64
    let lingerNanos: UInt64
    /// `stallThreshold`: a request that took longer makes its loop hand requests to pool threads.
    let stallNanos: UInt64
    /// The `Server` field line of every response (`options.serverHeader`), encoded once.
    let serverLine: [UInt8]?
    /// The bytes spooled request bodies may hold (`maxSpooledBodyBytes`).
    let spoolBudget: SpoolBudget
    /// How many large bodies may stream to the application before the loop spools the next.
    let maxStreamedBodies: Int
    /// Large bodies streaming to the application now (counted by `RequestHandler.serve`).
    let streamedBodies = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let multiprocess = Atomic<Bool>(false)

    init(options: ServerOptions, app: any Application, addresses: [BoundAddress], pool: WorkerPool) {
        self.options = options
        self.app = app
        self.addresses = addresses
        self.limits = options.headLimits
        self.pool = pool
        bodyRate = RateDeadline(options, forResponse: false)
        responseRate = RateDeadline(options, forResponse: true)
        keepAliveNanos = options.keepAliveTimeout.nanoseconds
        headerTimeoutNanos = options.headerTimeout.nanoseconds
        lingerNanos = options.lingerTimeout.nanoseconds
        stallNanos = options.stallThreshold.nanoseconds
        serverLine = options.serverHeader.map { Array("Server: \($0)\r\n".utf8) }
        spoolBudget = SpoolBudget(limit: options.maxSpooledBodyBytes)
        maxStreamedBodies = max(0, options.maxStreamedBodies ?? max(1, pool.slots / 2))
    }

    /// True when another large body may stream to the application; false when the loop
    /// must spool it.
    var mayStreamBody: Bool { streamedBodies.load(ordering: .relaxed) < maxStreamedBodies }

    /// True once the server was asked to stop.
    var isStopping: Bool { stopping.load(ordering: .relaxed) }
    /// Marks the server as stopping.
    func markStopping() { stopping.store(true, ordering: .sequentiallyConsistent) }

    /// True in prefork worker processes (`wsgi.multiprocess`).
    var isMultiprocess: Bool { multiprocess.load(ordering: .relaxed) }
    /// Marks this server as one of several processes.
    func markMultiprocess() { multiprocess.store(true, ordering: .relaxed) }
}
