import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Reads a child's output pipe on its own thread: copies every piece to this process's
/// stderr as it arrives (so the terminal shows build progress and the app's log live) and
/// keeps the last `limit` bytes for the pages (compiler errors, crash reports).
final class OutputCapture: Sendable {
    private let kept: Locked<[UInt8]>
    private let closed = Latch()

    /// Starts reading `fd` (the read end of a pipe, closed here at EOF).
    init(reading fd: Int32, limit: Int) throws {
        let kept = Locked<[UInt8]>([])
        let closed = self.closed
        self.kept = kept
        try startDetachedThread(stackSize: 256 * 1024) {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                let piece = buffer[0..<got]
                piece.withUnsafeBytes { _ = write(2, $0.baseAddress, got) }
                kept.withLock { kept in
                    kept.append(contentsOf: piece)
                    if kept.count > 2 * limit { kept.removeFirst(kept.count - limit) }
                }
            }
            close(fd)
            closed.set()
        }
    }

    /// The kept output so far, as text (invalid UTF-8 repaired).
    var text: String { String(decoding: kept.withLock { $0 }, as: UTF8.self) }

    /// Waits until the writer side is closed (every process holding it ended), at most `timeout`.
    @discardableResult
    func waitUntilClosed(timeout: Duration) -> Bool { closed.wait(timeoutNanos: timeout.nanoseconds) }
}
