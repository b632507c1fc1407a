/// What an application returns: the response body, in one of the forms a server can send
/// well, plus close hooks that the server always runs once it is done (also after an error).
///
///     Body("Hello")                                   // bytes, Content-Length known
///     Body(stream: { writer in try writer.write(Array("tick\n".utf8)) })
///     Body(file: FileRegion(path: "/srv/a.bin", offset: 0, length: 1024))  // sendfile(2)
public struct Body: Sendable {
    /// The forms a body takes; each maps to a transport path in the server.
    public enum Content: Sendable {
        /// No body.
        case empty
        /// Bytes held in memory; the length is known.
        case bytes([UInt8])
        /// A lazily produced sequence of chunks; sent chunked when no length is declared.
        case chunks(BodyChunks)
        /// A function that writes the body piece by piece (writer-style streaming).
        case stream(@Sendable (any BodyWriter) throws -> Void)
        /// A region of a file, sent with sendfile(2) when nothing wraps it.
        case file(FileRegion)
    }

    /// The body itself.
    public var content: Content
    /// Hooks run by `close()`, in reverse order of registration.
    public private(set) var closeHooks: [@Sendable () -> Void]

    /// A body of `content`.
    public init(_ content: Content) {
        self.content = content
        self.closeHooks = []
    }

    /// An empty body.
    public static var empty: Body { Body(.empty) }

    /// A body of `bytes`.
    public init(_ bytes: [UInt8]) { self.init(.bytes(bytes)) }

    /// A body of the UTF-8 bytes of `text`.
    public init(_ text: String) {
        // One copy of the contiguous UTF-8 (the generic element-wise copy is several times slower).
        self.init(.bytes(text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)))
    }

    /// A body produced by a writer function: it calls `writer.write` for each piece.
    public init(stream: @escaping @Sendable (any BodyWriter) throws -> Void) { self.init(.stream(stream)) }

    /// A body that is a region of a file.
    public init(file: FileRegion) { self.init(.file(file)) }

    /// A body of lazily produced chunks.
    public init(chunks: BodyChunks) { self.init(.chunks(chunks)) }

    /// The length in bytes when known without producing the body (bytes, file, empty).
    public var knownLength: Int? {
        switch content {
        case .empty: return 0
        case .bytes(let bytes): return bytes.count
        case .file(let region): return region.length
        case .chunks, .stream: return nil
        }
    }

    /// Registers `hook` to run when the body is closed (WSGI's `close()`).
    public mutating func onClose(_ hook: @escaping @Sendable () -> Void) {
        closeHooks.append(hook)
    }

    /// Runs the close hooks, last registered first. A server calls this exactly once per
    /// body, after sending it or after any error.
    public func close() {
        for hook in closeHooks.reversed() { hook() }
    }

    /// Produces the body piece by piece, calling `write` for each non-empty piece; reads files
    /// in 64 KiB pieces. Used by the test client and by middleware that inspects bodies.
    public func forEachChunk(_ write: (ArraySlice<UInt8>) throws -> Void) throws {
        switch content {
        case .empty: return
        case .bytes(let bytes): if !bytes.isEmpty { try write(bytes[...]) }
        case .chunks(let chunks):
            let next = chunks.makeNext()
            while let chunk = try next() { if !chunk.isEmpty { try write(chunk[...]) } }
        case .stream(let produce):
            try withoutActuallyEscaping(write) { write in
                let writer = ClosureBodyWriter(write)
                try produce(writer)
            }
        case .file(let region): try region.forEachChunk(write)
        }
    }

    /// A new body that `produce` writes from this one (to count, check or transform its
    /// chunks); closing the new body closes this one, so its hooks still run exactly once.
    ///
    ///     let upper = body.rewritten { inner, writer in
    ///         try inner.forEachChunk { try writer.write(Array(String(decoding: $0, as: UTF8.self).uppercased().utf8)) }
    ///     }
    public func rewritten(_ produce: @escaping @Sendable (_ inner: Body, _ writer: any BodyWriter) throws -> Void) -> Body {
        let inner = self
        var wrapped = Body(stream: { writer in try produce(inner, writer) })
        wrapped.onClose { inner.close() }
        return wrapped
    }

    /// The whole body in memory. For tests and small bodies; a large file is read whole.
    public func collect() throws -> [UInt8] {
        if case .bytes(let bytes) = content { return bytes }
        var result: [UInt8] = []
        try forEachChunk { result.append(contentsOf: $0) }
        return result
    }
}

/// A lazily produced sequence of body chunks. `makeNext` is called once per send and returns
/// a function that gives the next chunk, or nil at the end; it may throw midway, and the
/// server then closes the connection so a partial body never looks complete.
///
///     BodyChunks { var left = 3; return { left -= 1; return left >= 0 ? Array("x".utf8) : nil } }
public struct BodyChunks: Sendable {
    /// Makes the next-chunk function for one pass over the body.
    public let makeNext: @Sendable () -> () throws -> [UInt8]?

    /// Chunks from a next-chunk factory.
    public init(_ makeNext: @escaping @Sendable () -> () throws -> [UInt8]?) { self.makeNext = makeNext }

    /// Chunks from a sequence of byte arrays.
    public init<S: Sequence & Sendable>(_ sequence: S) where S.Element == [UInt8] {
        self.makeNext = {
            var iterator = sequence.makeIterator()
            return { iterator.next() }
        }
    }
}

/// Where a streaming body writes its pieces: the server's socket, or the test client's buffer.
public protocol BodyWriter: AnyObject {
    /// Writes `bytes` (sent as one chunk when the response is chunked).
    func write(_ bytes: ArraySlice<UInt8>) throws
    /// Pushes what was written so far to the client.
    func flush() throws
}

extension BodyWriter {
    /// Writes `bytes`.
    public func write(_ bytes: [UInt8]) throws { try write(bytes[...]) }
    /// Writes the UTF-8 bytes of `text`.
    public func write(_ text: String) throws { try write(Array(text.utf8)[...]) }
}

/// A writer that hands each piece to a closure.
final class ClosureBodyWriter: BodyWriter {
    private let body: (ArraySlice<UInt8>) throws -> Void
    init(_ body: @escaping (ArraySlice<UInt8>) throws -> Void) { self.body = body }
    func write(_ bytes: ArraySlice<UInt8>) throws { if !bytes.isEmpty { try body(bytes) } }
    func flush() throws {}
}
