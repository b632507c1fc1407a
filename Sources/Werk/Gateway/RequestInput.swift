/// The request body as a stream read in pieces (WSGI's `wsgi.input`).
///
/// A server implements it over the socket (bounded by `Content-Length`, or de-chunked), so
/// an app can read a large body without holding it whole. `read(into:)` returns 0 at the end.
public protocol RequestInput: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns how many, 0 at the end of the body.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int

    /// Reads the rest of the body. Throws `BodyTooLarge` as soon as it passes `limit` bytes,
    /// so an oversized body is never held whole. The default reads in pieces
    /// (`readAllInPieces`); an input holding the whole body already may copy it at once.
    func readAll(limit: Int?) throws -> [UInt8]
}

extension RequestInput {
    /// Reads up to `maxLength` bytes; an empty array means the body has ended.
    public func read(upTo maxLength: Int) throws -> [UInt8] {
        guard maxLength > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: maxLength) { buffer, count in
            count = try read(into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Reads the rest of the body. Throws `BodyTooLarge` as soon as it passes `limit` bytes,
    /// so an oversized body is never held whole.
    public func readAll(limit: Int? = nil) throws -> [UInt8] {
        try readAllInPieces(limit: limit)
    }

    /// `readAll(limit:)` by `read(into:)` calls: what every input can do.
    public func readAllInPieces(limit: Int? = nil) throws -> [UInt8] {
        var result: [UInt8] = []
        // A small body fits a scratch buffer on the stack; a larger one goes on through an
        // uncleared heap buffer (nothing is zero-filled either way).
        let small = try withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 16) { chunk -> Bool in
            while true {
                let count = try read(into: chunk)
                if count == 0 { return true }
                if let limit, result.count + count > limit { throw BodyTooLarge(limit: limit) }
                result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
                if count == chunk.count { return false }
            }
        }
        if small { return result }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = try read(into: chunk)
            if count == 0 { return result }
            if let limit, result.count + count > limit { throw BodyTooLarge(limit: limit) }
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
    }

    /// Reads and discards the rest of the body; returns how many bytes it skipped.
    @discardableResult
    public func drain() throws -> Int {
        var total = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = try read(into: chunk)
            if count == 0 { return total }
            total += count
        }
    }
}

/// Thrown when a body passes the limit it is read with.
public struct BodyTooLarge: Error, Sendable, Equatable, CustomStringConvertible {
    /// The limit in bytes that was passed.
    public let limit: Int
    /// The error for a body that passed `limit` bytes (thrown by servers and `readAll`).
    public init(limit: Int) { self.limit = limit }
    /// A message naming the limit.
    public var description: String { "request body exceeds the limit of \(limit) bytes" }
}

/// A request body held in memory: for the test client, and for middleware that buffers.
///
///     environ.input = BytesInput(Array("name=werk".utf8))
public final class BytesInput: RequestInput {
    private let bytes: [UInt8]
    private var offset = 0

    /// A stream over `bytes`.
    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    /// Copies the next bytes into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
