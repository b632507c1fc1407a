/// A response that sends the file at `path` (Werkzeug's and Flask's `send_file`): typed by its
/// extension (or `downloadName`'s, or `mimetype`), with `ETag` and `Last-Modified`, answered
/// conditionally and in ranges by default (304, 412, 206, 416: `makeConditional`). The file is
/// opened once and the open file is what is described and sent (`OpenFile`).
///
/// - `asAttachment`: `Content-Disposition: attachment`, so the browser saves it; a
///   `downloadName` alone gives `inline` with that name. Names that are not ASCII go out as
///   RFC 6266 `filename*` with an ASCII fallback (`ContentDisposition`).
/// - `maxAge`: seconds a cache may keep it (`Cache-Control: public, max-age=N`); nil sends
///   `no-cache`, so caches revalidate with the validators each time.
///
/// The path is the application's own, not the client's: a missing file throws `FileError`
/// (a 500). For a name that comes from the request, use `sendFromDirectory`.
///
///     router.get("/report") { request in
///         try sendFile("reports/2024.pdf", request: request, asAttachment: true, downloadName: "Bericht März.pdf")
///     }
public func sendFile(_ path: String, request: Request, mimetype: String? = nil, asAttachment: Bool = false,
                     downloadName: String? = nil, conditional: Bool = true, maxAge: Int? = nil) throws -> Response {
    sendFile(try OpenFile(path), request: request, mimetype: mimetype, asAttachment: asAttachment,
             downloadName: downloadName, conditional: conditional, maxAge: maxAge)
}

/// A response that sends the file named `path` inside `folder` (Flask's `send_from_directory`),
/// for names that come from the request: answers 404 when the name would leave the folder
/// (`..`, empty segments, backslashes, NUL: `safeJoin`), names no regular file, or names one
/// whose real location is outside the folder. Symbolic links inside the folder are followed
/// when they lead to a file inside it; one that leads out is refused, and that is checked on
/// the opened file itself, so a link swapped in after the check cannot escape.
/// Otherwise as `sendFile`.
///
///     router.get("/uploads/<path:name>") { (request: Request, name: String) in
///         try sendFromDirectory("uploads", name, request: request)
///     }
public func sendFromDirectory(_ folder: String, _ path: String, request: Request, mimetype: String? = nil,
                              asAttachment: Bool = false, downloadName: String? = nil, conditional: Bool = true,
                              maxAge: Int? = nil) throws -> Response {
    guard let joined = safeJoin(root: folder, path, resolvingLinks: false) else { throw HTTPError.notFound() }
    let file: OpenFile
    do {
        file = try OpenFile(joined)
    } catch let error as FileError where error.isResourceShortage {
        // Out of descriptors is not a missing file (a 404 may be cached): 503, try again.
        throw HTTPError.resourceShortage()
    } catch {
        throw HTTPError.notFound()
    }
    guard file.isInside(folder) else { throw HTTPError.notFound() }
    return sendFile(file, request: request, mimetype: mimetype, asAttachment: asAttachment,
                    downloadName: downloadName, conditional: conditional, maxAge: maxAge)
}

/// `sendFile` for a file already open.
func sendFile(_ file: OpenFile, request: Request, mimetype: String?, asAttachment: Bool, downloadName: String?,
              conditional: Bool, maxAge: Int?) -> Response {
    let contentType = mimetype.map { MIMETypes.typeWithCharset($0) }
    var response = Response.file(file, typePath: downloadName, contentType: contentType)
    if asAttachment || downloadName != nil {
        let name = downloadName ?? String(file.path.split(separator: "/").last ?? "")
        response.headers.set("Content-Disposition",
                             ContentDisposition(asAttachment ? .attachment : .inline, filename: name).headerValue)
    }
    var cacheControl = CacheControl()
    if let maxAge {
        cacheControl.isPublic = true
        cacheControl.maxAge = max(0, maxAge)
    } else {
        cacheControl.noCache = true
    }
    response.cacheControl = cacheControl
    if conditional { response.makeConditional(request) }
    return response
}
