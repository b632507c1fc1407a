import Testing
@testable import Werk

@Suite("MIME types")
struct MIMETypesTests {
    @Test(arguments: [
        ("html", "text/html"), ("HTM", "text/html"), (".css", "text/css"), ("js", "text/javascript"),
        ("mjs", "text/javascript"), ("json", "application/json"), ("txt", "text/plain"), ("csv", "text/csv"),
        ("xml", "application/xml"), ("svg", "image/svg+xml"), ("png", "image/png"), ("jpg", "image/jpeg"),
        ("jpeg", "image/jpeg"), ("gif", "image/gif"), ("webp", "image/webp"), ("avif", "image/avif"),
        ("ico", "image/vnd.microsoft.icon"), ("bmp", "image/bmp"), ("tif", "image/tiff"), ("woff", "font/woff"),
        ("woff2", "font/woff2"), ("ttf", "font/ttf"), ("otf", "font/otf"), ("eot", "application/vnd.ms-fontobject"),
        ("mp3", "audio/mpeg"), ("mp4", "video/mp4"), ("m4a", "audio/mp4"), ("wav", "audio/wav"),
        ("ogg", "audio/ogg"), ("oga", "audio/ogg"), ("ogv", "video/ogg"), ("webm", "video/webm"),
        ("flac", "audio/flac"), ("aac", "audio/aac"), ("mov", "video/quicktime"), ("avi", "video/x-msvideo"),
        ("pdf", "application/pdf"), ("zip", "application/zip"), ("gz", "application/gzip"),
        ("tar", "application/x-tar"), ("bz2", "application/x-bzip2"), ("xz", "application/x-xz"),
        ("7z", "application/x-7z-compressed"), ("rar", "application/vnd.rar"), ("wasm", "application/wasm"),
        ("map", "application/json"), ("md", "text/markdown"), ("yaml", "application/yaml"),
        ("yml", "application/yaml"), ("toml", "application/toml"), ("ics", "text/calendar"),
        ("rtf", "application/rtf"), ("doc", "application/msword"), ("xls", "application/vnd.ms-excel"),
        ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("odt", "application/vnd.oasis.opendocument.text"), ("epub", "application/epub+zip"),
        ("bin", "application/octet-stream"), ("exe", "application/vnd.microsoft.portable-executable"),
        ("dmg", "application/x-apple-diskimage"), ("iso", "application/x-iso9660-image"),
        ("apk", "application/vnd.android.package-archive"), ("jar", "application/java-archive"),
        ("swift", "text/x-swift"), ("py", "text/x-python"), ("c", "text/x-c"), ("h", "text/x-c"),
    ])
    func byExtension(_ ext: String, _ type: String) {
        #expect(MIMETypes.type(forExtension: ext) == type)
    }

    @Test func tableIsLargeEnough() {
        #expect(MIMETypes.knownExtensionCount >= 120)
    }

    @Test(arguments: [
        ("index.html", "text/html"), ("/static/APP.JS", "text/javascript"), ("archive.tar.gz", "application/gzip"),
        ("dir.v2/file.PNG", "image/png"), ("C:/x/y.pdf", "application/pdf"),
    ] as [(String, String)])
    func byPath(_ path: String, _ type: String) {
        #expect(MIMETypes.type(forPath: path) == type)
    }

    @Test(arguments: ["README", ".bashrc", "dir.d/", "file.", "file.unknownext", "", ".", "/a.b/c"])
    func unknownPaths(_ path: String) {
        #expect(MIMETypes.type(forPath: path) == nil)
    }

    @Test(arguments: ["", ".", "nope", "h t m l"])
    func unknownExtensions(_ ext: String) {
        #expect(MIMETypes.type(forExtension: ext) == nil)
    }

    @Test(arguments: [
        ("text/html", "utf-8", "text/html; charset=utf-8"),
        ("text/plain", "latin-1", "text/plain; charset=latin-1"),
        ("application/json", "utf-8", "application/json; charset=utf-8"),
        ("application/javascript", "utf-8", "application/javascript; charset=utf-8"),
        ("image/svg+xml", "utf-8", "image/svg+xml; charset=utf-8"),
        ("application/atom+xml", "utf-8", "application/atom+xml; charset=utf-8"),
        ("text/html; charset=ISO-8859-1", "utf-8", "text/html; charset=ISO-8859-1"),
        ("Text/HTML; Charset=x", "utf-8", "Text/HTML; Charset=x"),
        ("image/png", "utf-8", "image/png"),
        ("application/octet-stream", "utf-8", "application/octet-stream"),
        ("", "utf-8", ""),
    ])
    func charset(_ type: String, _ charset: String, _ expected: String) {
        #expect(MIMETypes.typeWithCharset(type, charset: charset) == expected)
    }

    @Test(arguments: [
        ("text/html", "html"), ("TEXT/HTML; charset=utf-8", "html"), ("image/jpeg", "jpg"),
        ("application/json", "json"), (" image/png ", "png"), ("application/x-nope", nil), ("", nil),
    ] as [(String, String?)])
    func extensionForType(_ type: String, _ ext: String?) {
        #expect(MIMETypes.fileExtension(forType: type) == ext)
    }

    @Test func everyTypeMapsBackToAnExtensionOfItself() {
        for ext in ["html", "css", "png", "pdf", "zip", "mp4", "woff2"] {
            let type = MIMETypes.type(forExtension: ext)
            let back = type.flatMap { MIMETypes.fileExtension(forType: $0) }
            #expect(back.flatMap { MIMETypes.type(forExtension: $0) } == type)
        }
    }
}
