import Werk

/// The look and the formats shared by the development pages: the debugger's error page and
/// the supervisor's compile-error, crash and rebuilding pages. Every value is escaped here.
enum DevPage {
    /// The forms a development page takes, picked from the request's `Accept` header.
    enum Format: Equatable {
        case html, text, json
    }

    /// HTML for browsers, JSON or plain text for clients that prefer them (Accept negotiation;
    /// no `Accept` header, or `*/*`, gets HTML).
    static func format(for request: Request) -> Format {
        let accept = request.acceptMimetypes
        if accept.isEmpty { return .html }
        switch accept.bestMatch(["text/html", "application/json", "text/plain"]) {
        case "application/json": return .json
        case "text/plain": return .text
        default: return .html
        }
    }

    /// A whole page: `title` in the head and the first heading, `lead` under it, then
    /// `sections` (already HTML), and the live-reload script when a token is given.
    static func html(title: String, lead: String, sections: [String], liveToken: String?) -> String {
        var page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(escapeHTML(title))</title>
        <style>\(style)</style></head>
        <body>
        <h1>\(escapeHTML(title))</h1>
        <p class="lead">\(escapeHTML(lead))</p>

        """
        page += sections.joined(separator: "\n")
        page += "\n<p class=\"foot\">Werk development mode: this page is never shown with debug off.</p>\n"
        if let liveToken { page += LiveReload.script(token: liveToken) }
        page += "</body>\n</html>\n"
        return page
    }

    /// A `<section>` with a heading over `content` (already HTML).
    static func section(_ heading: String, _ content: String) -> String {
        "<section><h2>\(escapeHTML(heading))</h2>\n\(content)\n</section>"
    }

    /// A two-column table of name/value pairs; "none" when empty.
    static func table(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "<p class=\"none\">none</p>" }
        var out = "<table>\n"
        for (name, value) in pairs { out += "<tr><th>\(escapeHTML(name))</th><td>\(escapeHTML(value))</td></tr>\n" }
        return out + "</table>"
    }

    /// Preformatted text.
    static func pre(_ text: String) -> String { "<pre>\(escapeHTML(text))</pre>" }

    /// Plain-text lines for a table: `  name: value`.
    static func textTable(_ heading: String, _ pairs: [(String, String)]) -> String {
        "\(heading):\n" + (pairs.isEmpty ? "  none\n" : pairs.map { "  \($0.0): \($0.1)\n" }.joined())
    }

    /// The response headers every development page carries: never cached.
    static func headers() -> Headers {
        var headers = Headers()
        headers.addUnchecked("Cache-Control", "no-store")
        return headers
    }

    static let style = """
    body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1d1d1f}
    h1{font-size:1.5rem;margin:.5rem 0;color:#a40000}h2{font-size:1.1rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
    .lead{font-size:1.1rem}.foot,.none{color:#777}table{border-collapse:collapse;width:100%}
    th,td{text-align:left;vertical-align:top;padding:.15rem .5rem;border-bottom:1px solid #eee;font-family:ui-monospace,monospace;font-size:13px}
    th{width:16rem;white-space:nowrap}td{word-break:break-all}
    pre{background:#f6f6f6;padding:.75rem;overflow:auto;font-size:13px}.marker{color:#a40000;font-weight:bold}
    """
}
