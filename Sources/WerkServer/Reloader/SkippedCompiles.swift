#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Changed Swift sources that a successful `swift build` did not compile.
///
/// SwiftPM's incremental build now and then answers an edit by emitting the module and linking
/// the product without compiling the edited file (seen with Swift 6 on Linux, about one rebuild
/// in ten in the reloader's system test: no "Compiling" line, and the new binary still serves
/// the old code). The reloader would start stale code while saying it rebuilt. The compiler's
/// output file maps (`.build/<configuration>/<Target>.build/output-file-map.json`) name each
/// source's outputs; in a target the build worked on, a changed source none of whose outputs is
/// as new as the source was not compiled. The reloader removes those sources' objects (the
/// driver compiles a source whose object is missing) and builds once more. It never touches
/// the sources themselves: an editor would see them changed on disk.
///
///     let before = SkippedCompiles.Snapshot(buildFolder: folder)   // when the build starts
///     let skipped = SkippedCompiles(buildFolder: folder, since: before).skipped(changed)
struct SkippedCompiles {
    /// A modification time, ordered (`<`) by seconds and then nanoseconds.
    typealias Instant = (seconds: Int, nanoseconds: Int)

    /// The newest modification time in each target folder (`<Target>.build`), by folder path.
    struct Snapshot {
        let newest: [String: Instant]

        /// The target folders under `buildFolder` as they are now.
        init(buildFolder: String) {
            var newest: [String: Instant] = [:]
            for folder in SkippedCompiles.targetFolders(in: buildFolder) {
                newest[folder] = SkippedCompiles.newestChange(in: folder) ?? (0, 0)
            }
            self.newest = newest
        }
    }

    /// For each source the build worked on (its target folder changed since the snapshot), the
    /// paths of its outputs.
    let outputs: [String: [String]]

    /// The output file maps of the targets under `buildFolder` that changed since `snapshot`.
    init(buildFolder: String, since snapshot: Snapshot) {
        var outputs: [String: [String]] = [:]
        for folder in SkippedCompiles.targetFolders(in: buildFolder) {
            guard let now = SkippedCompiles.newestChange(in: folder), let then = snapshot.newest[folder], then < now else { continue }
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: folder + "/output-file-map.json")),
                  let map = try? JSONDecoder().decode([String: [String: String]].self, from: data) else { continue }
            for (source, files) in map where !source.isEmpty { outputs[SkippedCompiles.canonical(source)] = Array(files.values) }
        }
        self.outputs = outputs
    }

    /// A check over given source-to-outputs entries.
    init(outputs: [String: [String]]) {
        self.outputs = Dictionary(outputs.map { (SkippedCompiles.canonical($0.key), $0.value) }) { first, _ in first }
    }

    /// The sources among `changed` (absolute paths) that have outputs, all older than the source.
    func skipped(_ changed: some Sequence<String>) -> [String] {
        changed.filter { source in
            guard let files = outputs[SkippedCompiles.canonical(source)], let written = SkippedCompiles.modified(source) else { return false }
            let times = files.compactMap(SkippedCompiles.modified)
            return !times.isEmpty && times.allSatisfy { $0 < written }
        }.sorted()
    }

    /// Removes the object files of `sources`, so the next build compiles them.
    func forget(_ sources: [String]) {
        for source in sources {
            for file in outputs[SkippedCompiles.canonical(source)] ?? [] where file.hasSuffix(".o") { unlink(file) }
        }
    }

    // MARK: Files

    /// The `<Target>.build` folders directly under `buildFolder`.
    static func targetFolders(in buildFolder: String) -> [String] {
        entries(of: buildFolder).filter { $0.hasSuffix(".build") }
    }

    /// The paths of the entries of `folder` (none when it cannot be read).
    static func entries(of folder: String) -> [String] {
        ((try? FileInfo.entries(ofFolder: folder)) ?? []).map { folder + "/" + $0 }
    }

    /// The latest modification time among the entries of `folder`, nil when it has none.
    static func newestChange(in folder: String) -> Instant? {
        entries(of: folder).compactMap(modified).max { $0 < $1 }
    }

    /// `path` with links and `.`/`..` resolved (as it is when it cannot be resolved).
    static func canonical(_ path: String) -> String {
        realPath(path) ?? path
    }

    /// The modification time of `path`, following links; nil when it does not exist.
    static func modified(_ path: String) -> Instant? {
        (try? FileInfo(path: path)).map { ($0.modificationTime, $0.modificationNanoseconds) }
    }
}
