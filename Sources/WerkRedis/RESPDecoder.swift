/// Reads RESP2 replies from bytes as they arrive: feed what the socket gave, then take whole
/// values out with `next()`. Sans-IO, so it is tested with tables of wire bytes and fuzzed on
/// its own. Malformed input is a `RESPProtocolError`, never a crash; limits bound what a
/// misbehaving server can make the client allocate.
///
///     var decoder = RESPDecoder()
///     decoder.feed(Array("+OK\r\n:7\r\n".utf8))
///     try decoder.next()  // .simpleString("OK")
///     try decoder.next()  // .integer(7)
///     try decoder.next()  // nil: nothing complete left
public struct RESPDecoder: Sendable {
    /// Bounds on what one reply may hold.
    public struct Limits: Sendable, Equatable {
        /// The longest bulk string, in bytes (Redis's own bound is 512 MiB).
        public var maxBulkLength = 64 * 1024 * 1024
        /// The most elements of one array.
        public var maxArrayCount = 1 << 20
        /// How deeply arrays may nest.
        public var maxDepth = 32
        /// The longest simple string, error or number line, CRLF excluded.
        public var maxLineLength = 64 * 1024
        /// The defaults.
        public init() {}
    }

    /// The limits in force.
    public let limits: Limits
    private var buffer: [UInt8] = []
    private var start = 0
    /// How far the next value has been walked item by item (`scanToEndOfValue`), so bytes
    /// arriving in many reads are each looked at once before the value is whole.
    private var scanned = 0
    /// For each array open at `scanned`, how many of its elements are still to come.
    private var open: [Int64] = []

    /// A decoder with `limits`.
    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Bytes received but not yet taken out as values.
    public var bufferedCount: Int { buffer.count - start }

    /// Appends bytes read from the connection.
    public mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // Drop what earlier values used once it is most of the buffer: amortised O(1) per byte.
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete value, or nil when more bytes are needed. After an error the
    /// stream is out of step: the connection must be closed.
    public mutating func next() throws(RESPProtocolError) -> RESPValue? {
        // Parsing is only tried on a whole value: parsing a large array again from its start
        // on every read was quadratic (a 100,000-element reply took seconds).
        guard try scanToEndOfValue() else { return nil }
        var index = start
        guard let value = try parse(at: &index, depth: 0) else { return nil }
        start = index
        scanned = index
        open = []
        return value
    }

    /// Walks the next value one item (a line, or a bulk string with its bytes) at a time from
    /// where the last walk stopped; true once it is whole. Refuses what `parse` refuses, in the
    /// same order.
    private mutating func scanToEndOfValue() throws(RESPProtocolError) -> Bool {
        while scanned < buffer.count {
            guard let line = try line(after: scanned + 1) else { return false }
            let text = buffer[(scanned + 1)..<line.end]
            var next = line.next
            switch buffer[scanned] {
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                break
            case UInt8(ascii: ":"):
                _ = try Self.integer(text, what: "integer")
            case UInt8(ascii: "$"):
                let length = try bulkLength(text)
                if length != -1 {
                    guard Int(length) <= buffer.count - line.next - 2 else { return false }
                    next = line.next + Int(length)
                    guard buffer[next] == 13, buffer[next + 1] == 10 else { throw RESPProtocolError("a bulk string not ended by CRLF") }
                    next += 2
                }
            case UInt8(ascii: "*"):
                let count = try arrayCount(text, depth: open.count)
                if count > 0 {
                    open.append(count)
                    scanned = next
                    continue
                }
            default:
                throw RESPProtocolError("an unknown type byte 0x\(String(buffer[scanned], radix: 16))")
            }
            scanned = next
            // One item is whole: it may be the last element of the arrays around it.
            while let last = open.last {
                if last > 1 { open[open.count - 1] = last - 1; break }
                open.removeLast()
            }
            if open.isEmpty { return true }
        }
        return false
    }

    /// The length a `$` line declares: -1 for null, else within `0...maxBulkLength`.
    private func bulkLength(_ text: ArraySlice<UInt8>) throws(RESPProtocolError) -> Int64 {
        let length = try Self.integer(text, what: "bulk string length")
        if length == -1 { return -1 }
        guard length >= 0 else { throw RESPProtocolError("a bulk string length of \(length)") }
        guard length <= limits.maxBulkLength else {
            throw RESPProtocolError("a bulk string of \(length) bytes, over the limit of \(limits.maxBulkLength)")
        }
        return length
    }

    /// The count a `*` line declares for an array at `depth`: -1 for null, else within
    /// `0...maxArrayCount`, at a depth under `maxDepth`.
    private func arrayCount(_ text: ArraySlice<UInt8>, depth: Int) throws(RESPProtocolError) -> Int64 {
        let count = try Self.integer(text, what: "array length")
        if count == -1 { return -1 }
        guard count >= 0 else { throw RESPProtocolError("an array length of \(count)") }
        guard count <= limits.maxArrayCount else {
            throw RESPProtocolError("an array of \(count) elements, over the limit of \(limits.maxArrayCount)")
        }
        guard depth < limits.maxDepth else { throw RESPProtocolError("arrays nested deeper than \(limits.maxDepth)") }
        return count
    }

    /// Parses one value at `index`, moving it past the value; nil when incomplete.
    private func parse(at index: inout Int, depth: Int) throws(RESPProtocolError) -> RESPValue? {
        guard index < buffer.count else { return nil }
        let type = buffer[index]
        guard let line = try line(after: index + 1) else { return nil }
        let text = buffer[(index + 1)..<line.end]
        switch type {
        case UInt8(ascii: "+"):
            index = line.next
            return .simpleString(String(decoding: text, as: UTF8.self))
        case UInt8(ascii: "-"):
            index = line.next
            return .error(String(decoding: text, as: UTF8.self))
        case UInt8(ascii: ":"):
            index = line.next
            return .integer(try Self.integer(text, what: "integer"))
        case UInt8(ascii: "$"):
            let length = try bulkLength(text)
            if length == -1 { index = line.next; return .null }
            // Compared with what is buffered before adding: a length near Int.max (a limit
            // raised that far) must not overflow.
            guard Int(length) <= buffer.count - line.next - 2 else { return nil }
            let end = line.next + Int(length)
            guard buffer[end] == 13, buffer[end + 1] == 10 else { throw RESPProtocolError("a bulk string not ended by CRLF") }
            index = end + 2
            return .bulkString(Array(buffer[line.next..<end]))
        case UInt8(ascii: "*"):
            let count = try arrayCount(text, depth: depth)
            if count == -1 { index = line.next; return .null }
            // Every element takes at least 3 bytes: an incomplete array is known early.
            guard Int(count) <= (buffer.count - line.next) / 3 + 1 else { return nil }
            var cursor = line.next
            var elements: [RESPValue] = []
            elements.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let element = try parse(at: &cursor, depth: depth + 1) else { return nil }
                elements.append(element)
            }
            index = cursor
            return .array(elements)
        default:
            throw RESPProtocolError("an unknown type byte 0x\(String(type, radix: 16))")
        }
    }

    /// The line starting at `from`: where its CRLF begins and where the next line starts;
    /// nil when no CRLF has arrived yet.
    private func line(after from: Int) throws(RESPProtocolError) -> (end: Int, next: Int)? {
        var i = from
        // At most maxLineLength bytes, then the CR: the scan stops where a CR is last allowed,
        // so a long line is refused the same way whether or not more bytes have arrived.
        let limit = min(buffer.count, from + limits.maxLineLength + 1)
        while i < limit {
            if buffer[i] == 13 {
                guard i + 1 < buffer.count else { return nil }
                guard buffer[i + 1] == 10 else { throw RESPProtocolError("a CR not followed by LF") }
                return (i, i + 2)
            }
            if buffer[i] == 10 { throw RESPProtocolError("a bare LF") }
            i += 1
        }
        if buffer.count - from > limits.maxLineLength {
            throw RESPProtocolError("a line longer than \(limits.maxLineLength) bytes")
        }
        return nil
    }

    /// A signed decimal integer: an optional `-` and 1 to 19 digits, within Int64. A negative
    /// number is summed downwards, so Int64.min (one more than Int64.max) fits.
    private static func integer(_ text: ArraySlice<UInt8>, what: String) throws(RESPProtocolError) -> Int64 {
        var digits = text[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 19 else { throw RESPProtocolError("a malformed \(what)") }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= 48 && byte <= 57 else { throw RESPProtocolError("a malformed \(what)") }
            let digit = Int64(byte - 48)
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else { throw RESPProtocolError("an out-of-range \(what)") }
            value = sum
        }
        return value
    }
}

/// The bytes from the server are not valid RESP2: what was wrong.
public struct RESPProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the decoder found.
    public let message: String
    init(_ found: String) { message = "the Redis reply holds \(found)" }
    /// The message.
    public var description: String { message }
}
