import Synchronization
import Werk

/// How long one request took, as `serverTiming` measured it.
public struct RequestTiming: Sendable, Equatable {
    /// The request method.
    public var method: String
    /// The request target as sent (path and query).
    public var target: String
    /// The status the app answered with (500 when it threw).
    public var status: Int
    /// From the request reaching the middleware to the app starting its response.
    public var app: Duration
    /// From the request reaching the middleware to its body being closed (sent, or given up).
    public var total: Duration

    /// A timing with every field.
    public init(method: String, target: String, status: Int, app: Duration, total: Duration) {
        self.method = method
        self.target = target
        self.status = status
        self.app = app
        self.total = total
    }

    /// `slow request: GET /report 200 in 1204.1 ms (app 1198.0 ms)`, ending in a newline.
    public var logLine: String {
        "slow request: \(AccessLogEntry.escaped(method)) \(AccessLogEntry.escaped(target)) \(status) in "
            + "\(milliseconds(total, digits: 1)) ms (app \(milliseconds(app, digits: 1)) ms)\n"
    }
}

/// Middleware that measures the app: adds `Server-Timing: app;dur=12.345` (milliseconds, W3C
/// Server Timing) to each response, the time from the request reaching it to the app starting
/// its response, which browsers' developer tools show; fields the app set itself are kept.
/// Requests slower than `slowerThan` in total (the body sent too) go to `onSlowRequest`, by
/// default a line on standard error (`RequestTiming.logLine`).
///
///     let app = stack(serverTiming(slowerThan: .milliseconds(500)), app: router)
///     let app = stack(serverTiming(slowerThan: .seconds(1)) { timing in metrics.record(timing) }, app: router)
public func serverTiming(metric: String = "app", slowerThan threshold: Duration? = .seconds(1),
                         onSlowRequest: @escaping @Sendable (RequestTiming) -> Void = { StandardError.shared.write($0.logLine) })
    -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            let clock = ContinuousClock()
            let started = clock.now
            let method = environ.method, target = environ.requestURI
            let measured = Locked<(status: Int, app: Duration)?>(nil)
            let timed = StartResponse { status, headers, error in
                let elapsed = started.duration(to: clock.now)
                var headers = headers
                headers.add("Server-Timing", "\(metric);dur=\(milliseconds(elapsed, digits: 3))")
                measured.withLock { $0 = (status.code, elapsed) }
                try startResponse(status, headers, error: error)
            }
            let report: @Sendable (Int, Duration) -> Void = { status, appTime in
                let total = started.duration(to: clock.now)
                guard let threshold, total >= threshold else { return }
                let timing = RequestTiming(method: method, target: target, status: status, app: appTime, total: total)
                onSlowRequest(timing)
            }
            var body: Body
            do {
                body = try app(&environ, timed)
            } catch {
                report(500, started.duration(to: clock.now))
                throw error
            }
            let result = measured.withLock { $0 }
            body.onClose { report(result?.status ?? 500, result?.app ?? .zero) }
            return body
        }
    }
}

/// `duration` in milliseconds with `digits` decimals: `12.345`.
func milliseconds(_ duration: Duration, digits: Int) -> String {
    let (seconds, attoseconds) = duration.components
    let scale = [1, 10, 100, 1000][min(max(digits, 0), 3)]
    let units = Int64(seconds) * 1000 * Int64(scale) + attoseconds / (1_000_000_000_000_000 / Int64(scale))
    let whole = units / Int64(scale), fraction = abs(units % Int64(scale))
    guard digits > 0 else { return String(whole) }
    let text = String(fraction)
    return "\(whole).\(String(repeating: "0", count: digits - text.count))\(text)"
}
