// The types a typed route handler takes placeholder values as.

/// A type a typed route handler can take a placeholder value as: `{ (request: Request, id: Int) in }`.
///
///     extension Slug: RouteParameter { init?(routeValue: any Sendable) { ... } }
public protocol RouteParameter: Sendable {
    /// The value from a matched placeholder's value, or nil when it does not fit.
    init?(routeValue: any Sendable)
}

extension Int: RouteParameter {
    /// An `Int` from an `int` placeholder (or a string of digits).
    public init?(routeValue: any Sendable) {
        if let value = routeValue as? Int { self = value } else if let text = routeValue as? String, let value = Int(text) { self = value } else { return nil }
    }
}

extension Double: RouteParameter {
    /// A `Double` from a `float` or `int` placeholder (or a string of a number).
    public init?(routeValue: any Sendable) {
        if let value = routeValue as? Double { self = value }
        else if let value = routeValue as? Int { self = Double(value) }
        else if let text = routeValue as? String, let value = Double(text) { self = value }
        else { return nil }
    }
}

extension String: RouteParameter {
    /// The text of any placeholder's value.
    public init?(routeValue: any Sendable) { self = routeValueText(routeValue) }
}
