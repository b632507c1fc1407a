import Testing
import Werk
import WerkTesting
import WerkMiddleware

@Suite("Health checks and readiness")
struct HealthTests {
    static let app = Request.application { request in Response("app saw \(request.method) \(request.path)") }

    /// A client of `health(readiness)` in front of `app`, with `readiness` moved to `state`.
    static func client(_ state: Readiness.State, livePath: String = "/healthz", readyPath: String = "/readyz") -> Client {
        let readiness = Readiness()
        if state != .starting { readiness.markReady() }
        if state == .draining { readiness.markDraining() }
        return Client(stack(health(readiness, livePath: livePath, readyPath: readyPath), app: app))
    }

    @Test(arguments: [
        (Readiness.State.starting, "/healthz", 200, "ok\n"),
        (.ready, "/healthz", 200, "ok\n"),
        (.draining, "/healthz", 200, "ok\n"),
        (.starting, "/readyz", 503, "starting\n"),
        (.ready, "/readyz", 200, "ready\n"),
        (.draining, "/readyz", 503, "draining\n"),
    ])
    func answersFromTheReadiness(state: Readiness.State, path: String, status: Int, text: String) throws {
        let response = try Self.client(state).get(path)
        #expect(response.status.code == status)
        #expect(try response.text == text)
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain") == true)
    }

    @Test func headIsAnsweredWithoutABody() throws {
        let response = try Self.client(.draining).head("/readyz")
        #expect(response.status.code == 503)
        #expect(try response.text == "")
    }

    @Test func otherMethodsGet405WithAllow() throws {
        let response = try Self.client(.ready).post("/readyz", body: Array("x".utf8))
        #expect(response.status.code == 405)
        #expect(response.headers["Allow"]?.contains("GET") == true)
        #expect(try Self.client(.ready).delete("/healthz").status.code == 405)
    }

    @Test func everythingElseReachesTheAppEvenWhileDraining() throws {
        let client = Self.client(.draining)
        #expect(try client.get("/readyz/more").text == "app saw GET /readyz/more")
        #expect(try client.get("/healthzz").text == "app saw GET /healthzz")
        #expect(try client.post("/healthz/", body: []).text == "app saw POST /healthz/")
    }

    @Test func pathsAreSettable() throws {
        let client = Self.client(.draining, livePath: "/-/live", readyPath: "/-/ready")
        #expect(try client.get("/-/ready").status.code == 503)
        #expect(try client.get("/-/live").text == "ok\n")
        #expect(try client.get("/readyz").text == "app saw GET /readyz")
    }

    @Test func readinessMovesForwardOnly() {
        let readiness = Readiness()
        #expect(readiness.state == .starting && !readiness.isReady)
        readiness.markReady()
        #expect(readiness.state == .ready && readiness.isReady)
        readiness.markDraining()
        #expect(readiness.state == .draining)
        // A server that drains never turns ready again.
        readiness.markReady()
        #expect(readiness.state == .draining && !readiness.isReady)
        // Draining straight from starting (stopped before it served).
        let early = Readiness()
        early.markDraining()
        early.markReady()
        #expect(early.state == .draining)
    }
}
