/// A place in the source: the `#fileID` (`"MyApp/Handlers.swift"`) and `#line` of a call.
///
///     let here = CodeLocation()          // where this line is
///     here.description                     // "MyApp/main.swift:12"
public struct CodeLocation: Sendable, Hashable, CustomStringConvertible {
    /// The module and file name, as `#fileID` gives them: `"MyApp/Handlers.swift"`.
    public let fileID: String
    /// The 1-based line.
    public let line: Int

    /// The location of the caller, or the one given.
    public init(fileID: String = #fileID, line: Int = #line) {
        self.fileID = fileID
        self.line = line
    }

    /// `"MyApp/Handlers.swift:12"`.
    public var description: String { "\(fileID):\(line)" }
}

/// An error that knows where it was thrown; the debugger page shows the place.
///
///     struct QuotaExceeded: LocatedError {
///         let location: CodeLocation
///         init(fileID: String = #fileID, line: Int = #line) { location = CodeLocation(fileID: fileID, line: line) }
///     }
public protocol LocatedError: Error {
    /// Where the error was made (normally where it was thrown).
    var location: CodeLocation { get }
}
