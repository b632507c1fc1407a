import Dispatch
import Synchronization
import Testing
import Werk
import WerkTesting
@testable import WerkServer

/// The debugger middleware, live-reload injection and the loopback rule, in process.
@Suite struct DebuggerTests {
    /// Where the `Failure` of `/boom/<name>` is thrown.
    static let failureLine = #line + 4

    static func router() -> Router {
        var router = Router()
        router.get("/boom/<name>", .name("boom")) { _, _ in throw Failure("the <boom> happened") }
        router.get("/plain") { _ in throw PlainError.bad }
        router.get("/missing") { _ in throw HTTPError.notFound() }
        router.get("/page") { _ in Response("<html><body><p>hi</p></body></html>", contentType: "text/html; charset=utf-8") }
        return router
    }

    enum PlainError: Error { case bad }

    static func channelApp(_ app: any Application, liveReload: Bool = true) -> DebuggedApplication {
        DebuggedApplication(app, liveReload: liveReload, channel: LiveReloadChannel(token: "t1"))
    }

    @Test func aThrownFailureGetsThePageWithWhereItWasThrownAllEscaped() throws {
        let client = WerkTesting.Client(Self.channelApp(Self.router()))
        var headers = Headers()
        headers.addUnchecked("X-Probe", "<probe>")
        headers.addUnchecked("Cookie", "sid=<c>")
        let response = try client.get("/boom/x?q=%3Cq%3E", headers: headers)
        let page = try response.text
        #expect(response.status == .internalServerError)
        for shown in ["Werk.Failure", "the &lt;boom&gt; happened", "WerkServerTests/DebuggerTests.swift:\(Self.failureLine)",
                      "/boom/&lt;name&gt;", "&lt;probe&gt;", "&lt;c&gt;", "&lt;q&gt;", "REQUEST_METHOD", "werk live reload"] {
            #expect(page.contains(shown), "\(shown)")
        }
        #expect(!page.contains("<boom>") && !page.contains("<probe>"))
    }

    @Test func anErrorWithoutALocationNamesTheRoute() throws {
        let text = try WerkTesting.Client(Self.channelApp(Self.router())).get("/plain", headers: try Headers([("Accept", "text/plain")])).text
        #expect(text.contains("DebuggerTests.PlainError: bad"))
        #expect(text.contains("raised by the handler of route /plain"))
    }

    @Test func jsonClientsGetTheSameFacts() throws {
        struct Report: Decodable {
            let errorType: String
            let thrownAt: String?
            let args: [[String]]
        }
        let response = try WerkTesting.Client(Self.channelApp(Self.router())).get("/boom/x?q=1", headers: try Headers([("Accept", "application/json")]))
        let report = try response.json(Report.self)
        #expect(report.errorType == "Werk.Failure" && report.thrownAt == "WerkServerTests/DebuggerTests.swift:\(Self.failureLine)")
        #expect(report.args == [["q", "1"]])
    }

    @Test func httpErrorsStayTheirOwnResponses() throws {
        let response = try WerkTesting.Client(Self.channelApp(Self.router())).get("/missing")
        #expect(response.status == .notFound)
        #expect(try !response.text.contains("REQUEST_METHOD"))
    }

    @Test func httpErrorsFromAnAppWithoutARouterSayWhereTheyWereMade() throws {
        let line = #line + 2
        let app = AppFunction { environ, _ in
            if environ.pathInfo == "/gone" { throw HTTPError.gone() }
            throw HTTPError.serviceUnavailable(retryAfter: 5)
        }
        let client = WerkTesting.Client(Self.channelApp(app, liveReload: false))
        let gone = try client.get("/gone")
        let goneText = try gone.text
        #expect(gone.status == .gone && goneText.contains("Raised at \(#fileID):\(line)."))
        // A server error gets the debugger page, which names the same place.
        let failed = try client.get("/other", headers: try Headers([("Accept", "text/plain")]))
        #expect(failed.status == .internalServerError)
        let text = try failed.text
        #expect(text.contains("\(#fileID):\(line + 1)") && text.contains("REQUEST_METHOD"))
    }

    @Test func withoutTheDebuggerThe500ShowsNothing() throws {
        let text = try WerkTesting.Client(Self.router()).get("/boom/x?q=1").text
        for hidden in ["Failure", "boom", "DebuggerTests", "REQUEST_METHOD", "q=1"] { #expect(!text.contains(hidden), "\(hidden)") }
    }

    @Test func htmlPagesGetTheScriptWithAFixedLength() throws {
        let response = try WerkTesting.Client(Self.channelApp(Self.router())).get("/page")
        let text = try response.text
        #expect(text.hasSuffix("</p>" + LiveReload.script(token: "t1") + "</body></html>"))
        #expect(response.headers["Content-Length"] == String(text.utf8.count))
        let off = try WerkTesting.Client(Self.channelApp(Self.router(), liveReload: false)).get("/page").text
        #expect(off == "<html><body><p>hi</p></body></html>")
    }

    @Test(arguments: [
        ("text/html", nil, "GET", 200, true),
        ("text/html; charset=utf-8", nil, "GET", 500, true),
        ("text/plain", nil, "GET", 200, false),
        ("text/html", "gzip", "GET", 200, false),
        ("text/html", nil, "GET", 304, false),
        ("text/html", nil, "GET", 206, false),
    ] as [(String, String?, String, Int, Bool)])
    func injectionOnlyWhereItIsSafe(type: String, encoding: String?, method: String, code: Int, injected: Bool) throws {
        var headers = Headers()
        headers.addUnchecked("Content-Type", type)
        headers.addUnchecked("Content-Length", "13")
        if let encoding { headers.addUnchecked("Content-Encoding", encoding) }
        let (newHeaders, body) = LiveReload.inject(into: Body("<p>plain</p>\n"), headers: headers, status: Status(code),
                                                   method: method, token: "t")
        let text = String(decoding: try body.collect(), as: UTF8.self)
        #expect(text.contains("werk live reload") == injected)
        #expect(newHeaders["Content-Length"] == String(text.utf8.count))
    }

    /// HEAD says the length GET sends (with the script), and an injected page keeps no
    /// validator or range support of the file it was made from (a range of the file would not
    /// be a range of the page).
    @Test func headAndValidatorsDescribeTheInjectedPage() throws {
        var headers = Headers()
        headers.addUnchecked("Content-Type", "text/html")
        headers.addUnchecked("Content-Length", "13")
        headers.addUnchecked("ETag", "\"abc\"")
        headers.addUnchecked("Accept-Ranges", "bytes")
        let (getHeaders, body) = LiveReload.inject(into: Body("<p>plain</p>\n"), headers: headers, status: .ok, method: "GET", token: "t")
        let sent = try body.collect().count
        #expect(getHeaders["Content-Length"] == String(sent) && sent > 13)
        #expect(getHeaders["ETag"] == nil && getHeaders["Accept-Ranges"] == nil)
        let (headHeaders, _) = LiveReload.inject(into: Body("<p>plain</p>\n"), headers: headers, status: .ok, method: "HEAD", token: "t")
        #expect(headHeaders["Content-Length"] == String(sent))
        #expect(headHeaders["ETag"] == nil)
    }

    @Test func streamsAreNotInjected() throws {
        var headers = Headers()
        headers.addUnchecked("Content-Type", "text/html")
        let (_, body) = LiveReload.inject(into: Body(stream: { try $0.write("<body></body>") }), headers: headers,
                                          status: .ok, method: "GET", token: "t")
        #expect(String(decoding: try body.collect(), as: UTF8.self) == "<body></body>")
    }

    @Test func theClosingBodyTagIsFoundInAnyCase() {
        #expect(LiveReload.closingBodyTag(in: Array("<BODY>x</BODY></html>".utf8)) == 7)
        #expect(LiveReload.closingBodyTag(in: Array("no tag".utf8)) == nil)
    }

    @Test func theLivePollAnswersANewTokenAtOnceAndHoldsTheSameOne() {
        let channel = LiveReloadChannel(token: "a")
        #expect(channel.poll(from: "old") == "a")
        #expect(channel.poll(from: "a", hold: .milliseconds(50)) == "a")
        channel.publish("b")
        #expect(channel.poll(from: "a") == "b")
        channel.close()
        #expect(channel.poll(from: "b") == nil)
    }

    /// A held poll whose page went away (its connection closed) frees its thread within a
    /// probe interval, not at the end of the hold.
    @Test func aHeldPollEndsWhenItsClientHangsUp() {
        final class Probe: ClientHangUpProbe, Sendable {
            let lock = Mutex(false)
            func clientHasHungUp() -> Bool { lock.withLock { $0 } }
        }
        let channel = LiveReloadChannel(token: "a")
        let probe = Probe()
        ClientHangUp.install(probe)
        defer { ClientHangUp.install(nil) }
        let clock = ContinuousClock(), start = clock.now
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { probe.lock.withLock { $0 = true } }
        #expect(channel.poll(from: "a", hold: .seconds(20)) == "a")
        #expect(clock.now - start < .seconds(10))
    }

    @Test(arguments: [
        (BoundAddress.Family.ipv4, "127.0.0.1", true), (.ipv4, "127.1.2.3", true), (.ipv6, "::1", true),
        (.unix, "/tmp/app.sock", true), (.ipv4, "0.0.0.0", false), (.ipv6, "::", false), (.ipv4, "192.0.2.7", false),
    ])
    func debugModeListensOnLoopbackOnly(family: BoundAddress.Family, host: String, allowed: Bool) throws {
        let address = BoundAddress(family: family, host: host, port: 5000)
        #expect(DebugBinding.isLocal(address) == allowed)
        if allowed {
            try DebugBinding.check([address], allowRemote: false)
        } else {
            let error = #expect(throws: DebugBindingError.self) { try DebugBinding.check([address], allowRemote: false) }
            #expect(error?.description.contains("CVE") == true)
            try DebugBinding.check([address], allowRemote: true)
        }
    }

    @Test(arguments: [
        (ListenAddress.tcp(host: "127.0.0.1", port: 5000), true), (.tcp(host: "localhost", port: 5000), true),
        (.tcp(host: "::1", port: 5000), true), (.unix(path: "/tmp/app.sock"), true), (.fileDescriptor(3), true),
        (.tcp(host: "0.0.0.0", port: 5000), false), (.tcp(host: "::", port: 5000), false), (.tcp(host: "", port: 5000), false),
        (.tcp(host: "192.0.2.7", port: 5000), false),
    ])
    func debugModeRefusesARemoteHostBeforeBinding(address: ListenAddress, allowed: Bool) throws {
        if allowed {
            try DebugBinding.check(listeningOn: [address], allowRemote: false)
        } else {
            #expect(throws: DebugBindingError.self) { try DebugBinding.check(listeningOn: [address], allowRemote: false) }
            try DebugBinding.check(listeningOn: [address], allowRemote: true)
        }
    }

    /// A port in use must not hide the refusal: the reason debug mode will not listen there is
    /// what the user needs to read, not "address already in use".
    @Test func theRefusalComesBeforeAPortInUse() throws {
        // Taken on loopback: binding 0.0.0.0 to the same port then fails with EADDRINUSE.
        let busy = try makeServer(host: "127.0.0.1", port: 0, app: AppFunction { _, _ in .empty })
        defer { busy.closeListeners() }
        let port = try #require(busy.addresses.first?.port)
        #expect(throws: DebugBindingError.self) {
            try runSimple(host: "0.0.0.0", port: port, app: AppFunction { _, _ in .empty }, debug: true)
        }
        var reloader = Reloader(product: "app")
        reloader.host = "0.0.0.0"
        reloader.port = port
        #expect(throws: DebugBindingError.self) { try reloader.run() }
    }

    @Test func werkRunsChoicesWinOverTheCall() {
        let run = ["WERK_RELOADER": "1"]
        #expect(DevelopmentMode(debug: false, allowRemote: false, environment: run).debug == false)
        #expect(DevelopmentMode(debug: false, allowRemote: false, environment: run.merging(["WERK_DEBUG": "1"]) { $1 }).debug == true)
        #expect(DevelopmentMode(debug: true, allowRemote: false, environment: run.merging(["WERK_DEBUG": "0"]) { $1 }).debug == false)
        #expect(DevelopmentMode(debug: true, allowRemote: false, environment: run.merging(["WERK_LIVE_RELOAD": "0"]) { $1 }).liveReload == false)
    }

    /// Outside `werk run` the variables are ignored: `WERK_DEBUG=1` left in a shell turned the
    /// debugger (and with `WERK_DEBUG_ALLOW_REMOTE=1`, a remote one) on in every program.
    @Test func theVariablesMeanNothingOutsideWerkRun() {
        let stray = ["WERK_DEBUG": "1", "WERK_DEBUG_ALLOW_REMOTE": "1", "WERK_LIVE_RELOAD": "0"]
        let mode = DevelopmentMode(debug: false, allowRemote: false, environment: stray)
        #expect(mode.debug == false && mode.allowRemote == false && mode.liveReload == true)
    }
}
