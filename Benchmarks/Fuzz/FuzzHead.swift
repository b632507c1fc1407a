// libFuzzer target for the server's request head parser (issue 14). Not part of the package
// build: `Benchmarks/fuzz.sh head` compiles it with the head files of Sources/WerkServer/HTTP.
//
// Byte 0 of the input picks the limits (bit 0: small ones, bit 1: bare LF allowed); the last
// sixteen bytes give read sizes; the whole input is the stream of bytes a client sends.
// Properties, besides no crash, hang or leak:
// - the stream scanned and parsed as the server does (HeadScanner on a growing buffer, then
//   RequestHeadParser, then the next head) gives the same heads and the same refusal whether
//   it arrives whole, one byte at a time, or in the pieces the input chooses;
// - every head found respects the limits (head size, request line, number of fields), every
//   refusal is a 4xx or 5xx with a reason;
// - a parsed head written out again (request line, fields, CRLFs) parses to the same fields:
//   method, target, form, path and query (when the target was UTF-8), version, headers, framing,
//   connection flags, Expect and the absolute-form authority;
// - each head is parsed given the head before it, as the server does on a connection (sharing
//   the strings of equal bytes), and comes out as it does parsed alone, or is refused alike;
// - a buffer that starts with the bytes of the last head (`HeadMemo`, the server's shortcut
//   for a keep-alive client's repeated head) gives that head, equal to those bytes parsed alone.

import Werk

/// What the server makes of one head: its fields, or why it was refused.
struct HeadOutcome: Equatable {
    var method = "", target = "", path = "", query = ""
    var form = TargetForm.origin
    var minorVersion = 0
    var headers: [Headers.Field] = []
    var framing = BodyFraming.none
    var connectionClose = false, connectionKeepAlive = false, expectContinue = false
    var targetHost: String?

    init(_ head: RequestHead) {
        method = head.method; target = head.target; path = head.path; query = head.query
        form = head.form; minorVersion = head.minorVersion; headers = Array(head.headers)
        framing = head.framing; connectionClose = head.connectionClose
        connectionKeepAlive = head.connectionKeepAlive; expectContinue = head.expectContinue
        targetHost = head.targetHost
    }
}

/// The heads of a stream, then the refusal that ended it (or nothing: more bytes needed).
/// Only the refusal's status counts: when a head breaks two limits at once, which one the
/// scanner meets first depends on where the reads end (both are a 431).
struct StreamOutcome: Equatable {
    var heads: [HeadOutcome] = []
    var refusal: RequestError?

    static func == (a: StreamOutcome, b: StreamOutcome) -> Bool {
        a.heads == b.heads && a.refusal?.status == b.refusal?.status
    }
}

let smallLimits = HeadLimits(maxRequestLine: 40, maxHeadBytes: 160, maxHeaderCount: 4, allowsBareLF: false)

/// Feeds `chunks` into a growing buffer as the server's event loop does: scan after every
/// read, parse a complete head, drop it from the buffer, scan the rest with a new scanner.
func serve(_ chunks: [ArraySlice<UInt8>], limits: HeadLimits) -> StreamOutcome {
    var buffer: [UInt8] = []
    var scanner = HeadScanner()
    var outcome = StreamOutcome()
    var memo = HeadMemo()
    var started = false
    for chunk in chunks {
        buffer.append(contentsOf: chunk)
        while !buffer.isEmpty {
            // As the server: the memo is tried when a head's first bytes arrive, not on every read.
            if !started, let same = buffer.withUnsafeBytes({ memo.match($0) }) {
                let alone = parseHead(buffer[..<same.count], limits: limits)
                guard case .success(let head) = alone, HeadOutcome(head) == HeadOutcome(same.head) else {
                    fatalError("property violated: the kept head \(HeadOutcome(same.head)) stands for bytes that parse to \(alone)")
                }
                outcome.heads.append(HeadOutcome(same.head))
                buffer.removeFirst(same.count)
                scanner = HeadScanner()
                continue
            }
            let result = buffer.withUnsafeBytes { scanner.scan($0, limits: limits) }
            switch result {
            case .incomplete:
                started = buffer.withUnsafeBytes { scanner.hasStarted(bufferedCount: $0.count) }
            case .failed(let error):
                checkRefusal(error)
                outcome.refusal = error
                return outcome
            case .complete(let start, let end):
                require(start <= end && end <= buffer.count, "head \(start)..<\(end) outside the buffer of \(buffer.count)")
                require(end - start <= limits.maxHeadBytes, "a head of \(end - start) bytes passed the limit")
                let parsed = buffer[start..<end].withUnsafeBytes { raw -> Result<RequestHead, RequestError> in
                    do throws(RequestError) {
                        return .success(try memo.head(for: raw, limits: limits, keep: true))
                    } catch {
                        return .failure(error)
                    }
                }
                checkReuse(parsed, buffer[start..<end], limits: limits)
                switch parsed {
                case .success(let head):
                    checkBounds(head, Array(buffer[start..<end]), limits: limits)
                    checkRoundTrip(head, Array(buffer[start..<end]))
                    outcome.heads.append(HeadOutcome(head))
                case .failure(let error):
                    checkRefusal(error)
                    outcome.refusal = error
                    return outcome
                }
                buffer.removeFirst(end)
                scanner = HeadScanner()
                started = false
                continue
            }
            break
        }
    }
    return outcome
}

/// `RequestHeadParser.parse` on `bytes` alone, its typed error as a Result.
func parseHead(_ bytes: ArraySlice<UInt8>, limits: HeadLimits) -> Result<RequestHead, RequestError> {
    bytes.withUnsafeBytes { raw in
        do throws(RequestError) {
            return .success(try RequestHeadParser.parse(raw, limits: limits))
        } catch {
            return .failure(error)
        }
    }
}

/// A head parsed given the one before it is the head parsed alone (or refused alike).
func checkReuse(_ parsed: Result<RequestHead, RequestError>, _ bytes: ArraySlice<UInt8>, limits: HeadLimits) {
    switch (parsed, parseHead(bytes, limits: limits)) {
    case (.success(let given), .success(let alone)):
        require(HeadOutcome(given) == HeadOutcome(alone), "parsed after another head: \(HeadOutcome(given)) vs alone: \(HeadOutcome(alone))")
    case (.failure(let given), .failure(let alone)):
        require(given.status == alone.status, "refused after another head with \(given), alone with \(alone)")
    default:
        fatalError("property violated: a head parsed after another gives \(parsed), alone \(parseHead(bytes, limits: limits))")
    }
}

func checkRefusal(_ error: RequestError) {
    require((400...599).contains(error.status.code) && !error.reason.isEmpty, "refusal \(error) is not an error status with a reason")
}

/// The limits hold for a head that parsed: its request line and its number of fields.
func checkBounds(_ head: RequestHead, _ bytes: [UInt8], limits: HeadLimits) {
    // The head starts at its request line (empty lines before it are skipped); + 1 for its CR.
    let requestLine = bytes.firstIndex(of: 0x0A) ?? bytes.count
    require(requestLine <= limits.maxRequestLine + 1, "a request line of \(requestLine) bytes passed the limit")
    require(head.headers.count <= limits.maxHeaderCount, "\(head.headers.count) fields passed the limit of \(limits.maxHeaderCount)")
    require(head.minorVersion == 0 || head.minorVersion == 1, "minor version \(head.minorVersion)")
    require(!head.method.isEmpty && !head.target.isEmpty, "empty method or target")
    if case .length(let n) = head.framing { require(n > 0, "a Content-Length framing of \(n)") }
    if head.framing == .chunked { require(head.minorVersion == 1, "chunked framing on HTTP/1.0") }
}

/// Writes `head` out again and parses that: the same fields come back.
func checkRoundTrip(_ head: RequestHead, _ original: [UInt8]) {
    var wire = Array("\(head.method) \(head.target) HTTP/1.\(head.minorVersion)\r\n".utf8)
    for field in head.headers { wire += Array("\(field.name): \(field.value)\r\n".utf8) }
    wire += [0x0D, 0x0A]
    let again: RequestHead
    switch parseHead(wire[...], limits: HeadLimits()) {
    case .success(let head): again = head
    case .failure(let error):
        fatalError("property violated: the head written again is refused (\(error)): \(String(decoding: wire, as: UTF8.self).debugDescription)")
    }
    var expected = HeadOutcome(head)
    let found = HeadOutcome(again)
    // The path and the query are decoded from the target's bytes, each on its own: they are
    // the same only when the target was UTF-8 (obs-text read as Latin-1 is written back as
    // UTF-8, and a query that was UTF-8 inside a target that was not reads differently).
    let line = original.drop { $0 == 0x0D || $0 == 0x0A }
    let targetBytes = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false).dropFirst().first ?? []
    if !Array(head.target.utf8).elementsEqual(targetBytes) { expected.path = found.path; expected.query = found.query }
    require(found == expected, "round trip: \(found) vs \(expected)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHead(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzBytes(data, size)
    guard let flags = input.bytes.first else { return 0 }
    var limits = flags & 1 == 1 ? smallLimits : HeadLimits()
    limits.allowsBareLF = flags & 2 == 2
    let bytes = Array(input.bytes.dropFirst())
    let whole = serve([bytes[...]], limits: limits)
    let single = serve(bytes.indices.map { bytes[$0...$0] }, limits: limits)
    require(single == whole, "byte at a time: \(single) vs whole: \(whole)")
    var chunks: [ArraySlice<UInt8>] = []
    var start = 0
    for cut in input.bytes.suffix(16).map({ Int($0 % 64) + 1 }) where start < bytes.count {
        let end = min(bytes.count, start + cut)
        chunks.append(bytes[start..<end])
        start = end
    }
    if start < bytes.count { chunks.append(bytes[start...]) }
    let split = serve(chunks, limits: limits)
    require(split == whole, "cut into \(chunks.map(\.count)): \(split) vs whole: \(whole)")
    return 0
}
