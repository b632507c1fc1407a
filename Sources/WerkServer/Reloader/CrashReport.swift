/// What the crash page shows when the app process ends without being asked: how it ended and
/// the Swift runtime's report (the `Fatal error` line and the backtrace it prints with
/// `SWIFT_BACKTRACE`), cut from the app's captured stderr.
///
///     let report = CrashReport(output: stderrText, status: 132)
///     report.summary      // "was killed by signal 4 (SIGILL)"
public struct CrashReport: Sendable, Equatable, Encodable {
    /// How the process ended: "exited with status 1", "was killed by signal 4 (SIGILL)".
    public var summary: String
    /// The runtime's message, when there is one: "Fatal error: Index out of range".
    public var fatalError: String?
    /// The crash report: from the fatal-error line (or the backtracer's header) to the end of
    /// the output; the output's last lines when neither is found.
    public var report: String

    /// The markers the Swift runtime and its backtracer print.
    static let fatalMarker = "Fatal error:"
    static let crashMarker = "💣 Program crashed"

    /// The report of a process that ended with `status` (as `ChildProcess.wait` gives it)
    /// after writing `output` to stderr.
    public init(output: String, status: Int32) {
        summary = ChildProcess.describe(status)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let lastCrash = lines.lastIndex { $0.contains(CrashReport.crashMarker) }
        // The fatal-error line just before the backtracer's header, or the last one.
        let fatal = lines.indices.last { index in
            lines[index].contains(CrashReport.fatalMarker) && (lastCrash == nil || index <= lastCrash!)
        }
        fatalError = fatal.map { line in
            let text = lines[line]
            return String(text[text.firstRange(of: CrashReport.fatalMarker)!.lowerBound...])
        }
        let start = fatal ?? lastCrash ?? max(lines.count - 60, 0)
        report = lines[start...].joined(separator: "\n").trimmingNewlines
    }
}

extension String {
    /// The text without trailing newlines.
    fileprivate var trimmingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
