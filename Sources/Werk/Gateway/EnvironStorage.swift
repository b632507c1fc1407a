/// The variables of an `Environ`, shared by its copies until one of them changes (copy on
/// write). The cache is made on first use; a storage copied from another shares its cache
/// (made then if need be), so every copy of the environ shares one, and a request that parses
/// nothing allocates none.
final class EnvironStorage {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): an
    // environ belongs to the thread serving its request, and `Environ` changes a storage only
    // when it holds the one reference to it; on this path the checks cost more than the work.
    @exclusivity(unchecked) var method: String
    @exclusivity(unchecked) var scriptName: String
    @exclusivity(unchecked) var pathInfo: String
    @exclusivity(unchecked) var queryString: String
    @exclusivity(unchecked) var serverName: String
    @exclusivity(unchecked) var serverPort: Int
    @exclusivity(unchecked) var serverProtocol: String
    @exclusivity(unchecked) var remoteAddr: String
    @exclusivity(unchecked) var remotePort: Int
    @exclusivity(unchecked) var urlScheme: String
    @exclusivity(unchecked) var requestURI: String
    @exclusivity(unchecked) var headers: Headers
    @exclusivity(unchecked) var input: any RequestInput
    @exclusivity(unchecked) var errors: any ErrorStream
    @exclusivity(unchecked) var multithread: Bool
    @exclusivity(unchecked) var multiprocess: Bool
    @exclusivity(unchecked) var runOnce: Bool
    @exclusivity(unchecked) var variables: [String: String]
    /// Typed values attached by middleware, keyed by `EnvironKey` type.
    @exclusivity(unchecked) var extensions: [ObjectIdentifier: Any]
    /// Parse results shared by every copy of the environ, once made.
    @exclusivity(unchecked) private var madeCache: EnvironCache?

    /// Parse results shared by every copy of the environ.
    var cache: EnvironCache {
        if let madeCache { return madeCache }
        let made = EnvironCache()
        madeCache = made
        return made
    }

    init(method: String, scriptName: String, pathInfo: String, queryString: String, serverName: String,
         serverPort: Int, serverProtocol: String, remoteAddr: String, remotePort: Int, urlScheme: String,
         requestURI: String, headers: Headers, input: any RequestInput, errors: any ErrorStream,
         multithread: Bool, multiprocess: Bool, runOnce: Bool, cache: EnvironCache? = nil) {
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
        self.requestURI = requestURI
        self.headers = headers
        self.input = input
        self.errors = errors
        self.multithread = multithread
        self.multiprocess = multiprocess
        self.runOnce = runOnce
        self.madeCache = cache
        self.variables = [:]
        self.extensions = [:]
    }

    /// A storage with the same variables, sharing this one's cache.
    func duplicate() -> EnvironStorage {
        let copy = EnvironStorage(
            method: method, scriptName: scriptName, pathInfo: pathInfo, queryString: queryString,
            serverName: serverName, serverPort: serverPort, serverProtocol: serverProtocol,
            remoteAddr: remoteAddr, remotePort: remotePort, urlScheme: urlScheme, requestURI: requestURI,
            headers: headers, input: input, errors: errors, multithread: multithread,
            multiprocess: multiprocess, runOnce: runOnce, cache: cache)
        copy.variables = variables
        copy.extensions = extensions
        return copy
    }
}
