/// What one server thread carries from task to task: its read buffer, its request handler
/// (with the response buffer and the Date cache). A thread runs an event
/// loop, or serves a request that waited in the queue; its buffers go with it, so a loop can
/// pass to another thread while this one is still inside a request.
final class Worker {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    /// The size of the read buffer.
    static let bufferSize = 64 * 1024

    /// Bytes read for the connection being served.
    let buffer = ReadBuffer(capacity: Worker.bufferSize)
    /// Serves requests.
    let handler: RequestHandler
    /// Set when this thread's loop was taken over while it served a request.
    @exclusivity(unchecked) var lostLoop = false

    init(context: ServingContext) {
        handler = RequestHandler(context: context)
    }
}
