/// Every fact of one request: Werk's counterpart of the WSGI environ (PEP 3333).
///
/// The common CGI variables are typed stored properties, so a server builds an environ
/// cheaply; the CGI view by name (`environ["PATH_INFO"]`, `environ["HTTP_USER_AGENT"]`) is
/// computed from them. Middleware attaches typed values with `environ[SomeKey.self]`.
/// An environ belongs to the thread serving its request.
///
///     var environ = Environ(method: "GET", pathInfo: "/hello", queryString: "name=werk")
///     environ["HTTP_ACCEPT"] = "text/html"
///     environ.method          // "GET"
///     environ["PATH_INFO"]    // "/hello"
public struct Environ {
    /// `REQUEST_METHOD`: `GET`, `POST`, ... as sent (methods are case-sensitive, RFC 9110 s9.1).
    public var method: String
    /// `SCRIPT_NAME`: the part of the path where the app is mounted, `""` at the root.
    public var scriptName: String
    /// `PATH_INFO`: the rest of the path, percent-decoded (UTF-8), starting with `/`.
    public var pathInfo: String
    /// `QUERY_STRING`: the raw query, without the `?`, still percent-encoded.
    public var queryString: String
    /// `SERVER_NAME`: the host name the server listens as.
    public var serverName: String
    /// `SERVER_PORT`: the port the request came in on.
    public var serverPort: Int
    /// `SERVER_PROTOCOL`: `HTTP/1.1` or `HTTP/1.0`.
    public var serverProtocol: String
    /// `REMOTE_ADDR`: the client's address.
    public var remoteAddr: String
    /// `REMOTE_PORT`: the client's port.
    public var remotePort: Int
    /// `wsgi.url_scheme`: `http` or `https`.
    public var urlScheme: String
    /// `REQUEST_URI`: the request target exactly as sent, still encoded.
    public var requestURI: String
    /// The request's header fields in order, duplicates kept (`CONTENT_TYPE`,
    /// `CONTENT_LENGTH` and every `HTTP_*` variable are read from here).
    public var headers: Headers
    /// `wsgi.input`: the request body, read in pieces.
    public var input: any RequestInput
    /// `wsgi.errors`: where the app writes diagnostics.
    public var errors: any ErrorStream
    /// `wsgi.multithread`: other threads may serve other requests at the same time.
    public var multithread: Bool
    /// `wsgi.multiprocess`: other processes may serve the same app.
    public var multiprocess: Bool
    /// `wsgi.run_once`: the app is called once in this process's life.
    public var runOnce: Bool
    /// Other string variables set by name that have no typed property (`environ["X_Y"] = ...`).
    public var variables: [String: String]

    /// Typed values attached by middleware, keyed by `EnvironKey` type.
    private var extensions: [ObjectIdentifier: Any]
    /// Parse results shared by every `Request` over this environ and its copies.
    package let cache: EnvironCache

    /// An environ with every variable given; servers call this once per request.
    public init(
        method: String,
        scriptName: String = "",
        pathInfo: String,
        queryString: String = "",
        serverName: String = "localhost",
        serverPort: Int = 80,
        serverProtocol: String = "HTTP/1.1",
        remoteAddr: String = "127.0.0.1",
        remotePort: Int = 0,
        urlScheme: String = "http",
        requestURI: String? = nil,
        headers: Headers = Headers(),
        input: any RequestInput = BytesInput(),
        errors: any ErrorStream = StandardError.shared,
        multithread: Bool = true,
        multiprocess: Bool = false,
        runOnce: Bool = false
    ) {
        self.method = method
        self.scriptName = scriptName
        self.pathInfo = pathInfo
        self.queryString = queryString
        self.serverName = serverName
        self.serverPort = serverPort
        self.serverProtocol = serverProtocol
        self.remoteAddr = remoteAddr
        self.remotePort = remotePort
        self.urlScheme = urlScheme
        self.requestURI = requestURI ?? (queryString.isEmpty ? scriptName + pathInfo : scriptName + pathInfo + "?" + queryString)
        self.headers = headers
        self.input = input
        self.errors = errors
        self.multithread = multithread
        self.multiprocess = multiprocess
        self.runOnce = runOnce
        self.variables = [:]
        self.extensions = [:]
        self.cache = EnvironCache()
    }

    /// A typed value attached by middleware, or nil.
    public subscript<Key: EnvironKey>(key: Key.Type) -> Key.Value? {
        get { extensions.isEmpty ? nil : extensions[ObjectIdentifier(key)] as? Key.Value }
        set { extensions[ObjectIdentifier(key)] = newValue }
    }
}
