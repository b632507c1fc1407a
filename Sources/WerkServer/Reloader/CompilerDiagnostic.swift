import Werk

/// One error (or warning) from the compiler's output, with the source line it points at:
/// what the compile-error page and the terminal summary list.
///
///     let errors = CompilerDiagnostic.parse(buildOutput).filter { $0.severity == "error" }
public struct CompilerDiagnostic: Sendable, Equatable, Encodable {
    /// The file, as the compiler printed it (absolute).
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column (counted in UTF-8 bytes, as the compiler does).
    public var column: Int
    /// `"error"` or `"warning"`.
    public var severity: String
    /// The compiler's message.
    public var message: String
    /// The source line, when the file could be read.
    public var sourceLine: String?

    /// Every `FILE:LINE:COLUMN: error|warning: MESSAGE` line of `output`, first of each kind
    /// only (the driver may repeat them), in order; `readSource` fills `sourceLine`.
    public static func parse(_ output: String, readSource: Bool = true) -> [CompilerDiagnostic] {
        var seen = Set<String>()
        var found: [CompilerDiagnostic] = []
        var lines: [String: [Substring]] = [:]
        for raw in output.split(separator: "\n", omittingEmptySubsequences: true) {
            guard var diagnostic = parseLine(raw) else { continue }
            let key = "\(diagnostic.file):\(diagnostic.line):\(diagnostic.column):\(diagnostic.message)"
            guard seen.insert(key).inserted else { continue }
            // Only source files are read: a line of build output naming `/etc/passwd:1:1:`
            // must not put that file on the compile-error page.
            if readSource, sourceExtensions.contains(where: { diagnostic.file.hasSuffix($0) }) {
                if lines[diagnostic.file] == nil {
                    let bytes = (try? FileRegion(wholeFileAt: diagnostic.file).forEachChunkCollected()) ?? []
                    lines[diagnostic.file] = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                }
                if let source = lines[diagnostic.file], diagnostic.line >= 1, diagnostic.line <= source.count {
                    diagnostic.sourceLine = String(source[diagnostic.line - 1])
                }
            }
            found.append(diagnostic)
        }
        return found
    }

    /// The files whose lines the page shows: what the Swift compiler and its C family compile.
    static let sourceExtensions = [".swift", ".c", ".h", ".m", ".mm", ".cpp", ".cc", ".hpp", ".modulemap"]

    /// Parses one line, reading from the right so paths may hold colons.
    static func parseLine(_ raw: Substring) -> CompilerDiagnostic? {
        let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
        for severity in ["error", "warning"] {
            guard let marker = line.firstRange(of: ": \(severity): ") else { continue }
            let location = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3, let lineNumber = Int(location[location.count - 2]),
                  let column = Int(location[location.count - 1]) else { continue }
            let file = location.dropLast(2).joined(separator: ":")
            guard !file.isEmpty else { continue }
            return CompilerDiagnostic(file: file, line: lineNumber, column: column, severity: severity,
                                      message: String(line[marker.upperBound...]))
        }
        return nil
    }

    /// Spaces up to the column, then `^`: the marker line under `sourceLine` (tabs kept so
    /// it lines up).
    public var marker: String {
        guard let sourceLine else { return "" }
        let bytes = Array(sourceLine.utf8.prefix(max(column - 1, 0)))
        let prefix = String(decoding: bytes, as: UTF8.self)
        return String(prefix.map { $0 == "\t" ? "\t" : " " }) + "^"
    }

    /// `file:line:column: error: message`, the source line and the marker.
    public var text: String {
        var out = "\(file):\(line):\(column): \(severity): \(message)\n"
        if let sourceLine { out += "    \(sourceLine)\n    \(marker)\n" }
        return out
    }
}

extension FileRegion {
    /// The whole region in memory.
    fileprivate func forEachChunkCollected() throws -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk { bytes.append(contentsOf: $0) }
        return bytes
    }
}
