/// The command-line options every Werk server program takes, parsed by hand (no package):
/// `--host H --port P --static DIR --secret KEY --threads N --workers N --no-access-log`.
///
///     let arguments = try ServerArguments.parse(CommandLine.arguments.dropFirst())
///     try runSimple(host: arguments.host, port: arguments.port, app: app, options: arguments.options)
public struct ServerArguments: Sendable, Equatable {
    /// The host to listen on. Default `127.0.0.1`.
    public var host = "127.0.0.1"
    /// The port to listen on; 0 picks a free one. Default 8000.
    public var port = 8000
    /// A folder to serve static files from, when the program has one.
    public var staticFolder: String?
    /// A secret key (say, for signing session cookies).
    public var secret: String?
    /// Worker threads per process, when given.
    public var threads: Int?
    /// Worker processes (prefork), when given.
    public var workers: Int?
    /// Whether the access log is on. Default true.
    public var accessLog = true
    /// Arguments that are not options, in order.
    public var positional: [String] = []

    /// The defaults.
    public init() {}

    /// Server options with these arguments applied over `base`.
    public func options(_ base: ServerOptions = ServerOptions()) -> ServerOptions {
        var options = base
        if let threads { options.threads = threads }
        if let workers { options.processes = workers }
        options.accessLog = accessLog
        return options
    }

    /// Parses `arguments` (without the program name). Throws `ServerArgumentsError` with a
    /// message naming the option for an unknown option, a missing value or a bad number.
    public static func parse<S: Sequence>(_ arguments: S) throws -> ServerArguments where S.Element == String {
        var result = ServerArguments()
        var iterator = arguments.makeIterator()
        func value(for option: String, inline: String?) throws -> String {
            if let inline { return inline }
            guard let next = iterator.next() else { throw ServerArgumentsError("\(option) needs a value") }
            return next
        }
        func number(_ text: String, for option: String, range: ClosedRange<Int>) throws -> Int {
            guard let number = Int(text), range.contains(number) else {
                throw ServerArgumentsError("\(option) takes a number from \(range.lowerBound) to \(range.upperBound), not \(String(reflecting: text))")
            }
            return number
        }
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else { result.positional.append(argument); continue }
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let option = parts[0], inline = parts.count > 1 ? parts[1] : nil
            switch option {
            case "--host": result.host = try value(for: option, inline: inline)
            case "--port": result.port = try number(try value(for: option, inline: inline), for: option, range: 0...65535)
            case "--static": result.staticFolder = try value(for: option, inline: inline)
            case "--secret": result.secret = try value(for: option, inline: inline)
            case "--threads": result.threads = try number(try value(for: option, inline: inline), for: option, range: 1...4096)
            case "--workers": result.workers = try number(try value(for: option, inline: inline), for: option, range: 1...256)
            case "--no-access-log": result.accessLog = false
            default: throw ServerArgumentsError("unknown option \(option)")
            }
        }
        return result
    }

    /// The usage line for programs that take these options.
    public static let usage = "options: --host H --port P [--static DIR] [--secret KEY] [--threads N] [--workers N] [--no-access-log]"
}

/// A command-line argument could not be used.
public struct ServerArgumentsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the option.
    public let message: String
    /// An error with `message`, naming the option.
    public init(message: String) { self.message = message }
    init(_ message: String) { self.message = message }
    /// The message and the usage line.
    public var description: String { "\(message)\n\(ServerArguments.usage)" }
}
