import Werk

/// The application behind `werk serve`: answers requests for folders under `root` with their
/// `index.html` or a listing, redirects a folder URL without its trailing slash (308), and
/// gives 404 for anything else. Files themselves are served by `sharedData` in front of it.
struct DirectoryIndex: Application {
    /// The folder being served.
    let root: String

    func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
        let request = Request(environ)
        let response: Response
        do {
            response = try answer(request)
        } catch {
            response = HTTPError.from(error).response(for: request)
        }
        return try response(&environ, startResponse)
    }

    func answer(_ request: Request) throws -> Response {
        guard request.method == "GET" || request.method == "HEAD" else {
            throw HTTPError.methodNotAllowed(allowed: ["GET", "HEAD"])
        }
        let relative = String(request.path.dropFirst())
        let trimmed = relative.hasSuffix("/") ? String(relative.dropLast()) : relative
        let folder: String
        if trimmed.isEmpty {
            folder = root
        } else {
            guard let joined = safeJoin(root: root, trimmed) else { throw HTTPError.notFound() }
            folder = joined
        }
        guard let info = try? FileInfo(path: folder), info.isDirectory else { throw HTTPError.notFound() }
        if !request.path.hasSuffix("/") {
            let target = request.scriptRoot + Request.encodePath(request.path + "/")
            return Response.redirect(to: target + (request.queryString.isEmpty ? "" : "?" + request.queryString),
                                     status: .permanentRedirect)
        }
        if let index = try? Response.file(folder + "/index.html") {
            return index.conditional(for: request)
        }
        return listing(of: folder, path: request.path)
    }

    /// An HTML list of the folder's entries, folders first, names escaped and links encoded.
    func listing(of folder: String, path: String) -> Response {
        var entries: [(name: String, isFolder: Bool, size: Int)] = []
        for name in (try? FileInfo.entries(ofFolder: folder)) ?? [] {
            guard let info = try? FileInfo(path: folder + "/" + name) else { continue }
            entries.append((name, info.isDirectory, info.size))
        }
        entries.sort { ($0.isFolder ? 0 : 1, $0.name) < ($1.isFolder ? 0 : 1, $1.name) }
        var rows = path == "/" ? "" : "<li><a href=\"../\">../</a></li>\n"
        for entry in entries {
            let shown = entry.name + (entry.isFolder ? "/" : "")
            let href = percentEncode(entry.name, safe: "") + (entry.isFolder ? "/" : "")
            let size = entry.isFolder ? "" : " <small>(\(entry.size) bytes)</small>"
            rows += "<li><a href=\"\(escapeHTML(href))\">\(escapeHTML(shown))</a>\(size)</li>\n"
        }
        let title = "Index of " + escapeHTML(path)
        return Response("""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(title)</title></head>
            <body>
            <h1>\(title)</h1>
            <ul>
            \(rows)</ul>
            </body>
            </html>

            """, contentType: "text/html; charset=utf-8")
    }
}
