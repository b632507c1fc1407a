#if canImport(Glibc)
import Glibc
#endif

/// What `werk run` watches and what a change there means. Pure: paths in, decisions out.
///
/// The package folder is watched whole, except hidden folders (`.build`, `.git`), the folders
/// and editor files of `alwaysLeftOut` (`node_modules`, `__pycache__`, `*.swp`, `*~`) and paths
/// matching an `exclude` pattern. A code change (`*.swift`, C sources and headers,
/// `Package.swift`, `Package.resolved`, module maps) rebuilds and restarts the app; a change to
/// an `extraFiles` entry restarts it without a rebuild (a config file read at start); any other
/// file (templates, static files, data the app reads per request) needs neither: the app
/// reads it fresh, and only open pages are told to reload.
///
///     let rules = WatchRules(root: "/src/app", exclude: ["scratch/*"])
///     rules.classify("/src/app/Sources/app/main.swift")   // .code
///     rules.classify("/src/app/static/site.css")          // .content
///     rules.classify("/src/app/.build/debug/app")         // nil: never watched
public struct WatchRules: Sendable, Equatable {
    /// What a change to a file calls for.
    public enum Change: Int, Sendable, Comparable {
        /// Nothing to rebuild or restart; open pages reload.
        case content
        /// Restart the app on its current build.
        case restart
        /// Rebuild, then restart.
        case code

        /// Orders by how much work the change calls for.
        public static func < (a: Change, b: Change) -> Bool { a.rawValue < b.rawValue }
    }

    /// The file extensions of code: a change rebuilds.
    public static let codeExtensions: Set<String> = ["swift", "c", "h", "cc", "cpp", "cxx", "hpp", "m", "mm", "s", "modulemap"]
    /// Names never watched, as if excluded: dependency and cache folders that hold many files
    /// and no source of the app (a polling watcher would stat them all every half second), and
    /// the swap and backup files editors write beside the file being edited.
    public static let alwaysLeftOut: [String] = ["node_modules", "__pycache__", "bower_components", "*.swp", "*.swx", "*~"]
    /// File names that are code whatever their extension.
    public static let codeNames: Set<String> = ["Package.swift", "Package.resolved"]

    /// The package folder, without a trailing slash.
    public var root: String
    /// Files (or folders) outside the usual set whose change restarts the app (`--extra-files`).
    public var extraFiles: [String]
    /// fnmatch(3) patterns, matched against the path relative to `root` and against each
    /// file or folder name; a match leaves the path (and all below a folder) out (`--exclude`).
    public var exclude: [String]

    /// Rules for the package at `root`.
    public init(root: String, extraFiles: [String] = [], exclude: [String] = []) {
        self.root = WatchRules.trimmed(root)
        self.extraFiles = extraFiles.map(WatchRules.trimmed)
        self.exclude = exclude
    }

    /// What a change to the file at `path` (absolute, or relative to the current folder as
    /// `root` is) calls for, or nil when the path is not watched.
    public func classify(_ path: String) -> Change? {
        let path = WatchRules.trimmed(path)
        let isCode = WatchRules.isCode(name: String(path.split(separator: "/").last ?? ""))
        if extraFiles.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return isCode ? .code : .restart }
        guard let relative = relativePath(path), !isLeftOut(relative) else { return nil }
        return isCode ? .code : .content
    }

    /// True when the folder at `path` is not walked or watched (hidden, excluded, outside).
    public func skipsFolder(_ path: String) -> Bool {
        let path = WatchRules.trimmed(path)
        if path == root { return false }
        guard let relative = relativePath(path) else {
            return !extraFiles.contains { path == $0 || path.hasPrefix($0 + "/") }
        }
        return isLeftOut(relative)
    }

    /// True for code file names.
    static func isCode(name: String) -> Bool {
        if codeNames.contains(name) { return true }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return codeExtensions.contains(String(name[name.index(after: dot)...]))
    }

    /// `path` relative to `root`, or nil outside it.
    private func relativePath(_ path: String) -> String? {
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    /// Hidden components (`.build`, `.git`, `.DS_Store`), `alwaysLeftOut` names and excluded
    /// paths are left out.
    private func isLeftOut(_ relative: String) -> Bool {
        let components = relative.split(separator: "/").map(String.init)
        if components.contains(where: { component in
            component.hasPrefix(".") || WatchRules.alwaysLeftOut.contains { fnmatch($0, component, 0) == 0 }
        }) { return true }
        for pattern in exclude {
            if fnmatch(pattern, relative, 0) == 0 { return true }
            // A pattern for a folder leaves out everything below it; one for a name matches anywhere.
            var prefix = ""
            for component in components {
                prefix = prefix.isEmpty ? component : prefix + "/" + component
                if fnmatch(pattern, prefix, 0) == 0 || fnmatch(pattern, component, 0) == 0 { return true }
            }
        }
        return false
    }

    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
