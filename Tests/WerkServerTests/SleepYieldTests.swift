import Synchronization
import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// When an event loop yields its CPU before it sleeps (`SleepYield`), and that requests which
/// come while it yields are served as those that wake it.
struct SleepYieldTests {
    private func yields(_ policy: inout SleepYield) -> Bool { policy.yieldsNow() }

    @Test func yieldsWhileTheSecondLookFindsEvents() {
        var policy = SleepYield()
        for _ in 0..<1_000 {
            #expect(yields(&policy))
            policy.record(foundEvents: true)
        }
        #expect(policy.misses == 0)
    }

    @Test func stopsAfterEmptyLooksInARowThenTriesAgainNowAndThen() {
        var policy = SleepYield()
        for _ in 0..<SleepYield.missesToStop {
            #expect(yields(&policy))
            policy.record(foundEvents: false)
        }
        // Stopped: no yield for `retryEvery - 1` sleeps, then one try.
        for _ in 1..<SleepYield.retryEvery { #expect(!yields(&policy)) }
        #expect(yields(&policy))
        policy.record(foundEvents: false)
        for _ in 1..<SleepYield.retryEvery { #expect(!yields(&policy)) }
        // A try that finds events starts it yielding again.
        #expect(yields(&policy))
        policy.record(foundEvents: true)
        #expect(yields(&policy))
        #expect(policy.misses == 0)
    }

    @Test func anEventBetweenEmptyLooksStartsTheCountAgain() {
        var policy = SleepYield()
        for _ in 0..<10 {
            for _ in 1..<SleepYield.missesToStop {
                #expect(yields(&policy))
                policy.record(foundEvents: false)
            }
            #expect(yields(&policy))
            policy.record(foundEvents: true)
        }
    }

    /// One loop, eight clients sending keep-alive requests and pipelined pairs as fast as they
    /// are answered: every answer comes, in order, with yielding on and off.
    @Test(arguments: [true, false])
    func everyRequestIsAnsweredInOrder(yields: Bool) throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.activeThreads = 1
            $0.yieldsBeforeSleep = yields
        })
        defer { live.stop() }
        let failures = Locked<[String]>([])
        let finished = Atomic<Int>(0)
        let clients = 8, rounds = 150
        for client in 0..<clients {
            try startDetachedThread(stackSize: nil) {
                defer { finished.add(1, ordering: .releasing) }
                do {
                    let connection = try live.connect()
                    for round in 0..<rounds {
                        let first = "\(client)-\(round)-a", second = "\(client)-\(round)-b"
                        if round % 3 == 0 {
                            try connection.send(get("/id?\(first)") + get("/id?\(second)"))
                            for id in [first, second] {
                                let response = try connection.readResponse()
                                if response.text != "id=\(id)" { failures.withLock { $0.append("\(id): \(response.text)") } }
                            }
                        } else {
                            try connection.send(get("/id?\(first)"))
                            let response = try connection.readResponse()
                            if response.text != "id=\(first)" { failures.withLock { $0.append("\(first): \(response.text)") } }
                        }
                    }
                } catch {
                    failures.withLock { $0.append("client \(client): \(error)") }
                }
            }
        }
        let start = Sys.now()
        while finished.load(ordering: .acquiring) < clients && elapsed(since: start) < 60 { usleep(10_000) }
        #expect(finished.load(ordering: .acquiring) == clients)
        #expect(failures.withLock { $0 } == [])
    }
}
