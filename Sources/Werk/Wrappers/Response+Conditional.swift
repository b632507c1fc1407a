#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Response {
    /// Makes the response answer `request`'s conditional and range headers, in the order of
    /// RFC 9110 s13.2.2: `If-Match` / `If-Unmodified-Since` -> 412, `If-None-Match` /
    /// `If-Modified-Since` -> 304 (412 for unsafe methods), then `Range` (with `If-Range`)
    /// -> 206 with `Content-Range` (several ranges as `multipart/byteranges`) or 416.
    /// Only 2xx responses are changed (s13.2.1); ranges apply to GET with an in-memory or
    /// file body. Set `ETag` and `Last-Modified` first.
    ///
    ///     var response = try Response.file(path)
    ///     response.makeConditional(request)
    public mutating func makeConditional(_ request: Request, acceptRanges: Bool = true) {
        guard status.isSuccess else { return }
        let method = request.method
        let isSafe = method == "GET" || method == "HEAD"
        // The validators are parsed only when a condition needs them: most requests have no
        // `If-*` field at all, which one look at the first letters shows.
        let hasConditions = request.headers.fields.contains { field in
            var name = field.name.utf8.makeIterator()
            return name.next().map { $0 | 0x20 } == UInt8(ascii: "i") && name.next().map { $0 | 0x20 } == UInt8(ascii: "f")
        }
        if hasConditions && !checkPreconditions(request, isSafe: isSafe) { return }
        // Step 5: Range (s14.2), GET only, on a 200 whose length is known.
        guard let length = body.knownLength, status == .ok else { return }
        if acceptRanges { self.headers.setTrusted("Accept-Ranges", "bytes") }
        guard acceptRanges, method == "GET", let range = request.range, ifRangeHolds(request, etag, lastModified) else { return }
        switch range.resolve(length: length) {
        case .ignore:
            return
        case .unsatisfiable:
            replace(with: .rangeNotSatisfiable)
            self.headers.setTrusted("Content-Range", ContentRange(range: nil, length: length).headerValue)
        case .satisfiable(let ranges):
            let merged = Response.coalesce(ranges)
            if merged.count == 1 {
                servePart(merged[0], of: length)
            } else {
                serveParts(merged, of: length)
            }
        }
    }

    /// Steps 1-4 of RFC 9110 s13.2.2; false when the response was replaced by a 304 or 412.
    private mutating func checkPreconditions(_ request: Request, isSafe: Bool) -> Bool {
        let etag = self.etag
        let lastModified = self.lastModified

        // s13.2.2 step 1: If-Match, strong comparison (s13.1.1).
        if request.headers.contains("If-Match") {
            let tags = request.ifMatch
            let matches = tags.isAny || (etag.map { !$0.isWeak && tags.containsStrong($0.value) } ?? false)
            if !matches { replace(with: .preconditionFailed); return false }
        } else if let date = request.ifUnmodifiedSince, let lastModified {
            // Step 2: If-Unmodified-Since, only without If-Match (s13.1.4).
            if lastModified.timeIntervalSince1970.rounded(.down) > date.timeIntervalSince1970 {
                replace(with: .preconditionFailed)
                return false
            }
        }

        // Step 3: If-None-Match, weak comparison (s13.1.2).
        if request.headers.contains("If-None-Match") {
            let tags = request.ifNoneMatch
            let matches = tags.isAny || (etag.map { tags.containsWeak($0.value) } ?? false)
            if matches { replace(with: isSafe ? .notModified : .preconditionFailed); return false }
        } else if isSafe, let date = request.ifModifiedSince, let lastModified {
            // Step 4: If-Modified-Since, GET and HEAD only, without If-None-Match (s13.1.3).
            if lastModified.timeIntervalSince1970.rounded(.down) <= date.timeIntervalSince1970 {
                replace(with: .notModified)
                return false
            }
        }
        return true
    }

    /// The response made conditional on `request`, as a copy.
    public func conditional(for request: Request, acceptRanges: Bool = true) -> Response {
        var copy = self
        copy.makeConditional(request, acceptRanges: acceptRanges)
        return copy
    }

    /// If-Range (s13.1.5): the range applies only when the validator matches exactly.
    private func ifRangeHolds(_ request: Request, _ etag: ETag?, _ lastModified: Date?) -> Bool {
        guard request.headers.contains("If-Range") else { return true }
        let condition = request.ifRange
        if let wanted = condition.etag {
            // A strong comparison: weak tags never match.
            guard let etag, !etag.isWeak, !wanted.isWeak else { return false }
            return etag.value == wanted.value
        }
        if let date = condition.date, let lastModified {
            return lastModified.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        }
        return false
    }

    /// Turns the response into a bodiless `status` (304, 412 or 416), keeping the headers
    /// a client needs to update its cache (s15.4.5) and the body's close hooks.
    private mutating func replace(with newStatus: Status) {
        status = newStatus
        body.content = .empty
        for name in ["Content-Length", "Content-Range", "Content-Encoding", "Content-Type", "Accept-Ranges"] {
            headers.remove(name)
        }
        if newStatus != .notModified {
            headers.setTrusted("Content-Type", Response.defaultContentType)
            headers.setTrusted("Content-Length", "0")
            // A 412 or 416 answers one client's preconditions or range, not the resource: no
            // shared cache may keep it for the URL (RFC 9111 s3), whatever the mount allowed.
            headers.remove("Expires")
            headers.setTrusted("Cache-Control", "no-store")
        }
    }

    /// Serves one range: 206 with `Content-Range`.
    private mutating func servePart(_ range: Range<Int>, of length: Int) {
        status = .partialContent
        switch body.content {
        case .bytes(let bytes): body.content = .bytes(Array(bytes[range]))
        case .file(let region):
            body.content = .file(region.part(range))
        default: return
        }
        headers.setTrusted("Content-Range", ContentRange(range: range, length: length).headerValue)
        headers.setTrusted("Content-Length", String(range.count))
    }

    /// Serves several ranges as `multipart/byteranges` (RFC 9110 s14.6).
    private mutating func serveParts(_ ranges: [Range<Int>], of length: Int) {
        let partType = contentType ?? "application/octet-stream"
        let boundary = "werk-" + hexString((0..<12).map { _ in UInt8.random(in: 0...255) })
        let heads: [[UInt8]] = ranges.map { range in
            Array("--\(boundary)\r\nContent-Type: \(partType)\r\nContent-Range: \(ContentRange(range: range, length: length).headerValue)\r\n\r\n".utf8)
        }
        let tail = Array("--\(boundary)--\r\n".utf8)
        let total = zip(heads, ranges).reduce(tail.count) { $0 + $1.0.count + $1.1.count + 2 }
        switch body.content {
        case .bytes(let bytes):
            var out: [UInt8] = []
            out.reserveCapacity(total)
            for (head, range) in zip(heads, ranges) {
                out += head
                out += bytes[range]
                out += [0x0D, 0x0A]
            }
            out += tail
            body.content = .bytes(out)
        case .file(let region):
            body.content = .stream { writer in
                for (head, range) in zip(heads, ranges) {
                    try writer.write(head)
                    try region.part(range).forEachChunk { try writer.write($0) }
                    try writer.write([0x0D, 0x0A])
                }
                try writer.write(tail)
            }
        default: return
        }
        status = .partialContent
        headers.setTrusted("Content-Type", "multipart/byteranges; boundary=\(boundary)")
        headers.setTrusted("Content-Length", String(total))
        headers.remove("Content-Range")
    }

    /// Sorts ranges and merges those that overlap or touch, so overlapping requests cannot
    /// make a response larger than the representation (RFC 9110 s14.2 on abuse).
    static func coalesce(_ ranges: [Range<Int>]) -> [Range<Int>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        // Keep request order when nothing merged and the client asked out of order.
        return merged.count == ranges.count ? ranges : merged
    }
}
