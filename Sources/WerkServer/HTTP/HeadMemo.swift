#if canImport(Glibc)
import Glibc
#endif

/// The last request head of one connection, with the bytes it was parsed from.
///
/// A keep-alive client sends the same head again and again (same target, same fields). A head
/// whose bytes equal the kept head's bytes is that head: parsing is a pure function of the
/// bytes and the server's limits, and the kept head passed every check. Otherwise the head is
/// parsed given the kept one, so equal targets and fields still share their strings
/// (`RequestHeadParser`). A `RequestHead` is never changed after parsing, so the same instance
/// may serve several requests.
///
/// One memo per connection, never shared between clients: how long a head takes to parse
/// tells a client nothing about another client's request.
///
///     var memo = HeadMemo()
///     let head = try memo.head(for: bytes, limits: limits, keep: true)
struct HeadMemo {
    /// The kept head, nil when none.
    private(set) var head: RequestHead?
    /// Its bytes, from the request line through the empty line.
    private var bytes: [UInt8] = []

    /// True when no head is kept.
    var isEmpty: Bool { head == nil }

    /// The kept head and its length when `buffer` starts with exactly its bytes, else nil.
    /// (The kept bytes end with the head's first empty line, so a scan of `buffer` would end
    /// the head at the same place.)
    func match(_ buffer: UnsafeRawBufferPointer) -> (head: RequestHead, count: Int)? {
        guard let head, buffer.count >= bytes.count, let base = buffer.baseAddress else { return nil }
        let same = bytes.withUnsafeBytes { memcmp($0.baseAddress!, base, $0.count) == 0 }
        return same ? (head, bytes.count) : nil
    }

    /// The head in `headBytes` (a complete head, request line through the empty line): the
    /// kept head when the bytes are equal, else parsed. A parsed head is kept when `keep`
    /// (the loop keeps heads from a connection's second request on) and it is at most
    /// `maxKeptSize` bytes.
    mutating func head(for headBytes: UnsafeRawBufferPointer, limits: HeadLimits, keep: Bool) throws(RequestError) -> RequestHead {
        if let same = match(headBytes), same.count == headBytes.count { return same.head }
        let parsed = try RequestHeadParser.parse(headBytes, limits: limits, previous: head)
        if keep && headBytes.count <= HeadMemo.maxKeptSize {
            head = parsed
            // The old bytes' room is reused when it is large enough.
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: headBytes)
        }
        return parsed
    }

    /// The largest head kept (bytes). Browsers and API clients send heads of a few hundred
    /// bytes to a few KiB; a client sending heads near the 64 KiB limit made each of its
    /// connections hold about three times that (the memo's copy, the parsed head and the next
    /// partial head), 182 KiB each in the attack run of stop 26.
    static let maxKeptSize = 8 * 1024

    /// Lets the kept head and its bytes go.
    mutating func forget() {
        head = nil
        bytes = []
    }
}
