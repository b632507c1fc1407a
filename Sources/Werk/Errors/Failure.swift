/// A plain error for apps to throw: a message plus the file and line it was made on, so the
/// debugger page (`debugger()`, `runSimple(debug: true)`, `werk run`) points at the line.
///
///     guard let user = users[id] else { throw Failure("user \(id) is missing from the cache") }
public struct Failure: LocatedError, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for the developer.
    public let message: String
    /// Where the failure was made: `#fileID` and `#line` of the call.
    public let location: CodeLocation

    /// A failure with `message`, remembering the caller's file and line.
    public init(_ message: String, fileID: String = #fileID, line: Int = #line) {
        self.message = message
        self.location = CodeLocation(fileID: fileID, line: line)
    }

    /// The message.
    public var description: String { message }
}
