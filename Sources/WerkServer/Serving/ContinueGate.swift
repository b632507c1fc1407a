/// The one place that knows whether a `100 Continue` is owed (RFC 9110 s10.1.1), shared by a
/// request's body input and its response sender: the input opens the gate when the app first
/// reads, the sender closes it when the final response starts, after which no 100 may follow.
final class ContinueGate {
    /// Where the exchange stands.
    enum State: Equatable {
        /// No `Expect: 100-continue`, or no body.
        case notExpected
        /// The client waits for a 100 before it sends the body.
        case owed
        /// The 100 went out (or is going out now).
        case sent
        /// The final response started first: the client was never asked for the body.
        case skipped
    }

    /// The current state.
    private(set) var state: State

    /// A gate for a request that sent `Expect: 100-continue` (`expected`) and has a body.
    init(expected: Bool) { state = expected ? .owed : .notExpected }

    /// Called by the input before it reads: true when it must send the 100 now.
    func openForReading() -> Bool {
        guard state == .owed else { return false }
        state = .sent
        return true
    }

    /// Called by the sender when the final response starts.
    func responseStarted() {
        if state == .owed { state = .skipped }
    }

    /// True when the client was never told to send its body: it may or may not send it, so
    /// the connection cannot be reused (RFC 9110 s10.1.1).
    var bodyWasNeverAsked: Bool { state == .owed || state == .skipped }
}
