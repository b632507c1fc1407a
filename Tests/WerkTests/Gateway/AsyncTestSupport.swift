import Synchronization
@testable import Werk

/// Runs `body` and gives up after `seconds` with `DeadlineExceeded`, so a test of waiting code
/// fails instead of hanging when something never finishes (the stuck work is left behind).
func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = ResumeOnce()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            if once.claim() { continuation.resume(with: result) }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            if once.claim() { continuation.resume(throwing: DeadlineExceeded(seconds: seconds)) }
        }
    }
}

/// Whoever claims first resumes the continuation (the lock guards the flag).
final class ResumeOnce: Sendable {
    private let claimed = Locked(false)
    func claim() -> Bool { claimed.withLock { was in defer { was = true }; return !was } }
}

/// The work did not finish in time.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let seconds: Double
    var description: String { "did not finish within \(seconds) s (a deadlock or a stuck worker)" }
}

/// An actor the handlers share, to show they can await actor-isolated state.
actor VisitCounter {
    private var count = 0
    func next() -> Int { count += 1; return count }
    var total: Int { count }
}
