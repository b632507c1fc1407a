// The HTTP half of the raw-socket example: read a request line, write a whole response.

/// A complete HTTP/1.1 response as bytes: status line, headers, a blank line, the body.
/// `Content-Length` tells the client where the body ends; `Connection: close` says this
/// server closes the connection after one answer (it does not do keep-alive).
func httpResponse(status: String, contentType: String = "text/html; charset=utf-8",
                  body: String, extraHeaders: [String] = [], includeBody: Bool = true) -> [UInt8] {
    let bodyBytes = Array(body.utf8)
    var head = "HTTP/1.1 \(status)\r\n"
    head += "Content-Type: \(contentType)\r\n"
    head += "Content-Length: \(bodyBytes.count)\r\n"
    for header in extraHeaders { head += header + "\r\n" }
    head += "Connection: close\r\n\r\n"
    // A HEAD request gets the same head and no body (RFC 9110 s9.3.2).
    return Array(head.utf8) + (includeBody ? bodyBytes : [])
}

/// The answer to one request head: the page for `GET /` (or `HEAD /`), 404 for other paths,
/// 405 for other methods, 400 for a request line that is not `METHOD TARGET HTTP/x.y`.
func answer(toHead head: [UInt8]) -> [UInt8] {
    // The request line is everything before the first CRLF: "GET / HTTP/1.1".
    let lineEnd = head.firstIndex(of: 13) ?? head.count
    let parts = head[..<lineEnd].split(separator: 32, omittingEmptySubsequences: false)
    guard parts.count == 3, let method = String(validating: parts[0], as: UTF8.self),
          let target = String(validating: parts[1], as: UTF8.self),
          let version = String(validating: parts[2], as: UTF8.self),
          !method.isEmpty, !target.isEmpty, version == "HTTP/1.1" || version == "HTTP/1.0" else {
        return httpResponse(status: "400 Bad Request", body: "<h1>Bad Request</h1>\n")
    }
    let isHead = method == "HEAD"
    guard method == "GET" || isHead else {
        return httpResponse(status: "405 Method Not Allowed", body: "<h1>Method Not Allowed</h1>\n",
                            extraHeaders: ["Allow: GET, HEAD"])
    }
    // The path is the target without its query.
    let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
    guard path == "/" else {
        return httpResponse(status: "404 Not Found", body: "<h1>Not Found</h1>\n", includeBody: !isHead)
    }
    return httpResponse(status: "200 OK", body: "<h1>Hello, web!</h1>", includeBody: !isHead)
}
