import Synchronization
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Live reload for development: an HTML page served in debug mode carries a tiny script that
/// asks the server (`GET /__werk__/live?token=T`) whether the build that served the page is
/// still the one serving. The answer is held (a long poll) until something else serves or
/// `holdLimit` passes, so the page reloads itself as soon as a new build is up, with one
/// request per tab at a time. `werk run --no-live-reload` turns it off.
///
///     let (headers, body) = LiveReload.inject(into: body, headers: headers, status: .ok, method: "GET", token: "b1")
public enum LiveReload {
    /// The reserved path the script polls.
    public static let path = "/__werk__/live"
    /// The largest body the script is injected into; larger ones are served as they are.
    public static let maxInjectedSize = 4 << 20
    /// How long one poll is held before it is answered with the unchanged token.
    static let holdLimit: Duration = .seconds(25)

    /// The `<script>` element for a page served by the build named `token`.
    public static func script(token: String) -> String {
        // The token is a URL-safe word chosen by Werk; it is still escaped as a JS string.
        let quoted = token.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" ? String($0) : "" }.joined()
        return "<script>/* werk live reload */(function(){var t=\"\(quoted)\";function p(){fetch(\"\(path)?token=\"+t,{cache:\"no-store\"})"
            + ".then(function(r){return r.ok?r.text():Promise.reject(r.status)}).then(function(x){if(x!==t){location.reload()}else{p()}},"
            + "function(){setTimeout(p,400)})}p()})();</script>\n"
    }

    /// `body` with the script inserted before `</body>` (or appended) and `Content-Length`
    /// fixed, when the response is an HTML page of known size that nothing else encodes:
    /// not for HEAD, 1xx/204/206/304, other types, `Content-Encoding`, streams or bodies
    /// over `maxInjectedSize`. Otherwise `body` and `headers` unchanged.
    public static func inject(into body: Body, headers: Headers, status: Status, method: String, token: String) -> (Headers, Body) {
        guard !status.isInformational, ![204, 206, 304].contains(status.code),
              headers["Content-Encoding"] == nil,
              let type = headers["Content-Type"], type.lowercased().drop(while: { $0 == " " }).hasPrefix("text/html"),
              let length = body.knownLength, length <= maxInjectedSize else { return (headers, body) }
        // The page is no longer the resource's bytes: no validator or range may name them.
        var headers = headers
        headers.remove("ETag")
        headers.remove("Accept-Ranges")
        if method == "HEAD" {
            // The length GET would send.
            if headers.contains("Content-Length") {
                headers.setUnchecked("Content-Length", String(length + Self.script(token: token).utf8.count))
            }
            return (headers, body)
        }
        let bytes: [UInt8]
        switch body.content {
        case .bytes(let all): bytes = all
        case .file:
            guard let read = try? body.collect() else { return (headers, body) }
            bytes = read
        default: return (headers, body)
        }
        let script = Array(Self.script(token: token).utf8)
        var out = bytes
        out.insert(contentsOf: script, at: closingBodyTag(in: bytes) ?? bytes.count)
        if headers.contains("Content-Length") { headers.setUnchecked("Content-Length", String(out.count)) }
        var injected = Body(out)
        injected.onClose { body.close() }
        return (headers, injected)
    }

    /// Where the last `</body` starts (ASCII case-insensitive), if anywhere.
    static func closingBodyTag(in bytes: [UInt8]) -> Int? {
        let tag = Array("</body".utf8)
        guard bytes.count >= tag.count else { return nil }
        var index = bytes.count - tag.count
        while index >= 0 {
            if zip(bytes[index..<index + tag.count], tag).allSatisfy({ ($0 | 0x20) == ($1 | 0x20) || $0 == $1 }) { return index }
            index -= 1
        }
        return nil
    }

    /// The token of this process: `WERK_RUN_TOKEN` when a supervisor (`werk run`) set it,
    /// else one made from the pid and the start time.
    static let processToken: String = {
        if let set = getenv("WERK_RUN_TOKEN"), !String(cString: set).isEmpty { return String(cString: set) }
        return "p\(getpid())-\(Sys.now() % 1_000_000_007)"
    }()

    /// The channel of this process (the app's side).
    static let channel = LiveReloadChannel(token: processToken)

    /// Releases every held poll: the server is stopping, and the pages should ask again
    /// (they then reach whatever serves next). `runSimple` calls it before shutting down.
    public static func serverStopping() { channel.close() }
}

/// The held polls of one server: the token now serving and a latch that wakes the polls when
/// it changes or the server stops.
final class LiveReloadChannel: Sendable {
    private struct State {
        var token: String
        var latch = Latch()
        var closed = false
    }
    private let state: Locked<State>

    init(token: String) { state = Locked(State(token: token)) }

    /// The token now serving.
    var token: String { state.withLock { $0.token } }

    /// Publishes a new token; held polls answer it at once.
    func publish(_ token: String) {
        let old = state.withLock { state -> Latch in
            let old = state.latch
            state.token = token
            state.latch = Latch()
            state.closed = false
            return old
        }
        old.set()
    }

    /// Wakes every held poll and answers later ones at once with 503, until `publish`.
    func close() {
        let latch = state.withLock { state -> Latch in
            state.closed = true
            return state.latch
        }
        latch.set()
    }

    /// The answer for a poll from a page of build `token`: the token now serving (after
    /// holding while it is the same), or nil when the server is stopping. The hold ends early
    /// when the page's connection is closed (`ClientHangUp`, asked every 250 ms): a closed tab
    /// does not keep a worker for the rest of it.
    func poll(from token: String, hold: Duration = LiveReload.holdLimit) -> String? {
        let (current, latch, closed) = state.withLock { ($0.token, $0.latch, $0.closed) }
        if closed { return nil }
        if current != token { return current }
        var left = hold.nanoseconds
        while left > 0 {
            let slice = min(left, 250_000_000)
            if latch.wait(timeoutNanos: slice) { break }
            left -= slice
            if ClientHangUp.current?.clientHasHungUp() == true { break }
        }
        return state.withLock { $0.closed ? nil : $0.token }
    }

    /// Serves `GET /__werk__/live?token=T`: 200 with the serving token, 503 while stopping.
    func respond(to request: Request) -> Response {
        var headers = Headers()
        headers.addUnchecked("Cache-Control", "no-store")
        guard let answer = poll(from: request.args["token"] ?? "") else {
            return Response("stopping", status: .serviceUnavailable, headers: headers)
        }
        return Response(answer, headers: headers)
    }
}
