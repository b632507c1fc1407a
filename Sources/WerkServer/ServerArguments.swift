/// The command-line options every Werk server program takes, parsed by hand (no package):
///
///     --host H --port P           a TCP address (default 127.0.0.1:8000)
///     --unix-socket PATH          a Unix domain socket (repeatable); --unix-socket-mode 660 sets its mode
///     --fd N                      an inherited listening descriptor (repeatable)
///     --workers N                 prefork worker processes (SIGHUP: rolling restart)
///     --threads N                 requests the application handles at once, per process
///     --grace-period S            the drain deadline for in-flight requests (seconds)
///     --keep-alive-drain S        while draining, how long idle keep-alive connections stay open
///     --static DIR --secret KEY --no-access-log
///
/// With `--unix-socket` or `--fd`, the server listens on TCP only when `--host` or `--port`
/// is given too. Sockets from systemd socket activation win over the others unless `--fd` picks
/// some of them (`runSimple`).
///
///     let arguments = try ServerArguments.parse(CommandLine.arguments.dropFirst())
///     try runSimple(listeningOn: arguments.addresses, app: app, options: arguments.options())
public struct ServerArguments: Sendable, Equatable {
    /// The host to listen on. Default `127.0.0.1`.
    public var host = "127.0.0.1"
    /// The port to listen on; 0 picks a free one. Default 8000.
    public var port = 8000
    /// Unix domain sockets to listen on (`--unix-socket`).
    public var unixSockets: [String] = []
    /// The permission bits of those sockets (`--unix-socket-mode`, octal), when given.
    public var unixSocketMode: UInt32?
    /// Inherited listening descriptors to serve (`--fd`).
    public var fileDescriptors: [Int32] = []
    /// True when `--host` or `--port` was given.
    public var tcpGiven = false
    /// A folder to serve static files from, when the program has one.
    public var staticFolder: String?
    /// A secret key (say, for signing session cookies).
    public var secret: String?
    /// Worker threads per process, when given.
    public var threads: Int?
    /// Worker processes (prefork), when given.
    public var workers: Int?
    /// The drain deadline (`ServerOptions.shutdownGracePeriod`), when given.
    public var gracePeriod: Duration?
    /// How long idle keep-alive connections stay open while draining
    /// (`ServerOptions.keepAliveDrainPeriod`), when given.
    public var keepAliveDrain: Duration?
    /// Whether the access log is on. Default true.
    public var accessLog = true
    /// Arguments that are not options, in order.
    public var positional: [String] = []

    /// The defaults.
    public init() {}

    /// Where to listen: the Unix sockets and descriptors given, and the TCP address when
    /// neither was given or `--host`/`--port` was.
    public var addresses: [ListenAddress] {
        var addresses = unixSockets.map { ListenAddress.unix(path: $0) } + fileDescriptors.map { ListenAddress.fileDescriptor($0) }
        if addresses.isEmpty || tcpGiven { addresses.insert(.tcp(host: host, port: port), at: 0) }
        return addresses
    }

    /// Server options with these arguments applied over `base`.
    public func options(_ base: ServerOptions = ServerOptions()) -> ServerOptions {
        var options = base
        if let threads { options.threads = threads }
        if let workers { options.processes = workers }
        if let unixSocketMode { options.unixSocketMode = unixSocketMode }
        if let gracePeriod { options.shutdownGracePeriod = gracePeriod }
        if let keepAliveDrain { options.keepAliveDrainPeriod = keepAliveDrain }
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
        func seconds(_ text: String, for option: String) throws -> Duration {
            guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
                throw ServerArgumentsError("\(option) takes seconds from 0 to 86400, not \(String(reflecting: text))")
            }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else { result.positional.append(argument); continue }
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let option = parts[0], inline = parts.count > 1 ? parts[1] : nil
            switch option {
            case "--host":
                result.host = try value(for: option, inline: inline)
                result.tcpGiven = true
            case "--port":
                result.port = try number(try value(for: option, inline: inline), for: option, range: 0...65535)
                result.tcpGiven = true
            case "--unix-socket":
                let path = try value(for: option, inline: inline)
                guard !path.isEmpty else { throw ServerArgumentsError("--unix-socket needs a path") }
                result.unixSockets.append(path)
            case "--unix-socket-mode":
                let text = try value(for: option, inline: inline)
                guard let mode = UInt32(text, radix: 8), mode <= 0o777 else {
                    throw ServerArgumentsError("--unix-socket-mode takes octal permission bits such as 660, not \(String(reflecting: text))")
                }
                result.unixSocketMode = mode
            case "--fd": result.fileDescriptors.append(Int32(try number(try value(for: option, inline: inline), for: option, range: 0...65535)))
            case "--static": result.staticFolder = try value(for: option, inline: inline)
            case "--secret": result.secret = try value(for: option, inline: inline)
            case "--threads": result.threads = try number(try value(for: option, inline: inline), for: option, range: 1...4096)
            case "--workers": result.workers = try number(try value(for: option, inline: inline), for: option, range: 1...256)
            case "--grace-period": result.gracePeriod = try seconds(try value(for: option, inline: inline), for: option)
            case "--keep-alive-drain": result.keepAliveDrain = try seconds(try value(for: option, inline: inline), for: option)
            case "--no-access-log": result.accessLog = false
            default: throw ServerArgumentsError("unknown option \(option)")
            }
        }
        return result
    }

    /// The usage line for programs that take these options.
    public static let usage = "options: --host H --port P [--unix-socket PATH [--unix-socket-mode 660]] [--fd N] [--workers N] [--threads N] "
        + "[--grace-period S] [--keep-alive-drain S] [--static DIR] [--secret KEY] [--no-access-log]"
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
