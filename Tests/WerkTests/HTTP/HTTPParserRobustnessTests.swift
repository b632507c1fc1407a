import Testing
@testable import Werk

/// Throws random, syntax-heavy input at every parser: none may crash, and the
/// serializers' output must parse again.
@Suite struct HTTPParserRobustnessTests {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces: [String] = [
        "\"", "\\", ",", ";", "=", "*", "-", "/", "%", "'", " ", "\t", "W/", "q=", "0", "1", "9",
        "99999999999999999999", "bytes", "a", "Z", "\u{e9}", "\u{1F600}", "%C3", "''", "*0", "*1*",
        "Sun", "Nov", ":", "GMT", "+", "==", "Basic ", "Bearer ", ".", "\r\n", "\u{0}",
    ]

    static func randomInputs(count: Int, seed: UInt64) -> [String] {
        var g = Generator(state: seed)
        return (0..<count).map { _ in
            let n = Int(g.next() % 24)
            return (0..<n).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test(arguments: [42, 7, 2024] as [UInt64])
    func parsersNeverCrash(seed: UInt64) {
        for s in Self.randomInputs(count: 3000, seed: seed) {
            _ = HTTPDate.parse(s)
            _ = isHTTPToken(s)
            _ = unquoteHeaderValue(s)
            let opts = parseOptionsHeader(s)
            _ = parseListHeader(s)
            _ = parseDictHeader(s)
            _ = ETag(parsing: s)
            _ = ETags(parsing: s)
            if let r = RangeHeader(parsing: s) {
                _ = r.resolve(length: 0)
                _ = r.resolve(length: 1)
                _ = r.resolve(length: Int.max)
                #expect(RangeHeader(parsing: r.headerValue) == r || r.unit != "bytes")
            }
            if let c = ContentRange(parsing: s) {
                #expect(ContentRange(parsing: c.headerValue) == c)
            }
            _ = IfRange(parsing: s)
            for kind in [Accept.Kind.mime, .language, .charset, .encoding] {
                let a = Accept(parsing: s, kind: kind)
                _ = a.bestMatch(["text/html", "en", "gzip", s])
            }
            let cc = CacheControl(parsing: s)
            #expect(CacheControl(parsing: cc.headerValue) == cc)
            _ = Base64.decode(s)
            if let auth = Authorization(parsing: s) { _ = auth.headerValue }
            if let w = WWWAuthenticate(parsing: s) { _ = w.headerValue }
            // Serializers produce something the parser reads back.
            let dumped = dumpOptionsHeader("x", opts.options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            if opts.options.keys.allSatisfy({ isHTTPToken($0) && !$0.contains("*") }) {
                #expect(parseOptionsHeader(dumped).options == opts.options)
            }
        }
    }
}
