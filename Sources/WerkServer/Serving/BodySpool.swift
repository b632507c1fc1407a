import Synchronization
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// A request body the event loop reads into a temporary file before the application is called.
///
/// Bodies larger than `maxBufferedBodySize` stream to the application, which holds a thread
/// while its client sends. Once `maxStreamedBodies` of them stream at once, the loop spools the
/// next ones instead: a client that sends a large body slowly then holds a file, never a thread,
/// so requests without a large body always find one. The file is made when the first bytes
/// come (a client that sends only a head costs no descriptor), unlinked at once, and closed
/// when the last reference goes away (the request's input holds one); its bytes count against
/// the server's `SpoolBudget`.
final class BodySpool {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): the
    // loop writes a spool, then one serving thread reads it; no access overlaps another.
    /// The open, unlinked file; -1 until the first bytes are written.
    @exclusivity(unchecked) private(set) var fd: Int32 = -1
    private let directory: String
    private let budget: SpoolBudget
    /// Bytes written: the body's data (a chunked body's decoded, without its framing).
    @exclusivity(unchecked) private(set) var written = 0

    /// An empty spool whose file will be made in `directory`. It takes bytes of `budget` as they
    /// are written, not the length a body declares: a client that declares much and sends
    /// little holds no budget.
    init(directory: String, budget: SpoolBudget) {
        self.directory = directory
        self.budget = budget
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
        budget.give(written)
    }

    /// Appends `bytes` to the file (made now if it is not yet), taking as much of the budget.
    func append(_ bytes: UnsafeRawBufferPointer) throws(SpoolError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if fd < 0 {
            let file: (descriptor: Int32, path: String)
            do { file = try TemporaryFiles.makeFile(in: directory, prefix: "werk-body-") } catch { throw .system("mkstemp", error.code) }
            unlink(file.path)
            fd = file.descriptor
        }
        guard budget.take(bytes.count) else { throw .budgetExhausted }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                // What was not written is given back; what was stays counted until the spool goes.
                let code = errno
                budget.give(bytes.count - offset)
                written += offset
                throw .system("write", code)
            }
            offset += n
        }
        written += bytes.count
    }

    /// Moves back to the start of the file, for reading.
    func rewind() {
        if fd >= 0 { _ = lseek(fd, 0, SEEK_SET) }
    }

    /// Reads up to `count` bytes into `pointer`; 0 at the end of the file.
    func read(into pointer: UnsafeMutableRawPointer, count: Int) throws(SpoolError) -> Int {
        guard fd >= 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, pointer, count)
            if n >= 0 { return n }
            if errno != EINTR { throw .system("read", errno) }
        }
    }
}

/// Why a body could not be spooled.
enum SpoolError: Error, Equatable {
    /// The bodies spooled now already hold `maxSpooledBodyBytes`.
    case budgetExhausted
    /// A system call failed with this errno.
    case system(String, Int32)
}

/// The bytes the server's spooled bodies may hold at once (`maxSpooledBodyBytes`), shared by
/// every event loop.
final class SpoolBudget: Sendable {
    /// The most bytes held at once.
    let limit: Int
    private let used = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Takes `n` bytes if they fit.
    func take(_ n: Int) -> Bool {
        guard n > 0 else { return true }
        var current = used.load(ordering: .relaxed)
        while current + n <= limit {
            let (exchanged, original) = used.compareExchange(expected: current, desired: current + n, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives back `n` bytes.
    func give(_ n: Int) {
        if n > 0 { used.subtract(n, ordering: .relaxed) }
    }

    /// Bytes held now.
    var inUse: Int { used.load(ordering: .relaxed) }
}
