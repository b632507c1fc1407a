import Synchronization

/// Whether a server takes new work: the one fact a load balancer's health check needs from it.
/// Sans-IO: a server flips it (`markReady()` once it serves, `markDraining()` when it starts to
/// stop), and the `health` middleware answers `/readyz` from it, so the app and the server
/// share it without either knowing the other.
///
///     var options = ServerOptions()                      // options.readiness is a fresh Readiness
///     let app = stack(health(options.readiness), app: router)
///     try runSimple(app: app, options: options)          // ready while serving, draining on SIGTERM
public final class Readiness: Sendable {
    /// Where a server is in its life.
    public enum State: UInt8, Sendable, Equatable {
        /// Not serving yet (the app is being built, the loops are starting).
        case starting
        /// Serving: a balancer may send requests.
        case ready
        /// Stopping: it finishes what it has but wants no new requests. Never leaves this state.
        case draining
    }

    private let value = Atomic<UInt8>(State.starting.rawValue)

    /// A readiness in the `.starting` state.
    public init() {}

    /// The state now.
    public var state: State { State(rawValue: value.load(ordering: .acquiring)) ?? .draining }

    /// True while `.ready`.
    public var isReady: Bool { state == .ready }

    /// `.starting` becomes `.ready`; a draining server stays draining.
    public func markReady() {
        _ = value.compareExchange(expected: State.starting.rawValue, desired: State.ready.rawValue, ordering: .acquiringAndReleasing)
    }

    /// Any state becomes `.draining`, for good.
    public func markDraining() {
        value.store(State.draining.rawValue, ordering: .releasing)
    }
}
