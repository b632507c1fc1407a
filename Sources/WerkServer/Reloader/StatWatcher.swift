import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Polls the package tree with stat(2) every `interval` (`--reloader stat`): for file systems
/// where inotify sees nothing (network and some container mounts) or when its watches run out.
/// A change is a new, removed or modified file (modification time in nanoseconds, size, inode).
final class StatWatcher: ChangeWatcher {
    private struct Stamp: Equatable {
        var seconds: Int, nanoseconds: Int, size: Int, inode: UInt
    }
    private let rules: WatchRules
    private let interval: Duration
    private var known: [String: Stamp]
    private var nextScan: UInt64

    var kind: String { "polling every \(interval)" }

    init(rules: WatchRules, interval: Duration) {
        self.rules = rules
        self.interval = interval
        known = [:]
        nextScan = 0
        known = scan()
        nextScan = Sys.now() &+ interval.nanoseconds
    }

    func changes(timeoutMillis: Int32) -> [String] {
        let now = Sys.now()
        if now < nextScan {
            let wait = min(UInt64(max(timeoutMillis, 0)) * 1_000_000, nextScan - now)
            usleep(UInt32(wait / 1000))
            if Sys.now() < nextScan { return [] }
        }
        nextScan = Sys.now() &+ interval.nanoseconds
        let current = scan()
        var changed = current.filter { known[$0.key] != $0.value }.map(\.key)
        changed += known.keys.filter { current[$0] == nil }
        known = current
        return changed.sorted()
    }

    /// Every watched file and its stamp.
    private func scan() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        func record(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return }
            stamps[path] = Stamp(seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec,
                                 size: Int(info.st_size), inode: UInt(info.st_ino))
        }
        walkTree(rules.root, rules: rules, visitFile: record)
        for extra in rules.extraFiles {
            if (try? FileInfo(path: extra))?.isDirectory == true { walkTree(extra, rules: rules, visitFile: record) } else { record(extra) }
        }
        return stamps
    }
}
