// Async handler benchmark (issue 12): the cost per request of an async route against the same
// route written synchronously, through Router and the gateway call a server makes.
// Run: swift build -c release --product async-bench && .build/release/async-bench
import Werk

#if canImport(Glibc)
import Glibc
#endif

/// A clock in nanoseconds: CLOCK_MONOTONIC (wall) or CLOCK_PROCESS_CPUTIME_ID (CPU of every
/// thread, so work done on the cooperative pool is counted too). The CPU figure is the cost;
/// the wall figure also holds the time the thread waited, and on a shared machine time spent
/// descheduled.
func nanos(_ clock: clockid_t) -> UInt64 {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// One request through `app` as a server worker makes it: environ, start-response, body, close.
@inline(never)
func serve(_ app: any Application, _ path: String) throws -> Int {
    var environ = Environ(method: "GET", pathInfo: path)
    let head = ResponseHead()
    let body = try app(&environ, head.startResponse)
    try head.beginBody()
    defer { body.close() }
    return body.knownLength ?? 0
}

var router = Router()
router.get("/sync/<int:id>") { (request: Request, id: Int) in Response("item \(id)") }
router.get("/async/<int:id>") { (request: Request, id: Int) async throws in Response("item \(id)") }
router.get("/suspending/<int:id>") { (request: Request, id: Int) async throws in
    await Task.yield()   // one real suspension: the rest runs on the cooperative pool
    return Response("item \(id)")
}
let app: any Application = router

/// Median over 7 runs of `iterations` requests: (wall ns, process CPU ns) per request.
func measure(_ path: String, iterations: Int) throws -> (wall: Double, cpu: Double) {
    var walls: [Double] = [], cpus: [Double] = []
    var sink = 0
    for _ in 0..<iterations / 10 { sink &+= try serve(app, path) }   // warm up
    for _ in 0..<7 {
        let wall0 = nanos(CLOCK_MONOTONIC), cpu0 = nanos(CLOCK_PROCESS_CPUTIME_ID)
        for _ in 0..<iterations { sink &+= try serve(app, path) }
        walls.append(Double(nanos(CLOCK_MONOTONIC) - wall0) / Double(iterations))
        cpus.append(Double(nanos(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / Double(iterations))
    }
    precondition(sink > 0, "keep the loop")
    return (walls.sorted()[3], cpus.sorted()[3])
}

func format(_ ns: Double) -> String {
    let tenths = Int((abs(ns) * 10).rounded())
    return (ns < 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
}

print("Werk async handler benchmark: ns per request through Router (median of 7 runs)")
print("handler                          wall ns    CPU ns   extra CPU vs sync")
let sync = try measure("/sync/42", iterations: 200_000)
for (name, path, iterations) in [("sync", "/sync/42", 200_000), ("async, no suspension", "/async/42", 200_000),
                                 ("async, one suspension (yield)", "/suspending/42", 50_000)] {
    let result = name == "sync" ? sync : try measure(path, iterations: iterations)
    let extra = name == "sync" ? "-" : format(result.cpu - sync.cpu) + " ns"
    let label = name + String(repeating: " ", count: max(0, 31 - name.count))
    print(label + "  " + format(result.wall).leftPadded(7) + "   " + format(result.cpu).leftPadded(7) + "   " + extra)
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
