extension AccessLogEntry {
    /// The Common Log Format line (Apache's `%h %l %u %t "%r" %>s %b`), ending in a newline.
    ///
    ///     127.0.0.1 - ada [06/Nov/2024:08:49:37 +0000] "GET /hello HTTP/1.1" 200 13
    public var commonLogFormat: String {
        let host = remoteHost.isEmpty ? "-" : remoteHost
        let sent = bytes > 0 ? String(bytes) : "-"
        return "\(host) - \(userField) [\(AccessLogEntry.clfTime(time))] \"\(AccessLogEntry.escaped(requestLine))\" \(status) \(sent)\n"
    }

    /// The Combined Log Format line: Common plus the quoted `Referer` and `User-Agent`
    /// (`-` when absent), ending in a newline.
    ///
    ///     127.0.0.1 - - [06/Nov/2024:08:49:37 +0000] "GET / HTTP/1.1" 200 13 "https://example.com/" "curl/8.5"
    public var combinedLogFormat: String {
        String(commonLogFormat.dropLast()) + " \"\(AccessLogEntry.escaped(referrer ?? "-"))\" \"\(AccessLogEntry.escaped(userAgent ?? "-"))\"\n"
    }

    /// The `%u` field: the user, escaped, or `-`.
    var userField: String {
        guard let remoteUser, !remoteUser.isEmpty else { return "-" }
        return AccessLogEntry.escaped(remoteUser).replacing(" ", with: "\\x20")
    }
}
