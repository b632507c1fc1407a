#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether `errno` value `code` says the process or the system ran short of descriptors or
/// memory (`EMFILE`, `ENFILE`, `ENOMEM`, `ENOBUFS`): a passing condition, answered 503 with
/// `Retry-After`, never as a missing file (a 404 is cacheable) or a server fault.
///
///     if isResourceShortage(error.code) { throw HTTPError.serviceUnavailable(retryAfter: 1) }
public func isResourceShortage(_ code: Int32) -> Bool {
    code == EMFILE || code == ENFILE || code == ENOMEM || code == ENOBUFS
}

extension HTTPError {
    /// 503 with `Retry-After: 1` for a request that could not be served for want of
    /// descriptors or memory (`isResourceShortage`).
    package static func resourceShortage(fileID: String = #fileID, line: Int = #line) -> HTTPError {
        serviceUnavailable(retryAfter: 1, "The server is short of resources; try again in a moment.", fileID: fileID, line: line)
    }
}
