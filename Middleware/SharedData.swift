import Werk

/// Middleware that serves static files under URL prefixes (Werkzeug's `SharedDataMiddleware`),
/// in front of an app: `GET`/`HEAD` requests below a prefix get the file with its type (by
/// extension), `Content-Length`, `ETag`, `Last-Modified` and the mount's `Cache-Control`,
/// answered conditionally (304, 412, 206 ranges, 416), sent with sendfile(2) when the server can.
///
/// - Precompressed siblings: with `style.css.br` or `style.css.gz` beside `style.css`, a client
///   that accepts `br` or `gzip` gets that file with `Content-Encoding`; every answer for such
///   a file says `Vary: Accept-Encoding`. The uncompressed file must exist.
/// - Folders: a folder's URL serves its `index.html` (or `index.htm`), or a listing when the
///   mount has `listing`; any other spelling of it (no trailing slash, `//`, `/./`, `%2F`) is
///   redirected (308) to it first, so relative links resolve.
/// - Dotfiles: a path with a segment starting with `.` (`.git/config`, `.env`) answers 404 unless
///   the mount allows them; listings leave them out.
/// - Never outside the folder: `..` (encoded or not), backslashes and links that lead out are
///   refused (empty and `.` segments are dropped); such paths, missing files and folders with nothing to show go
///   on to the app, which answers 404 when it has nothing there. The longest prefix decides.
///
///     let app = stack(sharedData(["/static": .folder("./public"), "/favicon.ico": .file("./public/favicon.ico")]),
///                     app: router)
public func sharedData(_ mounts: [String: StaticFiles]) -> Middleware {
    let sorted = Mounts(mounts).entries
    return { app in
        AppFunction { environ, startResponse in
            let method = environ.method
            guard method == "GET" || method == "HEAD" else { return try app(&environ, startResponse) }
            let path = environ.pathInfo
            for mount in sorted {
                guard let answer = staticAnswer(for: path, prefix: mount.prefix, files: mount.value, environ: environ) else { continue }
                if case .response(let response) = answer { return try response(&environ, startResponse) }
                break
            }
            return try app(&environ, startResponse)
        }
    }
}

/// `sharedData` with every folder served the same way, Werkzeug's `SharedDataMiddleware` style:
/// files only (a folder's URL goes on to the app, no index file, no listing),
/// `Cache-Control: public, max-age=maxAge` (none when nil), no dotfiles, precompressed siblings.
/// Mount `.folder(path)` for index files and the other options.
///
///     let app = stack(sharedData(["/static": "./public"]), app: router)
public func sharedData(_ exports: [String: String], maxAge: Int? = 43_200) -> Middleware {
    sharedData(exports.mapValues { .folder($0, cacheControl: maxAge.map { "public, max-age=\($0)" }, index: nil) })
}

/// What a mount does with a request below its prefix.
enum StaticAnswer {
    /// Send this.
    case response(Response)
    /// Nothing here: the app answers.
    case passThrough
}

/// The mount's answer for `path`, or nil when the path is not below `prefix`.
func staticAnswer(for path: String, prefix: String, files: StaticFiles, environ: Environ) -> StaticAnswer? {
    switch files.source {
    case .file(let file):
        guard path.utf8.elementsEqual(prefix.utf8) || (prefix.isEmpty && path == "/") else { return nil }
        return fileResponse(file, files: files, request: Request(environ), isRegularFile: false).map(StaticAnswer.response) ?? .passThrough
    case .folder(let folder):
        let rest: Substring
        if prefix.isEmpty {
            rest = path.dropFirst(path.hasPrefix("/") ? 1 : 0)
        } else if path.utf8.elementsEqual(prefix.utf8) {
            rest = ""
        } else if path.utf8.starts(with: prefix.utf8), path.utf8.dropFirst(prefix.utf8.count).first == UInt8(ascii: "/") {
            // By bytes, as the prefix was matched: a Character count is off for non-ASCII ones.
            rest = Substring(path.utf8.dropFirst(prefix.utf8.count + 1))
        } else {
            return nil
        }
        return folderAnswer(String(rest), prefix: prefix, folder: folder, files: files, environ: environ)
    }
}

/// The answer for `rest`, the path below a folder mount's `prefix` (no leading slash). Empty
/// and `.` segments are dropped (`//a.txt` is `/a.txt`, as nginx and Python's http.server
/// serve it); a folder is served at its one canonical URL only, so the relative links of its
/// listing or index page resolve: `/docs`, `//docs/` and `/docs%2F` are redirected to `/docs/`.
private func folderAnswer(_ rest: String, prefix: String, folder: String, files: StaticFiles, environ: Environ) -> StaticAnswer {
    let request = Request(environ)
    let segments = rest.utf8.split(separator: UInt8(ascii: "/")).filter { !$0.elementsEqual(".".utf8) }
    if !files.allowDotfiles, segments.contains(where: { $0.first == UInt8(ascii: ".") }) {
        return .response(HTTPError.notFound().response(for: request))
    }
    // A last segment "." names the folder, as a trailing slash does (RFC 3986 s5.2.4).
    let hasSlash = rest.isEmpty ? environ.pathInfo.hasSuffix("/") : rest.hasSuffix("/") || rest.hasSuffix("/.") || rest == "."
    let relative = segments.map { String(Substring($0)) }.joined(separator: "/")
    // Whether it is a regular file is checked by `Response.file`; links out are refused here.
    guard let target = relative.isEmpty ? folder : safeJoin(root: folder, relative),
          let info = try? FileInfo(path: target) else { return .passThrough }
    if info.isRegularFile {
        guard !hasSlash else { return .passThrough }
        return fileResponse(target, files: files, request: request, isRegularFile: true,
                            mount: (folder, relative)).map(StaticAnswer.response) ?? .passThrough
    }
    guard info.isDirectory else { return .passThrough }
    // The index file is joined as any other path, so a link in its place that leads out is refused.
    var index: (relative: String, path: String)?
    for name in indexFiles(of: files) {
        let indexRelative = relative.isEmpty ? name : relative + "/" + name
        if let path = safeJoin(root: folder, indexRelative), (try? FileInfo(path: path))?.isRegularFile == true {
            index = (indexRelative, path)
            break
        }
    }
    guard index != nil || files.listing else { return .passThrough }
    let canonical = prefix + "/" + relative + (relative.isEmpty ? "" : "/")
    // A slash the client sent encoded (%2F) is not a folder boundary its links can resolve on.
    let rawPath = environ.requestURI.prefix { $0 != "?" && $0 != "#" }
    if !hasSlash || environ.pathInfo != canonical || rawPath.lowercased().contains("%2f") {
        let location = request.scriptRoot + Request.encodePath(canonical)
        return .response(.redirect(to: location + (request.queryString.isEmpty ? "" : "?" + request.queryString),
                                   status: .permanentRedirect))
    }
    if let index {
        return fileResponse(index.path, files: files, request: request, isRegularFile: true,
                            mount: (folder, index.relative)).map(StaticAnswer.response) ?? .passThrough
    }
    return .response(directoryListing(of: target, path: request.path, showDotfiles: files.allowDotfiles, root: folder))
}

/// The index file names tried for a folder: the mount's, and `index.htm` after `index.html`
/// (as Python's http.server and Apache look for both).
private func indexFiles(of files: StaticFiles) -> [String] {
    guard let name = files.indexFile else { return [] }
    return name == "index.html" ? [name, "index.htm"] : [name]
}

/// The file at `path` (or its precompressed sibling) answered for `request`, or nil when it is
/// not a regular file (`isRegularFile`: the caller has just checked that it is). Below a folder
/// mount (`mount`: the folder and `path` relative to it), a sibling is joined as any other path,
/// so a link in its place that leads out of the folder is not served.
private func fileResponse(_ path: String, files: StaticFiles, request: Request, isRegularFile: Bool,
                          mount: (folder: String, relative: String)? = nil) -> Response? {
    var chosen = path
    var encoding: String?
    var varies = false
    if files.precompressed {
        let asked = request.headers.contains("Accept-Encoding")
        var best: (encoding: String, suffix: String, quality: Double)?
        for (name, suffix) in [("br", ".br"), ("gzip", ".gz")] {
            guard (try? FileInfo(path: path + suffix))?.isRegularFile == true,
                  mount.map({ safeJoin(root: $0.folder, $0.relative + suffix) != nil }) ?? true else { continue }
            varies = true
            let quality = asked ? request.acceptEncodings.quality(of: name) : 0
            if quality > 0 && quality > (best?.quality ?? 0) { best = (name, suffix, quality) }
        }
        // A sibling stands in for its original only: the original must be there for every client.
        guard isRegularFile || (try? FileInfo(path: path))?.isRegularFile == true else { return nil }
        if let best {
            chosen = path + best.suffix
            encoding = best.encoding
        }
    }
    // The sibling has the original's type; the encoding says how it is packed (RFC 9110 s8.4).
    let type = encoding.map { _ in MIMETypes.typeWithCharset(MIMETypes.type(forPath: path) ?? "application/octet-stream") }
    var response: Response
    do {
        response = try Response.file(chosen, contentType: type)
    } catch let error as FileError where error.isResourceShortage {
        // Out of descriptors is not a missing file (a 404 may be cached): 503, try again.
        return HTTPError.resourceShortage().response(for: request)
    } catch {
        return nil
    }
    if let encoding { response.headers["Content-Encoding"] = encoding }
    if varies { response.headers.addVary("Accept-Encoding") }
    if let cacheControl = files.cacheControl { response.headers["Cache-Control"] = cacheControl }
    response.makeConditional(request)
    return response
}
