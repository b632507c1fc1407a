import Werk
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Calls an application without sockets, the way a server would, and returns its
/// response with the body read: how Werk apps and frameworks on Werk are tested.
///
/// The client enforces the gateway rules (start-response before the body, valid headers,
/// `Content-Length` equal to the body), always closes the body, keeps cookies between
/// calls, and can follow redirects.
///
///     let client = Client(app)
///     let response = try client.get("/hello?name=werk")
///     #expect(response.status == .ok)
///     #expect(try response.text == "Hello, werk!")
///     try client.post("/signin", form: [("username", "admin"), ("password", "secret")])
public final class Client {
    /// The application under test.
    public let app: any Application
    /// The cookies kept between calls (when `useCookies` is on).
    public var cookies = CookieJar()
    /// Whether `Set-Cookie` is stored and cookies are sent back.
    public var useCookies: Bool
    /// Whether redirects are followed by default.
    public var followRedirects: Bool
    /// The most redirects followed for one call before `ClientError.tooManyRedirects`.
    public var maxRedirects = 10
    /// The responses passed through on the last call's redirects, oldest first.
    public private(set) var history: [Response] = []
    /// What the app wrote to its error stream during the last call.
    public private(set) var errorOutput = ""

    /// A client for `app`.
    public init(_ app: any Application, useCookies: Bool = true, followRedirects: Bool = false) {
        self.app = app
        self.useCookies = useCookies
        self.followRedirects = followRedirects
    }

    // MARK: Methods

    /// Sends a GET request.
    @discardableResult
    public func get(_ path: String, headers: Headers = Headers(), followRedirects: Bool? = nil) throws -> Response {
        try open(EnvironBuilder(method: "GET", path: path, headers: headers), followRedirects: followRedirects)
    }

    /// Sends a HEAD request.
    @discardableResult
    public func head(_ path: String, headers: Headers = Headers()) throws -> Response {
        try open(EnvironBuilder(method: "HEAD", path: path, headers: headers))
    }

    /// Sends a POST request with a form, files (multipart), JSON or a raw body.
    @discardableResult
    public func post(_ path: String, form: [(String, String)]? = nil, files: [FileUpload] = [],
                     json: (any Encodable)? = nil, body: [UInt8]? = nil, contentType: String? = nil,
                     headers: Headers = Headers(), followRedirects: Bool? = nil) throws -> Response {
        try send("POST", path, form: form, files: files, json: json, body: body, contentType: contentType,
                 headers: headers, followRedirects: followRedirects)
    }

    /// Sends a PUT request.
    @discardableResult
    public func put(_ path: String, form: [(String, String)]? = nil, json: (any Encodable)? = nil,
                    body: [UInt8]? = nil, contentType: String? = nil, headers: Headers = Headers()) throws -> Response {
        try send("PUT", path, form: form, files: [], json: json, body: body, contentType: contentType, headers: headers)
    }

    /// Sends a PATCH request.
    @discardableResult
    public func patch(_ path: String, form: [(String, String)]? = nil, json: (any Encodable)? = nil,
                      body: [UInt8]? = nil, contentType: String? = nil, headers: Headers = Headers()) throws -> Response {
        try send("PATCH", path, form: form, files: [], json: json, body: body, contentType: contentType, headers: headers)
    }

    /// Sends a DELETE request.
    @discardableResult
    public func delete(_ path: String, headers: Headers = Headers()) throws -> Response {
        try open(EnvironBuilder(method: "DELETE", path: path, headers: headers))
    }

    /// Sends an OPTIONS request.
    @discardableResult
    public func options(_ path: String, headers: Headers = Headers()) throws -> Response {
        try open(EnvironBuilder(method: "OPTIONS", path: path, headers: headers))
    }

    private func send(_ method: String, _ path: String, form: [(String, String)]?, files: [FileUpload],
                      json: (any Encodable)?, body: [UInt8]?, contentType: String?, headers: Headers,
                      followRedirects: Bool? = nil) throws -> Response {
        var builder = EnvironBuilder(method: method, path: path, headers: headers)
        builder.form = form
        builder.files = files
        builder.json = json
        builder.body = body
        builder.contentType = contentType
        return try open(builder, followRedirects: followRedirects)
    }

    // MARK: Core

    /// Sends the request `builder` describes, following redirects when asked.
    @discardableResult
    public func open(_ builder: EnvironBuilder, followRedirects: Bool? = nil) throws -> Response {
        history = []
        errorOutput = ""
        var builder = builder
        var response = try run(builder)
        guard followRedirects ?? self.followRedirects else { return response }
        var seen: Set<String> = []
        while [301, 302, 303, 307, 308].contains(response.status.code), let location = response.location {
            guard history.count < maxRedirects else { throw ClientError(.tooManyRedirects(maxRedirects)) }
            let current = builder.scheme + "://" + builder.host + builder.scriptRoot + builder.path
                + (builder.query.isEmpty ? "" : "?" + builder.query)
            let target = joinURL(base: current, location)
            guard let parts = URLParts(parsing: target) else { throw ClientError(.invalidRedirect(location)) }
            if let host = parts.host, Request.splitHost(host).name.lowercased() != Request.splitHost(builder.host).name.lowercased() {
                throw ClientError(.externalRedirect(target))
            }
            guard seen.insert(target).inserted || response.status.code == 307 || response.status.code == 308 else {
                throw ClientError(.redirectLoop(target))
            }
            history.append(response)
            // RFC 9110 s15.4: 307/308 keep the method and body; others become GET (HEAD stays HEAD).
            if ![307, 308].contains(response.status.code) {
                builder.method = builder.method == "HEAD" ? "HEAD" : "GET"
                builder.body = nil
                builder.form = nil
                builder.files = []
                builder.json = nil
                builder.contentType = nil
                builder.headers.remove("Content-Type")
                builder.headers.remove("Content-Length")
            }
            if let scheme = parts.scheme { builder.scheme = scheme }
            var path = percentDecode(parts.path.isEmpty ? "/" : parts.path)
            if !builder.scriptRoot.isEmpty, path.hasPrefix(builder.scriptRoot) { path.removeFirst(builder.scriptRoot.count) }
            builder.path = path
            builder.query = parts.query ?? ""
            builder.queryItems = []
            response = try run(builder)
        }
        return response
    }

    /// Calls the app once; returns the response with its body read and closed.
    public func run(_ builder: EnvironBuilder) throws -> Response {
        var builder = builder
        let errors = CollectingErrorStream()
        builder.errors = errors
        if useCookies, !builder.headers.contains("Cookie"),
           let header = cookies.header(host: builder.host, path: builder.scriptRoot + builder.path, secure: builder.scheme == "https") {
            builder.headers.add("Cookie", header)
        }
        var environ = try builder.makeEnviron()
        let head = ResponseHead()
        let body = try app(&environ, head.startResponse)
        defer { body.close() }
        var bytes: [UInt8] = []
        var started = false
        try body.forEachChunk { chunk in
            if !started { try head.beginBody(); started = true }
            bytes.append(contentsOf: chunk)
        }
        if !started { try head.beginBody() }
        guard let status = head.status else { throw GatewayError(.startResponseNotCalled) }
        // The server's framing rules: a valid Content-Length equal to the body, none sent for HEAD.
        let framing = try ResponseFraming(method: environ.method, status: status, headers: head.headers, bodyLength: bytes.count)
        errorOutput += errors.text
        if useCookies {
            cookies.store(from: head.headers, host: builder.host, path: builder.scriptRoot + builder.path)
        }
        if !framing.sendsBody { bytes = [] }
        return Response(status: status, exactHeaders: head.headers, body: Body(bytes))
    }
}

/// Why the test client could not complete a call.
public struct ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reasons.
    public enum Kind: Sendable, Equatable {
        /// More redirects than the limit.
        case tooManyRedirects(Int)
        /// A redirect to another host, which the client cannot follow.
        case externalRedirect(String)
        /// A redirect whose location is not a URL.
        case invalidRedirect(String)
        /// A redirect back to a URL already visited.
        case redirectLoop(String)
    }
    /// What happened.
    public let kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    /// A message naming the redirect.
    public var description: String {
        switch kind {
        case .tooManyRedirects(let limit): return "more than \(limit) redirects"
        case .externalRedirect(let url): return "redirect to another host (\(url)) cannot be followed by the test client"
        case .invalidRedirect(let location): return "redirect location \(String(reflecting: location)) is not a valid URL"
        case .redirectLoop(let url): return "redirect loop through \(url)"
        }
    }
}
