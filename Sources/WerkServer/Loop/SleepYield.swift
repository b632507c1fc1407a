#if canImport(Glibc)
import Glibc
#endif

/// Whether an event loop about to sleep first lets the other threads ready on its CPU run,
/// then looks for events once more (`ServerOptions.yieldsBeforeSleep`).
///
/// On cores shared with the client (a load generator, a proxy on the same machine), a loop that
/// sleeps after each request is woken for the next one, and the wake-up preempts the thread that
/// sent it: two context switches per request, and the sender runs in slices. Yielding instead
/// lets the sender go on and send more; the loop then finds them all in one look and serves them
/// in one turn. Alone on its CPU, the yield returns at once and the second look costs one
/// system call per sleep, so the loop stops yielding while its second looks keep finding nothing
/// (a lone client that waits for each answer) and tries again every `retryEvery` sleeps.
struct SleepYield {
    /// Second looks in a row that found no event.
    private(set) var misses = 0
    /// Sleeps without a yield since the loop stopped yielding.
    private var sleepsSinceTry = 0
    /// Empty second looks in a row after which the loop stops yielding.
    static let missesToStop = 4
    /// How often (in sleeps) a loop that stopped yielding tries again.
    static let retryEvery = 64

    /// Whether to yield before this sleep.
    mutating func yieldsNow() -> Bool {
        if misses < SleepYield.missesToStop { return true }
        sleepsSinceTry += 1
        guard sleepsSinceTry >= SleepYield.retryEvery else { return false }
        sleepsSinceTry = 0
        return true
    }

    /// What the look after a yield found.
    mutating func record(foundEvents: Bool) {
        misses = foundEvents ? 0 : misses + 1
    }

    /// Gives the CPU to the threads ready on it (returns at once when there are none).
    static func yieldCPU() { sched_yield() }
}
