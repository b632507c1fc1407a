/// An error thrown when a key derivation (PBKDF2, scrypt) is asked for parameters that are
/// invalid or larger than the limits allow. The message names the parameter and the rule.
///
/// ```swift
/// do { _ = try Scrypt.deriveKey(password: pw, salt: salt, n: 1000, r: 8, p: 1) }
/// catch let error as KeyDerivationError { print(error) }   // "scrypt: N must be a power of 2 ..."
/// ```
public struct KeyDerivationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, in a sentence.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
