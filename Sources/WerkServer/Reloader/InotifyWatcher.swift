import Werk
import CWerkSockets
#if canImport(Glibc)
import Glibc
#endif

/// Watches the package tree with inotify (no polling): one watch per folder, renewed as
/// folders come and go, plus the folders of `--extra-files` outside the tree.
final class InotifyWatcher: ChangeWatcher {
    private let fd: Int32
    private let rules: WatchRules
    /// The folder of each watch descriptor.
    private var folders: [Int32: String] = [:]
    /// Records are read into this buffer (aligned for struct inotify_event).
    private let buffer: UnsafeMutableRawPointer

    let kind = "inotify"

    /// Watches `rules.root` and the extra files' folders. Throws `WatcherError` when inotify
    /// is unavailable or the watches run out.
    init(rules: WatchRules) throws(WatcherError) {
        fd = cwerk_inotify_init()
        guard fd >= 0 else { throw WatcherError("inotify is unavailable (\(String(cString: strerror(errno))))") }
        self.rules = rules
        buffer = .allocate(byteCount: 64 * 1024, alignment: 8)
        // From here the watcher is whole: if a watch fails, deinit closes the descriptor and
        // frees the buffer (closing them here as well would free twice).
        try watchTree(rules.root)
        for extra in rules.extraFiles {
            let isFolder = (try? FileInfo(path: extra))?.isDirectory == true
            try watch(isFolder ? extra : parentFolder(of: extra))
        }
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    func changes(timeoutMillis: Int32) -> [String] {
        let got = cwerk_inotify_read_raw(fd, timeoutMillis, buffer, 64 * 1024)
        guard got > 0 else { return [] }
        var paths: [String] = []
        var offset = 0
        // struct inotify_event: int wd; uint32 mask, cookie, len; char name[len] (inotify(7)).
        while offset + 16 <= Int(got) {
            let wd = buffer.load(fromByteOffset: offset, as: Int32.self)
            let mask = buffer.load(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(buffer.load(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = buffer.advanced(by: offset + 16).assumingMemoryBound(to: CChar.self)
            let name = length > 0 ? String(cString: nameStart) : ""
            offset += 16 + length
            if mask & InotifyWatcher.queueOverflow != 0 {
                // Events were lost: assume code changed, and renew every watch.
                try? watchTree(rules.root)
                paths.append(rules.root + "/Package.swift")
                continue
            }
            if mask & InotifyWatcher.ignored != 0 { folders[wd] = nil; continue }
            guard let folder = folders[wd], !name.isEmpty else { continue }
            let path = folder + "/" + name
            if mask & InotifyWatcher.isDirectory != 0 {
                // A folder came (or was moved in): watch it, and count its files as changed.
                if mask & (InotifyWatcher.created | InotifyWatcher.movedTo) != 0, !rules.skipsFolder(path) {
                    try? watchTree(path)
                    walkTree(path, rules: rules) { paths.append($0) }
                }
                continue
            }
            if rules.classify(path) != nil { paths.append(path) }
        }
        return paths
    }

    /// Watches `folder` and every folder below it that the rules do not skip.
    private func watchTree(_ folder: String) throws(WatcherError) {
        var failure: WatcherError?
        walkTree(folder, rules: rules, visitFolder: { path in
            if failure == nil { do throws(WatcherError) { try watch(path) } catch { failure = error } }
        }, visitFile: { _ in })
        if let failure { throw failure }
    }

    private func watch(_ folder: String) throws(WatcherError) {
        let wd = cwerk_inotify_watch(fd, folder)
        if wd >= 0 { folders[wd] = folder; return }
        switch errno {
        case ENOSPC: throw WatcherError("the inotify watches are exhausted (raise fs.inotify.max_user_watches)")
        case ENOENT, ENOTDIR: return  // gone meanwhile
        default: throw WatcherError("inotify cannot watch \(folder) (\(String(cString: strerror(errno))))")
        }
    }

    private func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    // The mask bits of inotify(7) (the Linux ABI).
    private static let created: UInt32 = 0x100, movedTo: UInt32 = 0x80, queueOverflow: UInt32 = 0x4000
    private static let ignored: UInt32 = 0x8000, isDirectory: UInt32 = 0x4000_0000
}

/// The watcher could not start; `werk run` then polls (with `--reloader auto`).
struct WatcherError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
