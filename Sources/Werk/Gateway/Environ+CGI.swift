extension Environ {
    /// The CGI/WSGI view by name: `REQUEST_METHOD`, `SCRIPT_NAME`, `PATH_INFO`, `QUERY_STRING`,
    /// `CONTENT_TYPE`, `CONTENT_LENGTH`, `SERVER_NAME`, `SERVER_PORT`, `SERVER_PROTOCOL`,
    /// `REMOTE_ADDR`, `REMOTE_PORT`, `REQUEST_URI`, `wsgi.url_scheme` and `HTTP_*` for each header
    /// (`HTTP_USER_AGENT` is `User-Agent`; duplicates joined by `", "`).
    ///
    /// Setting a name writes the typed property or header behind it; setting nil removes a
    /// header or an extra variable. Other names are kept in `variables`.
    public subscript(name: String) -> String? {
        get {
            switch name {
            case "REQUEST_METHOD": return method
            case "SCRIPT_NAME": return scriptName
            case "PATH_INFO": return pathInfo
            case "QUERY_STRING": return queryString
            case "CONTENT_TYPE": return headers["Content-Type"]
            case "CONTENT_LENGTH": return headers["Content-Length"]
            case "SERVER_NAME": return serverName
            case "SERVER_PORT": return String(serverPort)
            case "SERVER_PROTOCOL": return serverProtocol
            case "REMOTE_ADDR": return remoteAddr
            case "REMOTE_PORT": return String(remotePort)
            case "REQUEST_URI", "RAW_URI": return requestURI
            case "wsgi.url_scheme": return urlScheme
            default:
                if let header = Environ.headerName(forCGI: name) {
                    return headers.fields.contains { Environ.cgiName(matches: $0.name, header) }
                        ? headers.fields.filter { Environ.cgiName(matches: $0.name, header) }.map(\.value)
                            .joined(separator: header == "COOKIE" ? "; " : ", ")
                        : nil
                }
                return variables[name]
            }
        }
        set {
            switch name {
            case "REQUEST_METHOD": method = newValue ?? ""
            case "SCRIPT_NAME": scriptName = newValue ?? ""
            case "PATH_INFO": pathInfo = newValue ?? ""
            case "QUERY_STRING": queryString = newValue ?? ""
            case "CONTENT_TYPE": setHeader("Content-Type", newValue)
            case "CONTENT_LENGTH": setHeader("Content-Length", newValue)
            case "SERVER_NAME": serverName = newValue ?? ""
            case "SERVER_PORT": serverPort = newValue.flatMap { Int($0) } ?? 0
            case "SERVER_PROTOCOL": serverProtocol = newValue ?? ""
            case "REMOTE_ADDR": remoteAddr = newValue ?? ""
            case "REMOTE_PORT": remotePort = newValue.flatMap { Int($0) } ?? 0
            case "REQUEST_URI", "RAW_URI": requestURI = newValue ?? ""
            case "wsgi.url_scheme": urlScheme = newValue ?? "http"
            default:
                if let header = Environ.headerName(forCGI: name) {
                    // The header keeps the usual spelling: HTTP_X_FORWARDED_FOR -> X-Forwarded-For.
                    let spelled = header.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }
                        .joined(separator: "-")
                    headers.fields.filter { Environ.cgiName(matches: $0.name, header) }
                        .forEach { headers.remove($0.name) }
                    setHeader(spelled, newValue)
                } else {
                    variables[name] = newValue
                }
            }
        }
    }

    /// Every CGI variable with a value, by name (for debugging and the lint middleware).
    public var cgiVariables: [String: String] {
        var all = variables
        for name in ["REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SERVER_NAME", "SERVER_PORT",
                     "SERVER_PROTOCOL", "REMOTE_ADDR", "REMOTE_PORT", "REQUEST_URI", "wsgi.url_scheme"] {
            all[name] = self[name]
        }
        if let type = headers["Content-Type"] { all["CONTENT_TYPE"] = type }
        if let length = headers["Content-Length"] { all["CONTENT_LENGTH"] = length }
        for field in headers {
            let key = Environ.cgiName(forHeader: field.name)
            if key == "HTTP_CONTENT_TYPE" || key == "HTTP_CONTENT_LENGTH" { continue }
            all[key] = self[key]
        }
        return all
    }

    private mutating func setHeader(_ name: String, _ value: String?) {
        if let value {
            // Filter scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
            var clean = String.UnicodeScalarView()
            clean.append(contentsOf: value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" })
            headers.setUnchecked(name, String(clean))
        } else {
            headers.remove(name)
        }
    }

    /// `HTTP_USER_AGENT` -> `USER_AGENT`; nil for names that are not `HTTP_*`.
    static func headerName(forCGI name: String) -> String? {
        guard name.hasPrefix("HTTP_"), name.utf8.count > 5 else { return nil }
        return String(name.dropFirst(5))
    }

    /// `User-Agent` -> `HTTP_USER_AGENT`.
    static func cgiName(forHeader name: String) -> String {
        "HTTP_" + String(String.UnicodeScalarView(name.unicodeScalars.map { $0 == "-" ? "_" : $0 })).uppercased()
    }

    /// True when header `name` maps to the CGI suffix `cgi` (`User-Agent` ~ `USER_AGENT`).
    static func cgiName(matches name: String, _ cgi: String) -> Bool {
        let a = name.utf8, b = cgi.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            let upper = x >= 0x61 && x <= 0x7A ? x - 0x20 : (x == UInt8(ascii: "-") ? UInt8(ascii: "_") : x)
            if upper != y { return false }
        }
        return true
    }
}
