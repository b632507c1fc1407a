import Werk

/// The last response head a handler encoded, kept to send again without deciding its framing
/// or encoding its fields a second time.
///
/// An app answers request after request with the same status and fields (the same content
/// type, the same length), and the bytes of such heads differ only in the `Date` field. The
/// framing is still decided by `ResponseFraming`, once per distinct head; the kept head is used
/// only when everything its bytes depend on is equal: the status and its reason, the fields in
/// order, the request's method and HTTP version, the body's length and whether the connection
/// closes after the response. (The `Server` line is the server's own, the same every time.)
///
///     if let framing = memo.framing(status, headers, method: "GET", bodyLength: 13, minorVersion: 1) { ... }
///
/// A class, one per handler: the handler consults it in place on every response (a struct
/// stored in the handler was copied out, retaining and releasing each of its arrays, per call).
final class ResponseHeadMemo {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance (its handler's) and no access overlaps another; on this
    // path the checks cost more than the work.
    @exclusivity(unchecked) private var status: Status?
    @exclusivity(unchecked) private var fields: [Headers.Field] = []
    @exclusivity(unchecked) private var method = ""
    @exclusivity(unchecked) private var bodyLength: Int?
    @exclusivity(unchecked) private var minorVersion = 0
    @exclusivity(unchecked) private var decided: ResponseFraming?
    /// The encoded head around the place of the `Date` field, and for which ending.
    @exclusivity(unchecked) private var beforeDate: [UInt8] = []
    @exclusivity(unchecked) private var afterDate: [UInt8] = []
    @exclusivity(unchecked) private var addsDate = false
    @exclusivity(unchecked) private var closes = false
    @exclusivity(unchecked) private var encoded = false

    /// The framing decided for the same status, fields, method, body length and version, or nil.
    func framing(_ status: Status, _ headers: Headers, method: String, bodyLength: Int?, minorVersion: Int) -> ResponseFraming? {
        guard let decided, status == self.status, bodyLength == self.bodyLength, minorVersion == self.minorVersion,
              method == self.method, headers.fields == fields else { return nil }
        return decided
    }

    /// Keeps `framing` as decided for these inputs; the encoded bytes of another head go.
    func remember(_ framing: ResponseFraming, _ status: Status, _ headers: Headers, method: String,
                  bodyLength: Int?, minorVersion: Int) {
        decided = framing
        self.status = status
        fields = headers.fields
        self.method = method
        self.bodyLength = bodyLength
        self.minorVersion = minorVersion
        encoded = false
    }

    /// Writes the kept head into `out` (with today's `Date`) when it was encoded for the
    /// remembered inputs and the same ending; false (and nothing written) otherwise.
    func write(closes: Bool, encoder: inout ResponseEncoder, to out: ByteWriter) -> Bool {
        guard encoded, closes == self.closes else { return false }
        beforeDate.withUnsafeBytes { out.append($0) }
        if addsDate { encoder.appendDate(to: out) }
        afterDate.withUnsafeBytes { out.append($0) }
        return true
    }

    /// Keeps the head just encoded into `out`: `out.bytes[..<dateStart]` before the `Date`
    /// field, `[dateEnd...]` after it (`dateStart == dateEnd` when the app set its own Date).
    func keep(_ out: ByteWriter, dateStart: Int, dateEnd: Int, closes: Bool) {
        let bytes = out.bytes
        beforeDate.removeAll(keepingCapacity: true)
        beforeDate.append(contentsOf: bytes[..<dateStart])
        afterDate.removeAll(keepingCapacity: true)
        afterDate.append(contentsOf: bytes[dateEnd...])
        addsDate = dateEnd > dateStart
        self.closes = closes
        encoded = decided != nil
    }
}
