// A built-in table of common media types (RFC 6838 registrations and common practice).

/// Maps file extensions to media types and back, from a static table (not the OS database).
///
/// ```swift
/// MIMETypes.type(forPath: "/static/app.JS")          // "text/javascript"
/// MIMETypes.typeWithCharset("text/html")              // "text/html; charset=utf-8"
/// MIMETypes.fileExtension(forType: "image/jpeg")      // "jpg"
/// ```
public enum MIMETypes {
    /// `(extension, type)` pairs; the first extension listed for a type is its preferred one.
    private static let table: [(String, String)] = [
        // Text and web
        ("html", "text/html"), ("htm", "text/html"), ("shtml", "text/html"), ("xhtml", "application/xhtml+xml"),
        ("css", "text/css"), ("js", "text/javascript"), ("mjs", "text/javascript"), ("cjs", "text/javascript"),
        ("json", "application/json"), ("jsonld", "application/ld+json"), ("map", "application/json"),
        ("webmanifest", "application/manifest+json"), ("txt", "text/plain"), ("text", "text/plain"),
        ("log", "text/plain"), ("conf", "text/plain"), ("ini", "text/plain"), ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"), ("xml", "application/xml"), ("xsl", "application/xml"),
        ("xsd", "application/xml"), ("dtd", "application/xml-dtd"), ("rss", "application/rss+xml"),
        ("atom", "application/atom+xml"), ("md", "text/markdown"), ("markdown", "text/markdown"),
        ("yaml", "application/yaml"), ("yml", "application/yaml"), ("toml", "application/toml"),
        ("ics", "text/calendar"), ("vcf", "text/vcard"), ("rtf", "application/rtf"), ("sgml", "text/sgml"),
        ("rst", "text/x-rst"), ("tex", "application/x-tex"), ("sql", "application/sql"),
        ("graphql", "application/graphql"), ("wasm", "application/wasm"),
        // Source code
        ("swift", "text/x-swift"), ("py", "text/x-python"), ("c", "text/x-c"), ("h", "text/x-c"),
        ("cpp", "text/x-c++"), ("cc", "text/x-c++"), ("hpp", "text/x-c++"), ("m", "text/x-objcsrc"),
        ("java", "text/x-java-source"), ("rs", "text/x-rust"), ("go", "text/x-go"), ("rb", "text/x-ruby"),
        ("php", "application/x-httpd-php"), ("pl", "text/x-perl"), ("sh", "application/x-sh"),
        ("bat", "application/x-msdownload"), ("ts", "text/typescript"), ("tsx", "text/tsx"), ("jsx", "text/jsx"),
        ("vue", "text/x-vue"), ("kt", "text/x-kotlin"), ("lua", "text/x-lua"), ("diff", "text/x-diff"),
        ("patch", "text/x-diff"),
        // Images
        ("png", "image/png"), ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"), ("jpe", "image/jpeg"),
        ("gif", "image/gif"), ("webp", "image/webp"), ("avif", "image/avif"), ("svg", "image/svg+xml"),
        ("svgz", "image/svg+xml"), ("ico", "image/vnd.microsoft.icon"), ("bmp", "image/bmp"),
        ("tif", "image/tiff"), ("tiff", "image/tiff"), ("heic", "image/heic"), ("heif", "image/heif"),
        ("jxl", "image/jxl"), ("apng", "image/apng"), ("psd", "image/vnd.adobe.photoshop"),
        // Fonts
        ("woff", "font/woff"), ("woff2", "font/woff2"), ("ttf", "font/ttf"), ("otf", "font/otf"),
        ("eot", "application/vnd.ms-fontobject"),
        // Audio
        ("mp3", "audio/mpeg"), ("m4a", "audio/mp4"), ("wav", "audio/wav"), ("ogg", "audio/ogg"),
        ("oga", "audio/ogg"), ("opus", "audio/opus"), ("flac", "audio/flac"), ("aac", "audio/aac"),
        ("mid", "audio/midi"), ("midi", "audio/midi"), ("weba", "audio/webm"), ("aif", "audio/aiff"),
        ("aiff", "audio/aiff"),
        // Video
        ("mp4", "video/mp4"), ("m4v", "video/mp4"), ("ogv", "video/ogg"), ("webm", "video/webm"),
        ("mov", "video/quicktime"), ("avi", "video/x-msvideo"), ("mkv", "video/x-matroska"),
        ("mpeg", "video/mpeg"), ("mpg", "video/mpeg"), ("wmv", "video/x-ms-wmv"), ("flv", "video/x-flv"),
        ("3gp", "video/3gpp"), ("m2ts", "video/mp2t"),
        // Documents
        ("pdf", "application/pdf"), ("doc", "application/msword"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xls", "application/vnd.ms-excel"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("ppt", "application/vnd.ms-powerpoint"),
        ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("odp", "application/vnd.oasis.opendocument.presentation"),
        ("epub", "application/epub+zip"), ("ps", "application/postscript"), ("eps", "application/postscript"),
        // Archives and binaries
        ("zip", "application/zip"), ("gz", "application/gzip"), ("tgz", "application/gzip"),
        ("tar", "application/x-tar"), ("bz2", "application/x-bzip2"), ("xz", "application/x-xz"),
        ("zst", "application/zstd"), ("7z", "application/x-7z-compressed"),
        ("rar", "application/vnd.rar"), ("bin", "application/octet-stream"),
        ("exe", "application/vnd.microsoft.portable-executable"), ("dll", "application/octet-stream"),
        ("so", "application/octet-stream"), ("dmg", "application/x-apple-diskimage"),
        ("iso", "application/x-iso9660-image"), ("apk", "application/vnd.android.package-archive"),
        ("jar", "application/java-archive"), ("deb", "application/vnd.debian.binary-package"),
        ("rpm", "application/x-rpm"), ("msi", "application/x-msi"), ("pkg", "application/octet-stream"),
        ("swf", "application/x-shockwave-flash"), ("der", "application/x-x509-ca-cert"),
        ("crt", "application/x-x509-ca-cert"), ("pem", "application/x-pem-file"),
        ("p12", "application/x-pkcs12"), ("sqlite", "application/vnd.sqlite3"),
        ("torrent", "application/x-bittorrent"), ("gpx", "application/gpx+xml"),
        ("kml", "application/vnd.google-earth.kml+xml"), ("geojson", "application/geo+json"),
    ]

    /// Extension (lowercase) -> type; the first table entry for an extension wins.
    private static let byExtension: [String: String] = {
        var map: [String: String] = [:]
        for (ext, type) in table where map[ext] == nil { map[ext] = type }
        return map
    }()

    /// Type (lowercase) -> preferred extension (the first listed for that type).
    private static let byType: [String: String] = {
        var map: [String: String] = [:]
        for (ext, type) in table where map[type] == nil { map[type] = ext }
        return map
    }()

    /// The number of extensions known to the table.
    static var knownExtensionCount: Int { byExtension.count }

    /// The media type for a file extension, with or without its leading dot, case-insensitive.
    ///
    /// ```swift
    /// MIMETypes.type(forExtension: ".PNG")   // "image/png"
    /// ```
    public static func type(forExtension ext: String) -> String? {
        var key = Substring(ext)
        if key.utf8.first == UInt8(ascii: ".") { key = key.dropFirst() }
        return byExtension[key.lowercased()]
    }

    /// The media type for a path or file name by its last extension, case-insensitive;
    /// `nil` when there is no extension or it is unknown. Dot files such as `.bashrc`
    /// have no extension.
    ///
    /// ```swift
    /// MIMETypes.type(forPath: "archive.tar.gz")   // "application/gzip"
    /// ```
    public static func type(forPath path: String) -> String? {
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.utf8.index(after: $0)...] } ?? path[...]
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return nil }
        let ext = name[name.utf8.index(after: dot)...]
        guard !ext.isEmpty else { return nil }
        return byExtension[ext.lowercased()]
    }

    /// Adds `; charset=<charset>` to textual types that lack a charset parameter:
    /// `text/*`, `+xml` and `+json` types, and `application/json`, `javascript`,
    /// `ecmascript`, `xml`, `xml-dtd`, `sql`, `yaml`, `toml` and `graphql`.
    /// Other types are returned unchanged.
    ///
    /// ```swift
    /// MIMETypes.typeWithCharset("text/plain")        // "text/plain; charset=utf-8"
    /// MIMETypes.typeWithCharset("image/png")         // "image/png"
    /// ```
    public static func typeWithCharset(_ mimetype: String, charset: String = "utf-8") -> String {
        let lowered = mimetype.lowercased()
        if lowered.contains("charset=") { return mimetype }
        let essence = essenceOf(lowered)
        let textual: Set<String> = [
            "application/json", "application/javascript", "application/ecmascript", "application/xml",
            "application/xml-dtd", "application/sql", "application/yaml", "application/toml",
            "application/graphql", "application/x-www-form-urlencoded",
        ]
        guard essence.hasPrefix("text/") || essence.hasSuffix("+xml") || essence.hasSuffix("+json")
                || textual.contains(String(essence)) else { return mimetype }
        return "\(mimetype); charset=\(charset)"
    }

    /// The preferred file extension (without dot) for a media type; parameters and case
    /// are ignored.
    ///
    /// ```swift
    /// MIMETypes.fileExtension(forType: "text/html; charset=utf-8")   // "html"
    /// ```
    public static func fileExtension(forType type: String) -> String? {
        let essence = essenceOf(type.lowercased())
        return byType[String(essence)]
    }

    /// The `type/subtype` part of a media type, without parameters and surrounding blanks.
    private static func essenceOf(_ mimetype: String) -> Substring {
        Substring(mimetype.prefix { $0 != ";" }.trimmingHTTPWhitespace())
    }
}
