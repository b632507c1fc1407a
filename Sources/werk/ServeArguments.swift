import WerkServer

/// The arguments of `werk serve`, in Werk's spelling (`werk serve DIR --host H --port P`) and
/// in `python -m http.server`'s (`werk serve 8000 --bind 127.0.0.1 --directory DIR`): a
/// positional argument made of digits is the port, any other is the folder. `--dotfiles` serves
/// names starting with a dot (404 otherwise).
enum ServeArguments {
    /// The folder to serve and the server arguments. Throws `ServerArgumentsError` naming the
    /// argument that cannot be used.
    static func parse(_ arguments: ArraySlice<String>) throws -> (folder: String, server: ServerArguments, dotfiles: Bool) {
        var rewritten: [String] = []
        var folder: String?
        var dotfiles = false
        var iterator = arguments.makeIterator()
        func setFolder(_ value: String) throws {
            guard folder == nil else { throw ServerArgumentsError(message: "serve takes one folder") }
            folder = value
        }
        while let argument = iterator.next() {
            let (option, inline) = split(argument)
            switch option {
            case "--bind", "-b":
                guard let value = inline ?? iterator.next() else { throw ServerArgumentsError(message: "\(option) needs an address") }
                rewritten += ["--host", value]
            case "--dotfiles":
                dotfiles = true
            case "--directory", "-d":
                guard let value = inline ?? iterator.next() else { throw ServerArgumentsError(message: "\(option) needs a folder") }
                try setFolder(value)
            default:
                rewritten.append(argument)
            }
        }
        var parsed = try ServerArguments.parse(rewritten)
        var portGiven = rewritten.contains { $0 == "--port" || $0.hasPrefix("--port=") }
        for positional in parsed.positional {
            if !positional.isEmpty, positional.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                guard !portGiven else { throw ServerArgumentsError(message: "serve takes one port, not \(positional) as well") }
                guard let port = Int(positional), port <= 65535 else {
                    throw ServerArgumentsError(message: "the port must be a number from 0 to 65535, not \(positional)")
                }
                parsed.port = port
                portGiven = true
            } else {
                try setFolder(positional)
            }
        }
        parsed.positional = []
        return (folder ?? ".", parsed, dotfiles)
    }

    /// `--bind=H` as ("--bind", "H"); other arguments as (argument, nil).
    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
