#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A response: status, headers and body. It is itself an `Application`, so returning one
/// from a handler and calling it with the environ and start-response is the whole bridge.
///
///     Response("Hello")                                          // text/plain; charset=utf-8
///     Response(html: "<h1>Hi</h1>")                             // text/html; charset=utf-8
///     try Response.json(["id": 7])
///     Response.redirect(to: "/login")
public struct Response: Application {
    /// The media type used when none is given.
    public static let defaultContentType = "text/plain; charset=utf-8"

    /// The status.
    public var status: Status
    /// The headers, in order.
    public var headers: Headers
    /// The body.
    public var body: Body

    /// A response with a body, a status and headers; `contentType` replaces any in `headers`,
    /// and a response without one gets `text/plain; charset=utf-8`.
    public init(body: Body, status: Status = .ok, headers: Headers = Headers(), contentType: String? = nil) {
        self.status = status
        self.body = body
        if headers.isEmpty {
            // Nothing to replace: room for the fields a response usually gets, added directly.
            var fields = Headers(minimumCapacity: 4)
            if let contentType {
                fields.addUnchecked("Content-Type", contentType)
            } else if !status.forbidsBody {
                fields.addTrusted("Content-Type", Response.defaultContentType)
            }
            self.headers = fields
            return
        }
        self.headers = headers
        if let contentType {
            self.headers.setUnchecked("Content-Type", contentType)
        } else if !headers.contains("Content-Type") && !status.forbidsBody {
            self.headers.setTrusted("Content-Type", Response.defaultContentType)
        }
    }

    /// A response with exactly `headers`: no default content type is added.
    public init(status: Status, exactHeaders headers: Headers, body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A text response (UTF-8).
    public init(_ text: String = "", status: Status = .ok, headers: Headers = Headers(), contentType: String? = nil) {
        self.init(body: Body(text), status: status, headers: headers, contentType: contentType)
    }

    /// A response of raw bytes.
    public init(bytes: [UInt8], status: Status = .ok, headers: Headers = Headers(), contentType: String? = nil) {
        self.init(body: Body(bytes), status: status, headers: headers, contentType: contentType)
    }

    /// A JSON response of `value` (`application/json`).
    ///
    ///     return try .json(["id": id])
    public static func json<T: Encodable>(_ value: T, status: Status = .ok, headers: Headers = Headers(),
                                          encoder: JSONEncoder = Response.jsonEncoder) throws -> Response {
        let data = try encoder.encode(value)
        return Response(bytes: Array(data), status: status, headers: headers, contentType: "application/json")
    }

    /// The encoder `json(_:)` uses by default: sorted keys, no escaped slashes.
    public static var jsonEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A streaming response: `produce` writes the body in pieces, sent chunked (HTTP/1.1)
    /// since its length is not known.
    ///
    ///     Response.stream { writer in for line in lines { try writer.write(line) } }
    public static func stream(status: Status = .ok, headers: Headers = Headers(), contentType: String? = nil,
                              _ produce: @escaping @Sendable (any BodyWriter) throws -> Void) -> Response {
        Response(body: Body(stream: produce), status: status, headers: headers, contentType: contentType)
    }

    /// A redirect to `location` (302 by default; use 303 after a POST, 307/308 to keep the method).
    /// The location is made a valid URI; it may be relative (RFC 9110 s10.2.2).
    public static func redirect(to location: String, status: Status = .found) -> Response {
        let uri = iriToURI(location)
        let escaped = escapeHTML(uri)
        var response = Response(
            """
            <!doctype html>
            <html lang="en">
            <title>Moved</title>
            <h1>Moved</h1>
            <p>This resource is at <a href="\(escaped)">\(escaped)</a>.</p>

            """,
            status: status, contentType: "text/html; charset=utf-8")
        response.headers.setUnchecked("Location", uri)
        return response
    }

    /// A response serving the file at `path`, typed by its extension, with `Content-Length`,
    /// `Last-Modified` and an `ETag` from its size and modification time. Throws `FileError`
    /// when the file is missing or not a regular file. Facts about the file come from
    /// `FileCache.shared` (checked again with stat(2) once its entry is a second old): a small
    /// file's body is its bytes in memory, read with the facts; a larger one is opened here and
    /// sent from that descriptor with sendfile(2), its headers made from that open file, so a
    /// file replaced under its name is answered whole, old or new, never mixed. Pair it with
    /// `makeConditional`.
    public static func file(_ path: String, contentType: String? = nil, headers: Headers = Headers()) throws -> Response {
        try file(path, contentType: contentType, headers: headers, cache: .shared)
    }

    /// `file(_:contentType:headers:)` with the facts from `cache`.
    static func file(_ path: String, contentType: String? = nil, headers: Headers = Headers(), cache: FileCache) throws -> Response {
        var entry = try cache.entry(for: path)
        let body: Body
        if let contents = entry.contents {
            body = Body(contents)
        } else {
            let file = try OpenFile(path)
            // Replaced since its entry was checked: the facts of the file about to be sent.
            if file.info != entry.info { entry = cache.store(file) }
            body = Body(file: FileRegion(file))
        }
        if headers.isEmpty && contentType == nil {
            // The usual call: the fields are known to be absent, so they are added, not searched for.
            var fields = Headers(minimumCapacity: 6)
            fields.addTrusted("Content-Type", entry.contentType)
            fields.addTrusted("Last-Modified", entry.lastModified)
            fields.addTrusted("ETag", entry.etag)
            return Response(status: .ok, exactHeaders: fields, body: body)
        }
        var response = Response(body: body, headers: headers, contentType: contentType)
        if contentType == nil { response.headers.setTrusted("Content-Type", entry.contentType) }
        response.headers.setTrusted("Last-Modified", entry.lastModified)
        if !response.headers.contains("ETag") { response.headers.setTrusted("ETag", entry.etag) }
        return response
    }

    // MARK: Serving

    /// Starts the response and returns its body, adding `Content-Length` when the length is
    /// known, and dropping the body for statuses that forbid one (204, 304; RFC 9110 s6.4.1).
    public func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
        let copy = self
        return try copy.start(startResponse)
    }

    /// `callAsFunction` for a response its caller is done with: its headers are completed in
    /// place instead of copied (`Request.application`, the router and `sharedData` use it).
    package consuming func start(_ startResponse: StartResponse) throws -> Body {
        if status.forbidsBody {
            body.content = .empty
            headers.remove("Content-Length")
        } else if let length = body.knownLength, !headers.declaresFraming {
            headers.addTrusted("Content-Length", ContentLength.format(length))
        }
        do {
            try startResponse(status, headers)
        } catch {
            body.close()
            throw error
        }
        return body
    }

    // MARK: Reading (tests and middleware)

    /// The whole body in memory (a stream or file is produced and read).
    public var data: [UInt8] { get throws { try body.collect() } }

    /// The body as UTF-8 text; bytes that do not decode become U+FFFD.
    public var text: String { get throws { String(decoding: try body.collect(), as: UTF8.self) } }

    /// The body decoded as JSON into `type`.
    public func json<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(T.self, from: Data(try body.collect()))
    }
}
