#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Response {
    /// A response serving `file`, already open (`OpenFile`), typed by `typePath`'s extension
    /// (the file's own path by default), with `Content-Length`, `Last-Modified` and an `ETag`
    /// from the open file's size and modification time: what is described is what is sent.
    /// The body keeps the file open until its last copy goes. `sendFile` builds on it.
    ///
    ///     var response = Response.file(try OpenFile(path))
    ///     response.makeConditional(request)
    public static func file(_ file: OpenFile, typePath: String? = nil, contentType: String? = nil,
                            headers: Headers = Headers()) -> Response {
        let info = file.info
        let type = contentType ?? MIMETypes.typeWithCharset(MIMETypes.type(forPath: typePath ?? file.path) ?? "application/octet-stream")
        // The body holds the open file (its region does): it closes when the last copy goes.
        let body = Body(file: FileRegion(file))
        var response = Response(body: body, headers: headers, contentType: type)
        response.lastModified = Date(timeIntervalSince1970: Double(info.modificationTime))
        if response.etag == nil {
            response.setETag(String(info.modificationTime, radix: 16) + "-" + String(info.size, radix: 16))
        }
        return response
    }
}
