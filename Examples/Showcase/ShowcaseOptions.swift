import Werk
import WerkMiddleware
import WerkRedis
import WerkServer

/// The showcase's own command-line options, for running it behind a proxy with shared
/// sessions (Examples/Deploy); without them it is the conformance contract's app, unchanged:
///
///     --proxy-fix N    trust N proxies in front for X-Forwarded-For/-Proto/-Host (ProxyFix),
///                      and answer GET /client with the address and scheme the app sees
///     --redis URL      keep sessions in Redis (redis://host:port/db, unix:/path, /path)
///     --health         answer /healthz and /readyz (ready while serving, 503 while draining)
struct ShowcaseOptions {
    var proxyFix = 0
    var redis: String?
    var health = false
    /// The arguments left for `ServerArguments`.
    var rest: [String] = []

    /// Takes the showcase's options out of `arguments`.
    static func parse(_ arguments: [String]) throws -> ShowcaseOptions {
        var options = ShowcaseOptions()
        var index = 0
        func value(_ option: String, inline: String?) throws -> String {
            if let inline { return inline }
            guard index + 1 < arguments.count else { throw ServerArgumentsError(message: "\(option) needs a value") }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let inline = parts.count > 1 ? parts[1] : nil
            switch parts[0] {
            case "--proxy-fix":
                let text = try value("--proxy-fix", inline: inline)
                guard let count = Int(text), (1...10).contains(count) else {
                    throw ServerArgumentsError(message: "--proxy-fix takes the number of trusted proxies (1-10), not \(String(reflecting: text))")
                }
                options.proxyFix = count
            case "--redis": options.redis = try value("--redis", inline: inline)
            case "--health": options.health = true
            default: options.rest.append(argument)
            }
            index += 1
        }
        return options
    }

    /// The session store these options name: Redis, or nil for the signed cookie.
    func sessionStore() throws -> (any SessionStore)? {
        guard let redis else { return nil }
        return RedisSessionStore(RedisClient(try RedisConfiguration(url: redis)), prefix: "showcase:session:")
    }

    /// `app` with the middleware these options ask for, outermost first: health checks
    /// (answered before anything else), ProxyFix, then the app's own stack.
    func wrap(_ app: any Application, readiness: Readiness) -> any Application {
        var middleware: [Middleware] = []
        if health { middleware.append(WerkMiddleware.health(readiness)) }
        if proxyFix > 0 {
            middleware.append(WerkMiddleware.proxyFix(xFor: proxyFix, xProto: proxyFix, xHost: proxyFix))
            middleware.append(clientPage)
        }
        return middleware.isEmpty ? app : stack(middleware, app: app)
    }

    /// `GET /client`: the client address and scheme the app sees, as JSON (to check a proxy setup).
    private var clientPage: Middleware {
        { app in
            AppFunction { environ, startResponse in
                guard environ.pathInfo == "/client", environ.method == "GET" else { return try app(&environ, startResponse) }
                let seen = ["remote_addr": environ.remoteAddr, "scheme": environ.urlScheme, "host": environ.headers["Host"] ?? ""]
                return try Response.json(seen)(&environ, startResponse)
            }
        }
    }
}
