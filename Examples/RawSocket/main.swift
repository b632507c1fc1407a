// RawSocket: an HTTP answer written on a bare socket, one connection at a time. A teaching
// example of what Werk's server does for you (see RawSocketServer.swift), not an API.
//
//     swift run rawsocket                  # http://127.0.0.1:8000/
//     swift run rawsocket --port 8080
#if canImport(Glibc)
import Glibc
#endif
import WerkServer

// SIGPIPE would kill the process when a client closes before its answer is written; ignored,
// that becomes an EPIPE error from write, which writeAll takes as "the client left".
signal(SIGPIPE, SIG_IGN)
do {
    let arguments = try ServerArguments.parse(CommandLine.arguments.dropFirst())
    let listener = try listenOn(host: arguments.host, port: arguments.port)
    writeAll(1, Array("rawsocket: listening on http://\(arguments.host):\(arguments.port)/ (one connection at a time)\n".utf8))
    while true {
        let client = accept(listener, nil, nil)
        guard client >= 0 else { continue }  // EINTR or a connection that was reset before accept
        let (head, complete) = readHead(client)
        if complete {
            writeAll(client, answer(toHead: head))
        } else if head.count >= maxHeadBytes {
            writeAll(client, httpResponse(status: "431 Request Header Fields Too Large",
                                          body: "<h1>Request Header Fields Too Large</h1>\n"))
        }
        // Otherwise the client closed or was too slow: there is nobody to answer.
        closeGracefully(client)
    }
} catch {
    writeAll(2, Array("rawsocket: \(error)\n".utf8))
    exit(2)
}
