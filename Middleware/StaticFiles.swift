import Werk

/// What one `sharedData` mount serves: a folder or a single file, and how.
///
///     sharedData([
///         "/static": .folder("./static", cacheControl: "public, max-age=31536000, immutable"),
///         "/docs": .folder("./site", listing: true),
///         "/favicon.ico": .file("./static/favicon.ico"),
///     ])
public struct StaticFiles: Sendable {
    /// A folder or one file.
    enum Source: Sendable {
        case folder(String)
        case file(String)
    }

    /// What is served.
    let source: Source
    /// The `Cache-Control` value of every file served, or nil for none.
    public var cacheControl: String?
    /// The file served for a folder's URL (with its trailing slash), or nil for none.
    public var indexFile: String?
    /// Whether a folder without an index file gets an HTML list of its entries.
    public var listing: Bool
    /// Whether names starting with a dot (`.git`, `.env`) are served; when false they answer
    /// 404 and are left out of listings.
    public var allowDotfiles: Bool
    /// Whether a `.br` or `.gz` file beside the one asked for is sent instead when the client
    /// accepts that encoding (with `Content-Encoding` and `Vary: Accept-Encoding`).
    public var precompressed: Bool

    /// The files under `path`: a URL below the mount names a file below the folder, never one
    /// outside it. A folder URL serves its `index` file, or a listing when `listing` is set (a
    /// folder URL without its trailing slash is redirected to it first, 308).
    public static func folder(_ path: String, cacheControl: String? = "public, max-age=43200", index: String? = "index.html",
                              listing: Bool = false, allowDotfiles: Bool = false, precompressed: Bool = true) -> StaticFiles {
        StaticFiles(source: .folder(path), cacheControl: cacheControl, indexFile: index, listing: listing,
                    allowDotfiles: allowDotfiles, precompressed: precompressed)
    }

    /// The one file at `path`, served for the mount's URL exactly (`/favicon.ico`, `/robots.txt`).
    public static func file(_ path: String, cacheControl: String? = "public, max-age=43200",
                            precompressed: Bool = true) -> StaticFiles {
        StaticFiles(source: .file(path), cacheControl: cacheControl, indexFile: nil, listing: false,
                    allowDotfiles: true, precompressed: precompressed)
    }
}
