import Werk
#if canImport(Glibc)
import Glibc
#endif

/// A source of file changes for the reloader: inotify, or stat polling.
protocol ChangeWatcher: AnyObject {
    /// Paths that changed within `timeoutMillis` (empty on timeout); a folder that appeared
    /// comes back as the files in it.
    func changes(timeoutMillis: Int32) -> [String]
    /// How the watcher works, for the terminal: "inotify", "polling every 500 ms".
    var kind: String { get }
}

/// How `werk run` sees changes (`--reloader`).
public enum ReloaderKind: String, Sendable, CaseIterable {
    /// inotify, falling back to polling (with a message) when inotify is unavailable or its
    /// watches are exhausted.
    case auto
    /// inotify only: fails when it is unavailable.
    case inotify
    /// Polling with stat(2): works everywhere (network and container mounts), costs a walk
    /// of the tree per interval.
    case stat
}

/// The watcher for `kind`; for `.auto`, tells `say` why it falls back to polling.
func makeWatcher(_ kind: ReloaderKind, rules: WatchRules, interval: Duration, say: (String) -> Void) throws -> any ChangeWatcher {
    switch kind {
    case .stat: return StatWatcher(rules: rules, interval: interval)
    case .inotify: return try InotifyWatcher(rules: rules)
    case .auto:
        do {
            return try InotifyWatcher(rules: rules)
        } catch {
            say("\(error.description); falling back to polling (--reloader stat) every \(interval)")
            return StatWatcher(rules: rules, interval: interval)
        }
    }
}

/// Every file below `folder` that the rules watch (links are not followed: one pointing up
/// the tree would never end), with `visitFolder` called for each folder walked.
func walkTree(_ folder: String, rules: WatchRules, visitFolder: (String) -> Void = { _ in }, visitFile: (String) -> Void) {
    visitFolder(folder)
    for name in (try? FileInfo.entries(ofFolder: folder)) ?? [] {
        let path = folder + "/" + name
        guard let info = try? FileInfo(path: path, followingLinks: false) else { continue }
        if info.isDirectory {
            if !rules.skipsFolder(path) { walkTree(path, rules: rules, visitFolder: visitFolder, visitFile: visitFile) }
        } else if rules.classify(path) != nil {
            visitFile(path)
        }
    }
}
