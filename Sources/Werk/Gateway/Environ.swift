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

/// The few values one request caches, by name: searched in order (a handful of short keys,
/// cheaper than hashing), in insertion order.
package struct CachedValues {
    private var entries: [(key: String, value: Any)] = []

    package init() {}

    /// The value stored under `key`; assigning nil removes it.
    package subscript(key: String) -> Any? {
        get {
            // By index: comparing keys without copying the values.
            for position in entries.indices where entries[position].key == key { return entries[position].value }
            return nil
        }
        set {
            for position in entries.indices where entries[position].key == key {
                if let newValue { entries[position].value = newValue } else { entries.remove(at: position) }
                return
            }
            guard let newValue else { return }
            if entries.capacity == 0 { entries.reserveCapacity(4) }
            entries.append((key, newValue))
        }
    }
}

/// Lazily parsed values of a request, shared by every copy of one environ so that parsing
/// happens once however many `Request`s wrap it. Owned by the thread serving the request.
package final class EnvironCache {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    @exclusivity(unchecked) package var values = CachedValues()
    /// The values every request with a body or query reads, typed (no boxing into `Any`).
    @exclusivity(unchecked) package var data: [UInt8]?
    @exclusivity(unchecked) package var form: ParsedForm?
    @exclusivity(unchecked) package var args: MultiDict<String, String>?
    @exclusivity(unchecked) package var temporaryFiles: TemporaryFiles?
    package init() {}

    /// The cached value for `key`, computed by `make` on first use.
    package func value<T>(_ key: String, _ make: () throws -> T) rethrows -> T {
        // Unwrap the entry first: a missing entry would otherwise cast to an Optional T as nil.
        if let entry = values[key], let cached = entry as? T { return cached }
        let made = try make()
        values[key] = made
        return made
    }
}
