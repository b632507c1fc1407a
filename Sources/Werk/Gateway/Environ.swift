/// Every fact of one request: Werk's counterpart of the WSGI environ (PEP 3333).
///
/// The common CGI variables are typed properties, so a server builds an environ cheaply; the
/// CGI view by name (`environ["PATH_INFO"]`, `environ["HTTP_USER_AGENT"]`) is computed from
/// them. An environ is a value: copies are cheap (they share storage until one changes).
/// Middleware attaches typed values with `environ[SomeKey.self]`.
/// An environ belongs to the thread serving its request.
///
///     var environ = Environ(method: "GET", pathInfo: "/hello", queryString: "name=werk")
///     environ["HTTP_ACCEPT"] = "text/html"
///     environ.method          // "GET"
///     environ["PATH_INFO"]    // "/hello"
public struct Environ {
    // The variables live in one shared storage object, copied on write: a `Request` wrapping the
    // environ, and every copy a middleware makes, costs one retain instead of one per field.
    private var storage: EnvironStorage

    /// `REQUEST_METHOD`: `GET`, `POST`, ... as sent (methods are case-sensitive, RFC 9110 s9.1).
    public var method: String {
        get { storage.method }
        _modify { makeUnique(); yield &storage.method }
    }
    /// `SCRIPT_NAME`: the part of the path where the app is mounted, `""` at the root.
    public var scriptName: String {
        get { storage.scriptName }
        _modify { makeUnique(); yield &storage.scriptName }
    }
    /// `PATH_INFO`: the rest of the path, percent-decoded (UTF-8), starting with `/`.
    public var pathInfo: String {
        get { storage.pathInfo }
        _modify { makeUnique(); yield &storage.pathInfo }
    }
    /// `QUERY_STRING`: the raw query, without the `?`, still percent-encoded.
    public var queryString: String {
        get { storage.queryString }
        _modify { makeUnique(); yield &storage.queryString }
    }
    /// `SERVER_NAME`: the host name the server listens as.
    public var serverName: String {
        get { storage.serverName }
        _modify { makeUnique(); yield &storage.serverName }
    }
    /// `SERVER_PORT`: the port the request came in on.
    public var serverPort: Int {
        get { storage.serverPort }
        _modify { makeUnique(); yield &storage.serverPort }
    }
    /// `SERVER_PROTOCOL`: `HTTP/1.1` or `HTTP/1.0`.
    public var serverProtocol: String {
        get { storage.serverProtocol }
        _modify { makeUnique(); yield &storage.serverProtocol }
    }
    /// `REMOTE_ADDR`: the client's address.
    public var remoteAddr: String {
        get { storage.remoteAddr }
        _modify { makeUnique(); yield &storage.remoteAddr }
    }
    /// `REMOTE_PORT`: the client's port.
    public var remotePort: Int {
        get { storage.remotePort }
        _modify { makeUnique(); yield &storage.remotePort }
    }
    /// `wsgi.url_scheme`: `http` or `https`.
    public var urlScheme: String {
        get { storage.urlScheme }
        _modify { makeUnique(); yield &storage.urlScheme }
    }
    /// `REQUEST_URI`: the request target exactly as sent, still encoded.
    public var requestURI: String {
        get { storage.requestURI }
        _modify { makeUnique(); yield &storage.requestURI }
    }
    /// The request's header fields in order, duplicates kept (`CONTENT_TYPE`,
    /// `CONTENT_LENGTH` and every `HTTP_*` variable are read from here).
    public var headers: Headers {
        get { storage.headers }
        _modify { makeUnique(); yield &storage.headers }
    }
    /// `wsgi.input`: the request body, read in pieces.
    public var input: any RequestInput {
        get { storage.input }
        _modify { makeUnique(); yield &storage.input }
    }
    /// `wsgi.errors`: where the app writes diagnostics.
    public var errors: any ErrorStream {
        get { storage.errors }
        _modify { makeUnique(); yield &storage.errors }
    }
    /// `wsgi.multithread`: other threads may serve other requests at the same time.
    public var multithread: Bool {
        get { storage.multithread }
        _modify { makeUnique(); yield &storage.multithread }
    }
    /// `wsgi.multiprocess`: other processes may serve the same app.
    public var multiprocess: Bool {
        get { storage.multiprocess }
        _modify { makeUnique(); yield &storage.multiprocess }
    }
    /// `wsgi.run_once`: the app is called once in this process's life.
    public var runOnce: Bool {
        get { storage.runOnce }
        _modify { makeUnique(); yield &storage.runOnce }
    }
    /// Other string variables set by name that have no typed property (`environ["X_Y"] = ...`).
    public var variables: [String: String] {
        get { storage.variables }
        _modify { makeUnique(); yield &storage.variables }
    }

    /// Parse results shared by every `Request` over this environ and its copies.
    package var cache: EnvironCache { storage.cache }

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
        storage = EnvironStorage(
            method: method, scriptName: scriptName, pathInfo: pathInfo, queryString: queryString,
            serverName: serverName, serverPort: serverPort, serverProtocol: serverProtocol,
            remoteAddr: remoteAddr, remotePort: remotePort, urlScheme: urlScheme,
            requestURI: requestURI ?? (queryString.isEmpty ? scriptName + pathInfo : scriptName + pathInfo + "?" + queryString),
            headers: headers, input: input, errors: errors,
            multithread: multithread, multiprocess: multiprocess, runOnce: runOnce)
    }

    /// A typed value attached by middleware, or nil.
    public subscript<Key: EnvironKey>(key: Key.Type) -> Key.Value? {
        get { storage.extensions.isEmpty ? nil : storage.extensions[ObjectIdentifier(key)] as? Key.Value }
        set {
            makeUnique()
            storage.extensions[ObjectIdentifier(key)] = newValue
        }
    }

    /// Gives this environ its own storage before a change, when a copy shares it.
    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.duplicate() }
    }
}
