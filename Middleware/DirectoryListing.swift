import Werk

/// An HTML page listing the entries of `folder` for the URL path `path` (ending in `/`): folders
/// first, then files with their sizes, names escaped and links percent-encoded, a `../` link
/// below the root. Names starting with a dot are left out unless `showDotfiles`.
/// `sharedData`'s folder listings and `werk serve` both use it.
///
///     directoryListing(of: "./public/docs", path: "/docs/")
public func directoryListing(of folder: String, path: String, showDotfiles: Bool = false) -> Response {
    var entries: [(name: String, isFolder: Bool, size: Int)] = []
    for name in (try? FileInfo.entries(ofFolder: folder)) ?? [] where showDotfiles || !name.hasPrefix(".") {
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
    return Response(html: """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>\(title)</title></head>
        <body>
        <h1>\(title)</h1>
        <ul>
        \(rows)</ul>
        </body>
        </html>

        """)
}
