import Dispatch
import Synchronization

/// Runs async handlers for a synchronous gateway: the calling thread (a server worker) starts
/// the handler as a task and blocks until it finishes.
///
/// Why this cannot deadlock: the thread that waits is never one of Swift's cooperative pool
/// (a call from inside a task is refused with `AsyncHandlerError` before anything waits), and
/// the task never waits for a worker thread. The task starts on the calling thread
/// (`Task.immediate`), so a handler that never suspends costs no thread switch; after a
/// suspension it continues on the pool while the worker sleeps on a semaphore. The worker
/// waits for the task however long it takes: the request the task holds is not `Sendable`,
/// and only one thread at a time may use it.
enum AsyncBridge {
    /// The value `operation` returns, or its error, computed in a task while this thread waits.
    /// Throws `AsyncHandlerError` when called from inside a task.
    static func wait<T>(_ operation: @escaping () async throws -> T) throws -> T {
        if withUnsafeCurrentTask(body: { $0 != nil }) { throw AsyncHandlerError() }
        let handoff = TaskHandoff(operation)
        let task = Task.immediate { await handoff.run() }
        // While it waits, the thread asks whether the client went away (`ClientHangUp`), and
        // cancels the task once it has.
        let probe = ClientHangUp.current
        return try handoff.waitForResult(whilePausing: probe.map { probe in
            {
                guard probe.clientHasHungUp() else { return true }
                task.cancel()
                return false
            }
        })
    }
}

/// The hand-off between a waiting thread and the task serving it: the operation goes in, its
/// result comes out. `@unchecked Sendable`: all its state is in `state`, read and written only
/// inside `state.withLock`. A handler that finished before the caller looked (it never
/// suspended) costs no semaphore at all.
private final class TaskHandoff<T>: @unchecked Sendable {
    private struct State {
        var operation: (() async throws -> T)?
        var result: Result<T, any Error>?
        var finished = false
        var wakeUp: DispatchSemaphore?
    }

    // The state itself sits in the lock (not beside a `Locked<Void>`): ThreadSanitizer took
    // the zero-sized value's accesses for races with reads of the lock's own object.
    private let state: Locked<State>

    init(_ operation: @escaping () async throws -> T) { state = Locked(State(operation: operation)) }

    /// Runs the operation once (in the task) and wakes the waiter, if it is waiting.
    func run() async {
        guard let operation = state.withLock({ $0.operation.take() }) else { return }
        let outcome: Result<T, any Error>
        do { outcome = .success(try await operation()) } catch { outcome = .failure(error) }
        let waiter = state.withLock { state in
            state.result = outcome
            state.finished = true
            return state.wakeUp
        }
        waiter?.signal()
    }

    /// The operation's result, blocking until `run` has finished when it has not yet. With
    /// `whilePausing`, the wait pauses every 250 ms to call it, until it returns false.
    func waitForResult(whilePausing: (() -> Bool)? = nil) throws -> T {
        let waiter = state.withLock { state -> DispatchSemaphore? in
            if state.finished { return nil }
            let semaphore = DispatchSemaphore(value: 0)
            state.wakeUp = semaphore
            return semaphore
        }
        if let waiter {
            var watching = whilePausing != nil
            while watching, waiter.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
                watching = whilePausing?() ?? false
            }
            if !watching { waiter.wait() }
        }
        guard let outcome = state.withLock({ $0.result.take() }) else { throw AsyncHandlerError() }
        return try outcome.get()
    }
}

/// An async handler was called from inside a Swift task. Blocking that thread until the
/// handler finishes could leave Swift's cooperative pool without a thread to run the handler
/// (a deadlock), so Werk refuses. Call the application from a thread of your own: a server
/// worker does this, and tests write `try await onWorkerThread { try client.get("/") }`.
public struct AsyncHandlerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An error for the refused call.
    public init() {}

    /// What happened and how to fix it.
    public var description: String {
        "an async handler was called from inside a Swift task; waiting for it there could deadlock "
            + "Swift's cooperative thread pool. Call the application from a server worker thread, "
            + "or in async code (a Swift Testing test) wrap the call: try await onWorkerThread { try client.get(\"/\") }"
    }
}
