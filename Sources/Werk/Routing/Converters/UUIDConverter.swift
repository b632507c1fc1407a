#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `<uuid:name>`: a UUID in its 36-character form (`8-4-4-4-12` hex digits, either case);
/// the value is a `UUID`. URLs use lowercase.
///
///     Rule("/orders/<uuid:id>", endpoint: "order")
public struct UUIDConverter: RouteConverter {
    /// A UUID converter: `UUIDConverter()`.
    public init() {}

    /// From rule arguments; `uuid` takes none.
    ///
    ///     try UUIDConverter(arguments: ConverterArguments())
    public init(arguments: ConverterArguments) throws {
        try arguments.check(allowed: [], maxPositional: 0)
    }

    /// The `UUID` when `text` is one.
    public func toValue(_ text: Substring) -> (any Sendable)? {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return nil }
        for (offset, byte) in utf8.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                if byte != UInt8(ascii: "-") { return nil }
            } else if !HTTPSyntax.isHexDigit(byte) {
                return nil
            }
        }
        return UUID(uuidString: String(text))
    }

    /// The lowercase form; a `UUID` or a string of one.
    public func toURL(_ value: any Sendable) throws -> String {
        if let uuid = value as? UUID { return uuid.uuidString.lowercased() }
        if let text = value as? String, let uuid = toValue(Substring(text)) as? UUID { return uuid.uuidString.lowercased() }
        throw RouteConverterError("expected a UUID")
    }

    /// More specific than strings: 60.
    public var weight: Int { 60 }
}

extension UUID: RouteParameter {
    /// A `UUID` from a `uuid` placeholder (or a string of one).
    public init?(routeValue: any Sendable) {
        if let value = routeValue as? UUID { self = value }
        else if let text = routeValue as? String, let value = UUID(uuidString: text) { self = value }
        else { return nil }
    }
}
