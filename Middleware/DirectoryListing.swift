import Werk

/// An HTML page listing the entries of `folder` for the URL path `path` (ending in `/`): folders
/// first, then files with their sizes, names escaped and links percent-encoded, a `../` link
/// below the root. Names starting with a dot are left out unless `showDotfiles`. With `root`
/// (the served folder), what could not be fetched is left out too: links leading out of it
/// (their size would tell what lies outside) and names with a backslash.
/// `sharedData`'s folder listings and `werk serve` both use it.
///
///     directoryListing(of: "./public/docs", path: "/docs/", root: "./public")
public func directoryListing(of folder: String, path: String, showDotfiles: Bool = false, root: String? = nil) -> Response {
    let realRoot = root.flatMap(realPath)
    var entries: [(name: String, isFolder: Bool, size: Int)] = []
    for name in (try? FileInfo.entries(ofFolder: folder)) ?? [] where showDotfiles || !name.hasPrefix(".") {
        let full = folder + "/" + name
        if root != nil {
            guard !name.contains("\\") else { continue }
            if (try? FileInfo(path: full, followingLinks: false))?.isSymbolicLink == true {
                guard let realRoot, let target = realPath(full),
                      target == realRoot || target.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else { continue }
            }
        }
        // Pipes, sockets and devices are not served: not listed either.
        guard let info = try? FileInfo(path: full), info.isDirectory || info.isRegularFile else { continue }
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
