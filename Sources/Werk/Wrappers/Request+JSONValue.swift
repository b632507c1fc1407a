extension Request {
    /// The JSON body as an untyped `JSONValue`, parsed once and kept in the environ (so every
    /// `Request` over it shares the result). Throws 415 when the request is not JSON and 400 when
    /// the body is not valid JSON, as `json(_:)` does.
    ///
    ///     let body = try request.jsonValue
    ///     let name = try body.require("name").stringValue   // 400 names "name" when absent
    public var jsonValue: JSONValue {
        get throws {
            try cached(.jsonValue) { try json(JSONValue.self) }
        }
    }
}
