import Werk
#if canImport(Glibc)
import Glibc
#endif

/// One `swift build` of the product, running in the background: its output streams to the
/// terminal (the build's own progress lines) and is kept for the compile-error page.
final class BuildRun {
    /// The build process.
    let pid: pid_t
    /// Its output (stdout and stderr together).
    let output: OutputCapture
    /// When it started (monotonic nanoseconds).
    let startedAt = Sys.now()

    /// Starts `swift build --package-path P --product X` plus `arguments`.
    init(packagePath: String, product: String, arguments: [String]) throws {
        let pipe = try ChildProcess.makePipe()
        do {
            pid = try ChildProcess.spawn(["swift", "build", "--package-path", packagePath, "--product", product] + arguments,
                                         output: pipe.write, errors: pipe.write)
        } catch {
            close(pipe.read)
            close(pipe.write)
            throw error
        }
        close(pipe.write)
        output = try OutputCapture(reading: pipe.read, limit: 1 << 20)
    }

    /// The exit status once the build ended (its output fully read), else nil.
    func poll() -> Int32? {
        guard let status = ChildProcess.poll(pid) else { return nil }
        output.waitUntilClosed(timeout: .seconds(5))
        return status
    }

    /// Stops the build (SIGTERM; swift build cancels its jobs) and waits for it.
    func cancel() { ChildProcess.stop(pid, grace: .seconds(10)) }

    /// Seconds since the start, with one decimal: "3.4 s".
    var elapsed: String {
        let tenths = (Sys.now() - startedAt) / 100_000_000
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
