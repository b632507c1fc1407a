/// A typed key for a value that middleware attaches to an `Environ`.
///
/// Declare an enum per value; the value is then read and written without string keys or casts:
///
///     enum RequestIDKey: EnvironKey { typealias Value = String }
///     environ[RequestIDKey.self] = "4f1c"
///     let id = environ[RequestIDKey.self]   // String?
public protocol EnvironKey {
    /// The type of the value stored under this key.
    associatedtype Value
}
