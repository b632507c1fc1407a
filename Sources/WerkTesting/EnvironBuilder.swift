import Werk
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds an `Environ` for a request without a server: the test client's workhorse, and
/// useful on its own to call an app directly (Werkzeug's `EnvironBuilder`).
///
///     var builder = EnvironBuilder(method: "POST", path: "/signin?next=/")
///     builder.form = [("username", "admin")]
///     var environ = try builder.makeEnviron()
public struct EnvironBuilder {
    /// The request method.
    public var method: String
    /// The path below the script root, decoded; a `?query` in it is split off into `query`.
    public var path: String
    /// The raw query string (without `?`), appended to by `queryItems`.
    public var query: String
    /// Query arguments, encoded and appended to `query`.
    public var queryItems: [(String, String)]
    /// The mount point of the app (`SCRIPT_NAME`).
    public var scriptRoot: String
    /// `http` or `https`.
    public var scheme: String
    /// The `Host` header; its port also sets `SERVER_PORT`.
    public var host: String
    /// Header fields to send.
    public var headers: Headers
    /// A raw body (with `contentType`).
    public var body: [UInt8]?
    /// Form fields: sent urlencoded, or multipart when there are `files`.
    public var form: [(String, String)]?
    /// Files to upload as `multipart/form-data`.
    public var files: [FileUpload]
    /// A value to send as a JSON body (`application/json`).
    public var json: (any Encodable)?
    /// The `Content-Type` of a raw body.
    public var contentType: String?
    /// The client's address.
    public var remoteAddr: String
    /// Where the app's diagnostics go.
    public var errors: any ErrorStream

    /// A builder for `method path`; `path` may hold a query string.
    public init(method: String = "GET", path: String = "/", headers: Headers = Headers()) {
        self.method = method
        if let mark = path.firstIndex(of: "?") {
            self.path = String(path[..<mark])
            self.query = String(path[path.index(after: mark)...])
        } else {
            self.path = path
            self.query = ""
        }
        self.queryItems = []
        self.scriptRoot = ""
        self.scheme = "http"
        self.host = "localhost"
        self.headers = headers
        self.files = []
        self.remoteAddr = "127.0.0.1"
        self.errors = CollectingErrorStream()
    }

    /// The environ described by this builder; throws `EncodingError` for a JSON value that
    /// does not encode, or `HeaderError` for an invalid header.
    public func makeEnviron() throws -> Environ {
        var headers = self.headers
        var bodyBytes: [UInt8] = []
        var type: String? = contentType

        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            bodyBytes = Array(try encoder.encode(json))
            type = type ?? "application/json"
        } else if !files.isEmpty {
            let multipart = MultipartEncoder(fields: form ?? [], files: files)
            bodyBytes = multipart.body
            type = multipart.contentType
        } else if let form {
            bodyBytes = Array(encodeQueryString(form).utf8)
            type = type ?? "application/x-www-form-urlencoded"
        } else if let body {
            bodyBytes = body
        }
        let hasBody = !bodyBytes.isEmpty || json != nil || form != nil || body != nil
        if let type, !headers.contains("Content-Type") { headers.add("Content-Type", type) }
        if hasBody && !headers.declaresFraming {
            headers.add("Content-Length", String(bodyBytes.count))
        }
        if !headers.contains("Host") { headers.add("Host", host) }
        try headers.validate()

        var fullQuery = query
        if !queryItems.isEmpty {
            fullQuery += (fullQuery.isEmpty ? "" : "&") + encodeQueryString(queryItems)
        }
        let port = Request.splitHost(host).port ?? (scheme == "https" ? 443 : 80)
        let pathInfo = path.hasPrefix("/") ? path : "/" + path
        let encodedTarget = Request.encodePath(scriptRoot + pathInfo) + (fullQuery.isEmpty ? "" : "?" + fullQuery)
        return Environ(
            method: method, scriptName: scriptRoot, pathInfo: pathInfo, queryString: fullQuery,
            serverName: Request.splitHost(host).name, serverPort: port, serverProtocol: "HTTP/1.1",
            remoteAddr: remoteAddr, remotePort: 50000, urlScheme: scheme, requestURI: encodedTarget,
            headers: headers, input: BytesInput(bodyBytes), errors: errors,
            multithread: false, multiprocess: false, runOnce: false)
    }
}

/// A file to upload with the test client.
public struct FileUpload: Sendable {
    /// The form field name.
    public var field: String
    /// The file name sent in `Content-Disposition`.
    public var filename: String
    /// The part's media type.
    public var contentType: String
    /// The file's content.
    public var data: [UInt8]

    /// A file for field `field`.
    public init(field: String, filename: String, contentType: String = "application/octet-stream", data: [UInt8]) {
        self.field = field
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
