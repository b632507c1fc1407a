extension Response {
    /// An HTML response (`text/html; charset=utf-8`).
    ///
    ///     Response(html: "<h1>Home</h1>")
    ///     Response(html: page, status: .notFound)
    public init(html: String, status: Status = .ok, headers: Headers = Headers()) {
        self.init(body: Body(html), status: status, headers: headers, contentType: Response.htmlContentType)
    }

    /// The media type of `Response(html:)`.
    public static let htmlContentType = "text/html; charset=utf-8"
}
