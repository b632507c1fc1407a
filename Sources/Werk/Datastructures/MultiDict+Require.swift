extension MultiDict where Key == String {
    /// The first value for `key`, or an `HTTPError` 400 naming the missing field (Werkzeug's
    /// `BadRequestKeyError`): a field the handler cannot work without answers 400, not 500.
    ///
    ///     let user = try request.form.require("username")
    ///     let page = try request.args.require("page")
    public func require(_ key: String, fileID: String = #fileID, line: Int = #line) throws(HTTPError) -> Value {
        guard let value = first(key) else { throw HTTPError.badRequestKey(key, fileID: fileID, line: line) }
        return value
    }
}

extension HTTPError {
    /// 400 Bad Request for a required field that is missing, naming it (Werkzeug's
    /// `BadRequestKeyError`); the name is shown to the client, escaped on the HTML page.
    ///
    ///     throw HTTPError.badRequestKey("username")   // "The request has no 'username' field."
    public static func badRequestKey(_ key: String, fileID: String = #fileID, line: Int = #line) -> HTTPError {
        HTTPError.badRequest("The request has no '\(key)' field.", fileID: fileID, line: line)
    }
}
