/// What routing reports: the outcomes of matching that are HTTP answers (not found, method
/// not allowed, a redirect, an automatic OPTIONS answer), malformed rules and conflicts found
/// when a map is built, and failures of URL building.
///
///     do { let match = try adapter.match("/users/7", method: "GET") }
///     catch .methodNotAllowed(let allowed) { /* 405, Allow: allowed */ }
///     catch .redirect(let location) { /* 308 to location */ }
public enum RoutingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No rule matches the path (404).
    case notFound
    /// A rule matches the path but not the method (405); `allowed` lists every method the path accepts.
    case methodNotAllowed(allowed: [String])
    /// The URL should be requested at `location` (308): the slash form of a strict-slashes rule
    /// or the path with repeated slashes merged. `location` is the encoded path with the script
    /// root and the original query string.
    case redirect(location: String)
    /// No rule matches the path, and no rule of the map accepts the method at all (501, RFC 9110
    /// s9.1): methods are case-sensitive, so `get` is such a method.
    case methodNotImplemented(String)
    /// An OPTIONS request to a path no rule claims OPTIONS for: answer 200 with `Allow: allowed`.
    case options(allowed: [String])
    /// A rule pattern is malformed; `message` says where and why.
    case invalidPattern(pattern: String, message: String)
    /// A rule uses a converter the map does not know.
    case unknownConverter(name: String, pattern: String)
    /// A converter rejected its arguments in a rule.
    case invalidConverterArguments(converter: String, pattern: String, message: String)
    /// Two rules can never be told apart: same path shape, same host and a shared method.
    case conflict(first: String, second: String, detail: String)
    /// URL building found no rule for the endpoint or name.
    case unknownEndpoint(String)
    /// URL building found rules for the endpoint, but values they need are missing.
    case missingValues(endpoint: String, pattern: String, missing: [String])
    /// URL building could not convert a value for a placeholder.
    case invalidValue(endpoint: String, name: String, value: String, message: String)

    /// The HTTP status of a matching outcome: 404, 405, 308, 200 (options), else 500.
    ///
    ///     RoutingError.notFound.statusCode   // 404
    public var statusCode: Int {
        switch self {
        case .notFound: return 404
        case .methodNotAllowed: return 405
        case .methodNotImplemented: return 501
        case .redirect: return 308
        case .options: return 200
        default: return 500
        }
    }

    /// The header fields a matching outcome's response carries (`Allow`, `Location`).
    ///
    ///     RoutingError.methodNotAllowed(allowed: ["GET", "HEAD"]).responseHeaders  // [("Allow", "GET, HEAD")]
    public var responseHeaders: [(String, String)] {
        switch self {
        case .methodNotAllowed(let allowed), .options(let allowed): return [("Allow", allowed.joined(separator: ", "))]
        case .redirect(let location): return [("Location", location)]
        default: return []
        }
    }

    /// A message for logs and test failures.
    public var description: String {
        switch self {
        case .notFound: return "no rule matches the URL (404 Not Found)"
        case .methodNotAllowed(let allowed):
            return "method not allowed (405); allowed: \(allowed.joined(separator: ", "))"
        case .redirect(let location): return "redirect (308) to \(location)"
        case .methodNotImplemented(let method): return "no rule accepts the method \(String(reflecting: method)) (501 Not Implemented)"
        case .options(let allowed): return "automatic OPTIONS answer; allowed: \(allowed.joined(separator: ", "))"
        case .invalidPattern(let pattern, let message): return "invalid rule pattern '\(pattern)': \(message)"
        case .unknownConverter(let name, let pattern): return "unknown converter '\(name)' in rule '\(pattern)'"
        case .invalidConverterArguments(let converter, let pattern, let message):
            return "invalid arguments for converter '\(converter)' in rule '\(pattern)': \(message)"
        case .conflict(let first, let second, let detail):
            return "rules \(first) and \(second) can never be told apart (\(detail))"
        case .unknownEndpoint(let endpoint): return "no rule to build a URL for endpoint \(endpoint)"
        case .missingValues(let endpoint, let pattern, let missing):
            return "cannot build a URL for endpoint \(endpoint) with rule '\(pattern)': missing "
                + missing.map { "'\($0)'" }.joined(separator: ", ")
        case .invalidValue(let endpoint, let name, let value, let message):
            return "cannot build a URL for endpoint \(endpoint): value \(value) for '\(name)' is invalid: \(message)"
        }
    }
}
