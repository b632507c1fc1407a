// Errors while rendering: what went wrong and where.

/// An error while rendering a template: an undefined variable in strict mode, an operation
/// on values of the wrong types, a missing template, a macro called wrongly. It names the
/// template, line and column of the expression or statement that failed.
///
///     do { try templates.render("page.html", context) }
///     catch let error as TemplateError { print(error) }   // "page.html:3:8: 'user' is undefined"
public struct TemplateError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case undefined, type, value, zeroDivision, notFound, recursion, filter
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// An undefined value was used where that is an error (Jinja's `UndefinedError`).
        public static let undefined = Kind(.undefined)
        /// An operation got a value of the wrong type (Python's `TypeError`).
        public static let type = Kind(.type)
        /// An operation got a value it cannot use (Python's `ValueError`, a bad argument).
        public static let value = Kind(.value)
        /// Division or modulo by zero.
        public static let zeroDivision = Kind(.zeroDivision)
        /// A template that was extended, included or imported does not exist.
        public static let notFound = Kind(.notFound)
        /// Macros, includes or recursive loops nested too deeply.
        public static let recursion = Kind(.recursion)
        /// A filter or test registered by the application threw.
        public static let filter = Kind(.filter)

        /// The kind's name.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public let kind: Kind
    /// What went wrong, in Jinja's words where Jinja has them (`'user' is undefined`).
    public let message: String
    /// The template being rendered (for `notFound` at the top level: the name asked for).
    public let templateName: String
    /// The line (1-based) of the failing expression; 0 when not inside a template.
    public let line: Int
    /// The column (1-based) of the failing expression; 0 when not inside a template.
    public let column: Int
    /// The error a filter or test of the application threw, if that is the cause.
    public let underlying: (any Error)?

    init(_ kind: Kind, _ message: String, at location: TemplateLocation?, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.templateName = location?.template ?? ""
        self.line = location?.line ?? 0
        self.column = location?.column ?? 0
        self.underlying = underlying
    }

    /// A top-level template that does not exist.
    static func notFound(_ name: String) -> TemplateError {
        TemplateError(.notFound, "no template named '\(name)'", at: TemplateLocation(template: name, line: 0, column: 0))
    }

    /// `page.html:3:8: 'user' is undefined` (`TEMPLATE:LINE:COLUMN: message`).
    public var description: String {
        line > 0 ? "\(templateName):\(line):\(column): \(message)" : "\(templateName): \(message)"
    }

    /// The same as `description` (what a server logs for a failed request).
    public var debugDescription: String { "TemplateError: " + description }
}

/// Where in a template a node is, for error messages.
struct TemplateLocation: Sendable {
    let template: String
    let line: Int
    let column: Int
}

/// An error from an operation on values, before it knows where it happened; the compiled
/// node that called the operation adds its location.
struct TemplateRuntimeError: Error {
    let kind: TemplateError.Kind
    let message: String
    init(_ kind: TemplateError.Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Using an undefined value where Jinja's `Undefined` raises.
    static func undefined(_ value: TemplateValue) -> TemplateRuntimeError {
        if case .undefined(let undefined) = value.storage { return TemplateRuntimeError(.undefined, undefined.message) }
        return TemplateRuntimeError(.undefined, "value is undefined")
    }

    func located(_ location: TemplateLocation) -> TemplateError {
        TemplateError(kind, message, at: location)
    }
}

/// Runs `body`, giving a located `TemplateError` for a `TemplateRuntimeError`; errors already
/// located (from a macro or include further in) pass unchanged.
@inline(__always)
func at<T>(_ location: TemplateLocation, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as TemplateRuntimeError {
        throw error.located(location)
    }
}
