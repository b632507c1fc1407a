import CWerkSockets
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// This process as a prefork worker: started by a master (`Prefork`) as a new run of the
/// same executable with the same arguments, serving the listening sockets it inherits
/// (`WERK_SERVER_FDS`). It tells the master when it serves (a byte on `WERK_WORKER_READY_FD`),
/// drains on SIGTERM or SIGINT, ignores SIGHUP (the master's), and drains by itself when the
/// master is gone (`WERK_WORKER_MASTER` is no longer its parent).
struct PreforkWorker {
    /// The environment variables a master sets for its workers.
    enum Variable {
        static let readyFD = "WERK_WORKER_READY_FD"
        static let master = "WERK_WORKER_MASTER"
        static let listeners = "WERK_SERVER_FDS"
    }

    /// The write end of the pipe the master waits on.
    let readyFD: Int32
    /// The master's process id.
    let master: pid_t

    /// The worker this process is, when a master started it; the variables are removed, so a
    /// process it starts is no worker.
    static func fromEnvironment() -> PreforkWorker? {
        guard let ready = getenv(Variable.readyFD).flatMap({ Int32(String(cString: $0)) }),
              let master = getenv(Variable.master).flatMap({ pid_t(String(cString: $0)) }) else { return nil }
        unsetenv(Variable.readyFD)
        unsetenv(Variable.master)
        _ = fcntl(ready, F_SETFD, FD_CLOEXEC)
        return PreforkWorker(readyFD: ready, master: master)
    }

    /// Serves until a stop signal (or the master's end), then drains and returns.
    func serve(_ server: HTTPServer) throws {
        server.markMultiprocess()
        let readyFD = self.readyFD, master = self.master
        try startDetachedThread(stackSize: 128 * 1024) {
            // Serving starts within moments of serveForever; a server that never gets there
            // (it failed) closes the pipe by exiting, which the master sees as a failed start.
            server.servingLatch.wait()
            var byte: UInt8 = 0x31
            _ = write(readyFD, &byte, 1)
            close(readyFD)
        }
        try startDetachedThread(stackSize: 128 * 1024) {
            while true {
                let signal = cwerk_wait_server_signal(500)
                if signal == SIGINT || signal == SIGTERM { break }
                if signal == 0 && getppid() != master {
                    StandardError.shared.write("werk: worker \(getpid()): the master (\(master)) is gone; draining\n")
                    break
                }
            }
            server.shutdown()
        }
        try server.serveForever()
    }
}
