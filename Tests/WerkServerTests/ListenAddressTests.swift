import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Where a server listens, as the command line, systemd and a prefork master say it.
struct ListenAddressTests {
    // MARK: The command line

    @Test func unixSocketsAndDescriptorsListenWithoutTCPUnlessAsked() throws {
        let arguments = try ServerArguments.parse(["--unix-socket", "/run/a.sock", "--unix-socket=/run/b.sock",
                                                   "--unix-socket-mode", "660", "--fd", "3", "--fd=7"])
        #expect(arguments.addresses == [.unix(path: "/run/a.sock"), .unix(path: "/run/b.sock"), .fileDescriptor(3), .fileDescriptor(7)])
        #expect(arguments.options().unixSocketMode == 0o660)
        let withPort = try ServerArguments.parse(["--fd", "3", "--port", "9000"])
        #expect(withPort.addresses == [.tcp(host: "127.0.0.1", port: 9000), .fileDescriptor(3)])
        #expect(try ServerArguments.parse([]).addresses == [.tcp(host: "127.0.0.1", port: 8000)])
    }

    @Test func drainSettingsBecomeOptions() throws {
        let options = try ServerArguments.parse(["--workers", "3", "--grace-period", "2.5", "--keep-alive-drain=4"]).options()
        #expect(options.processes == 3)
        #expect(options.shutdownGracePeriod == .milliseconds(2500))
        #expect(options.keepAliveDrainPeriod == .seconds(4))
        // Not given: the defaults stay.
        #expect(try ServerArguments.parse([]).options().shutdownGracePeriod == ServerOptions().shutdownGracePeriod)
    }

    @Test(arguments: [
        (["--unix-socket-mode", "999"], "--unix-socket-mode takes octal"),
        (["--unix-socket-mode", "1777"], "--unix-socket-mode takes octal"),
        (["--unix-socket"], "--unix-socket needs a value"),
        (["--unix-socket", ""], "--unix-socket needs a path"),
        (["--fd", "-1"], "--fd takes a number from 0"),
        (["--fd", "three"], "--fd takes a number"),
        (["--grace-period", "-1"], "--grace-period takes seconds"),
        (["--keep-alive-drain", "soon"], "--keep-alive-drain takes seconds"),
        (["--workers", "0"], "--workers takes a number from 1"),
        (["--listen", "x"], "unknown option --listen"),
    ])
    func badArgumentsNameTheOption(arguments: [String], message: String) {
        do {
            _ = try ServerArguments.parse(arguments)
            Issue.record("accepted \(arguments)")
        } catch let error as ServerArgumentsError {
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(error.description.contains(ServerArguments.usage))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    // MARK: systemd socket activation

    static let unit = ["LISTEN_PID": "4242", "LISTEN_FDS": "3", "LISTEN_FDNAMES": "web:admin:web"]

    @Test func systemdSocketsStartAtThreeForThisProcessOnly() {
        #expect(ListenAddress.systemdSockets(environment: Self.unit, pid: 4242) == [.fileDescriptor(3), .fileDescriptor(4), .fileDescriptor(5)])
        // Variables meant for another process (inherited by mistake) are not ours.
        #expect(ListenAddress.systemdSockets(environment: Self.unit, pid: 4243).isEmpty)
    }

    @Test(arguments: [
        ("web", [Int32(3), 5]),
        ("admin", [4]),
        ("metrics", []),
    ])
    func systemdSocketsByName(name: String, descriptors: [Int32]) {
        #expect(ListenAddress.systemdSockets(environment: Self.unit, pid: 4242, named: name) == descriptors.map { .fileDescriptor($0) })
    }

    @Test(arguments: [
        ["LISTEN_PID": "1", "LISTEN_FDS": "0"],
        ["LISTEN_PID": "1", "LISTEN_FDS": "-2"],
        ["LISTEN_PID": "1", "LISTEN_FDS": "many"],
        ["LISTEN_PID": "1", "LISTEN_FDS": "100000"],
        ["LISTEN_FDS": "2"],
        ["LISTEN_PID": "one", "LISTEN_FDS": "2"],
    ])
    func malformedSystemdVariablesMeanNoSockets(environment: [String: String]) {
        #expect(ListenAddress.systemdSockets(environment: environment, pid: 1).isEmpty)
    }

    @Test func namesShorterThanTheDescriptorsLeaveTheRestUnnamed() {
        let environment = ["LISTEN_PID": "9", "LISTEN_FDS": "2", "LISTEN_FDNAMES": "web"]
        #expect(ListenAddress.systemdSockets(environment: environment, pid: 9, named: "web") == [.fileDescriptor(3)])
        #expect(ListenAddress.systemdSockets(environment: environment, pid: 9, named: "").isEmpty)
    }

    @Test func inheritedSocketsWinOverTheGivenAddresses() {
        let tcp: [ListenAddress] = [.tcp(host: "127.0.0.1", port: 8000)]
        let master = ["WERK_SERVER_FDS": "6,8", "WERK_SERVER_FD": "10"]
        // A master's sockets first (made from the same addresses), even under systemd.
        #expect(InheritedSockets.resolve(environment: Self.unit.merging(master) { a, _ in a }, pid: 4242, given: tcp)
                == [.fileDescriptor(6), .fileDescriptor(8)])
        #expect(InheritedSockets.resolve(environment: ["WERK_SERVER_FD": "10"], pid: 1, given: tcp) == [.fileDescriptor(10)])
        // systemd's, every socket of the unit, over a TCP default...
        #expect(InheritedSockets.resolve(environment: Self.unit, pid: 4242, given: tcp).count == 3)
        // ...but not over descriptors the program picked from them itself.
        let web = ListenAddress.systemdSockets(environment: Self.unit, pid: 4242, named: "web")
        #expect(InheritedSockets.resolve(environment: Self.unit, pid: 4242, given: web) == web)
        #expect(InheritedSockets.resolve(environment: [:], pid: 1, given: tcp) == tcp)
        // Variables for another process change nothing.
        #expect(InheritedSockets.resolve(environment: Self.unit, pid: 1, given: tcp) == tcp)
    }

    // MARK: Serving

    @Test func unixSocketGetsItsModeAndReplacesAStaleFile() throws {
        let path = "/tmp/werk-mode-\(getpid()).sock"
        // A stale socket file, as a killed server leaves behind.
        let stale = try HTTPServer(listeningOn: [.unix(path: path)], app: testApp(), options: LiveServer.testOptions())
        for fd in stale.listeningFileDescriptors { close(fd) }
        #expect(access(path, F_OK) == 0)
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.unixSocketMode = 0o600 }, address: .unix(path: path))
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        let client = try RawClient(unixPath: path)
        try client.send(get("/hello"))
        #expect(try client.readResponse().text == "Hello, World!")
        #expect(live.stop())
        // The server made the file, so it removes it.
        #expect(access(path, F_OK) != 0)
    }

    @Test func aSocketARunningServerAnswersOnIsNotTaken() throws {
        let path = "/tmp/werk-busy-\(getpid()).sock"
        let live = try LiveServer(app: testApp(), address: .unix(path: path))
        defer { live.stop() }
        do {
            _ = try HTTPServer(listeningOn: [.unix(path: path)], app: testApp(), options: LiveServer.testOptions())
            Issue.record("took the path of a running server")
        } catch {
            #expect("\(error)".contains("in use"), "\(error)")
        }
        // The first server still answers at its path.
        let client = try RawClient(unixPath: path)
        try client.send(get("/hello"))
        #expect(try client.readResponse().text == "Hello, World!")
    }

    @Test func servesEveryInheritedDescriptor() throws {
        // Two listeners made elsewhere (as systemd makes a unit's sockets), served by one server.
        let tcp = try HTTPServer(listeningOn: [.tcp(host: "127.0.0.1", port: 0)], app: testApp(), options: LiveServer.testOptions())
        let path = "/tmp/werk-fds-\(getpid()).sock"
        let unix = try HTTPServer(listeningOn: [.unix(path: path)], app: testApp(), options: LiveServer.testOptions())
        let fds = [dup(tcp.listeningFileDescriptors[0]), dup(unix.listeningFileDescriptors[0])]
        for fd in tcp.listeningFileDescriptors + unix.listeningFileDescriptors { close(fd) }
        defer { unlink(path) }
        let server = try HTTPServer(listeningOn: fds.map { .fileDescriptor($0) }, app: testApp(), options: LiveServer.testOptions())
        let live = try LiveServer(running: server)
        defer { live.stop() }
        #expect(server.port == tcp.port)
        let overTCP = try RawClient(port: tcp.port)
        try overTCP.send(get("/id?tcp"))
        #expect(try overTCP.readResponse().text == "id=tcp")
        let overUnix = try RawClient(unixPath: path)
        try overUnix.send(get("/id?unix"))
        #expect(try overUnix.readResponse().text == "id=unix")
    }
}
