/// Tells whether the client of the request a thread is serving has gone away. A server
/// installs one on each thread that serves requests (`ClientHangUp.install`); an async
/// handler's wait asks it and, once the client is gone, cancels the handler's task.
public protocol ClientHangUpProbe: AnyObject {
    /// True once the client of the request this thread is serving closed its connection.
    func clientHasHungUp() -> Bool
}

/// Cancellation of async handlers whose client went away, as Go's `http.Request.Context()` is
/// cancelled and Hummingbird's request tasks are. While a server thread waits for an async
/// handler, it asks the thread's probe every 250 ms; once the client has hung up, the handler's
/// task is cancelled: `Task.isCancelled` turns true and `Task.sleep`, `withTaskCancellationHandler`
/// and the other cooperative calls end early. A handler that ignores cancellation still runs
/// to its end (the request it holds is used by one thread at a time, so the server cannot
/// give up on it).
///
///     ClientHangUp.install(handler)   // a server, on each of its threads
public enum ClientHangUp {
    private static let slot = ThreadLocalReference<AnyObject>()

    /// Installs `probe` for the calling thread, or removes it (nil). It is not retained: it
    /// must outlive the thread's serving.
    public static func install(_ probe: (any ClientHangUpProbe)?) {
        slot.value = probe
    }

    /// The calling thread's probe, if a server installed one.
    package static var current: (any ClientHangUpProbe)? {
        slot.value as? any ClientHangUpProbe
    }
}
