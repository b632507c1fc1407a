/// A parsed `Accept`, `Accept-Language`, `Accept-Charset` or
/// `Accept-Encoding` header with quality values (RFC 9110 s12.4.2, s12.5).
///
/// ```swift
/// let accept = Accept(parsing: "text/html, application/json;q=0.9", kind: .mime)
/// accept.quality(of: "application/json")                          // 0.9
/// accept.bestMatch(["application/json", "text/html"])             // "text/html"
/// ```
///
/// Malformed quality values follow Werkzeug: an element whose `q` is not a
/// decimal number in 0...1 (`q=abc`, `q=2`, `q=-1`) is skipped entirely.
/// A missing, blank or entirely malformed header is treated as absent: every
/// offer is acceptable with quality 1.
public struct Accept: Sendable, Equatable {
    /// One element of the header.
    public struct Entry: Sendable, Equatable {
        /// The range as sent, e.g. `text/*`, `en-US`, `gzip` (a lone `*` in
        /// an `Accept` header is normalized to `*/*`).
        public var value: String
        /// The weight in 0...1 (RFC 9110 s12.4.2); 1 when absent.
        public var quality: Double
        /// Media-type parameters before `q` (names lowercased); accept-ext
        /// parameters after `q` are not kept.
        public var parameters: [String: String]

        /// Creates an entry directly.
        public init(value: String, quality: Double = 1, parameters: [String: String] = [:]) {
            self.value = value
            self.quality = quality
            self.parameters = parameters
        }
    }

    /// Which header, and so which matching rules, this is.
    public enum Kind: Sendable, Equatable {
        /// `Accept`: media ranges (RFC 9110 s12.5.1).
        case mime
        /// `Accept-Language`: language ranges, basic filtering (RFC 4647 s3.3.1).
        case language
        /// `Accept-Charset` (RFC 9110 s12.5.2).
        case charset
        /// `Accept-Encoding` (RFC 9110 s12.5.3).
        case encoding
    }

    /// The matching rules in use.
    public let kind: Kind
    /// Entries sorted by quality, best first; equal qualities keep header
    /// order. Entries with quality 0 are kept but never make an offer acceptable.
    public var entries: [Entry]

    /// Parses a header value of the given kind; `nil` means the header is absent.
    public init(parsing: String?, kind: Kind) {
        self.kind = kind
        var parsed: [Entry] = []
        for item in HTTPSyntax.splitList(parsing ?? "") {
            guard let entry = Accept.parseEntry(item, kind: kind) else { continue }
            parsed.append(entry)
        }
        // Stable sort by descending quality.
        entries = parsed.enumerated()
            .sorted { $0.element.quality != $1.element.quality ? $0.element.quality > $1.element.quality : $0.offset < $1.offset }
            .map(\.element)
    }

    /// True when the header is absent or had no usable entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// The quality the client gives to `offer`: that of the most specific
    /// matching range (RFC 9110 s12.5.1), 0 when nothing matches, 1 for every
    /// offer when the header is empty. For `.encoding`, `identity` is
    /// acceptable (quality 1) unless a range excludes it (RFC 9110 s12.5.3).
    public func quality(of offer: String) -> Double {
        match(offer)?.quality ?? 0
    }

    /// The offer with the highest quality, preferring offers matched by a
    /// more specific range, then the one listed first in `offers`. Offers with
    /// quality 0 are never chosen; when none is acceptable, returns `default`.
    ///
    /// ```swift
    /// Accept(parsing: "da, en-gb;q=0.8, en;q=0.7", kind: .language)
    ///     .bestMatch(["en-US", "en-GB"])   // "en-GB"
    /// ```
    public func bestMatch(_ offers: [String], default: String? = nil) -> String? {
        var best: (offer: String, quality: Double, specificity: Int)?
        for offer in offers {
            guard let m = match(offer), m.quality > 0 else { continue }
            if let b = best, (m.quality, m.specificity) <= (b.quality, b.specificity) { continue }
            best = (offer, m.quality, m.specificity)
        }
        return best?.offer ?? `default`
    }

    /// For an `Accept` header: whether `application/json` is more welcome than
    /// `text/html`. False when the header is absent or `*/*` (HTML is the default for
    /// error pages and the like) and for browsers, which rank HTML higher.
    public var prefersJSON: Bool {
        quality(of: "application/json") > quality(of: "text/html")
    }

    // MARK: - Matching

    /// Quality and specificity of the most specific range matching `offer`;
    /// `nil` when no range matches.
    private func match(_ offer: String) -> (quality: Double, specificity: Int)? {
        if entries.isEmpty { return (1, 0) }
        var best: (quality: Double, specificity: Int)?
        let parsedOffer = Accept.OfferKey(offer, kind: kind)
        for entry in entries {
            guard let s = Accept.specificity(of: entry, against: parsedOffer, kind: kind) else { continue }
            // Entries are sorted by quality, so on equal specificity the
            // first one (highest quality) is kept.
            if let b = best, s <= b.specificity { continue }
            best = (entry.quality, s)
        }
        if best == nil, kind == .encoding, parsedOffer.primary == "identity" {
            return (1, 0)  // RFC 9110 s12.5.3: identity is acceptable by default
        }
        return best
    }

    /// An offer split for matching: lowercased main value and parameters.
    private struct OfferKey {
        var primary: String
        var type: String = ""
        var subtype: String = ""
        var parameters: [String: String] = [:]

        init(_ offer: String, kind: Kind) {
            switch kind {
            case .mime:
                let (v, params) = parseOptionsHeader(offer)
                primary = HTTPSyntax.lowercased(v)
                let parts = primary.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                type = String(parts[0])
                subtype = parts.count > 1 ? String(parts[1]) : ""
                for (k, v) in params { parameters[k] = HTTPSyntax.lowercased(v) }
            case .language:
                primary = Accept.normalizeLanguage(offer)
            case .charset, .encoding:
                primary = HTTPSyntax.lowercased(HTTPSyntax.trim(offer))
            }
        }
    }

    /// How specifically `entry` matches `offer`, or `nil` for no match.
    /// Higher is more specific.
    private static func specificity(of entry: Entry, against offer: OfferKey, kind: Kind) -> Int? {
        let range = kind == .language ? normalizeLanguage(entry.value) : HTTPSyntax.lowercased(entry.value)
        switch kind {
        case .mime:
            // RFC 9110 s12.5.1: */* < type/* < type/subtype < type/subtype;params
            let parts = range.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            let (t, st) = (String(parts[0]), String(parts[1]))
            if t == "*" { return st == "*" ? 0 : nil }
            guard t == offer.type else { return nil }
            if st == "*" { return 1 }
            guard st == offer.subtype else { return nil }
            for (k, v) in entry.parameters where offer.parameters[k] != HTTPSyntax.lowercased(v) {
                return nil
            }
            return 2 + entry.parameters.count
        case .language:
            // RFC 4647 s3.3.1 basic filtering: "*", equal, or a prefix
            // followed by "-".
            if range == "*" { return 0 }
            if range == offer.primary || offer.primary.hasPrefix(range + "-") {
                return 1 + range.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "-") ? 1 : 0) }
            }
            return nil
        case .charset, .encoding:
            if range == "*" { return 0 }
            return range == offer.primary ? 1 : nil
        }
    }

    /// Lowercases a language tag and turns `_` into `-` (`en_US` -> `en-us`).
    private static func normalizeLanguage(_ s: String) -> String {
        let bytes = HTTPSyntax.lowercased(HTTPSyntax.trim(s)).utf8
        return String(decoding: bytes.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }

    // MARK: - Parsing

    private static func parseEntry(_ item: ArraySlice<UInt8>, kind: Kind) -> Entry? {
        // element = range *( OWS ";" OWS parameter ), RFC 9110 s12.5.1
        var segments = splitParameters(item)
        guard !segments.isEmpty else { return nil }
        var value = HTTPSyntax.string(HTTPSyntax.trim(segments.removeFirst()))
        if value.isEmpty { return nil }
        if kind == .mime {
            if value == "*" { value = "*/*" }  // sent by some old clients
            let slashes = value.utf8.filter { $0 == UInt8(ascii: "/") }.count
            guard slashes == 1, !value.hasPrefix("/"), !value.hasSuffix("/") else { return nil }
        }
        var quality = 1.0
        var parameters: [String: String] = [:]
        for seg in segments {
            let seg = HTTPSyntax.trim(seg)
            guard let eq = seg.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = HTTPSyntax.lowercased(HTTPSyntax.string(HTTPSyntax.trim(seg[seg.startIndex..<eq])))
            let raw = HTTPSyntax.trim(seg[(eq + 1)...])
            let v = HTTPSyntax.unquote(raw) ?? HTTPSyntax.string(raw)
            if name == "q" {
                // weight = OWS ";" OWS "q=" qvalue (RFC 9110 s12.4.2)
                guard let q = parseQuality(v) else { return nil }
                quality = q
                break  // later parameters are accept-ext, not media-type params
            }
            if !name.isEmpty { parameters[name] = v }
        }
        return Entry(value: value, quality: quality, parameters: parameters)
    }

    /// Splits at `;` outside quoted strings.
    private static func splitParameters(_ item: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = item.startIndex
        var i = item.startIndex
        var inQuotes = false
        while i < item.endIndex {
            let b = item[i]
            if inQuotes {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { inQuotes = false }
            } else if b == UInt8(ascii: "\"") {
                inQuotes = true
            } else if b == UInt8(ascii: ";") {
                out.append(item[start..<i])
                start = i + 1
            }
            i += 1
        }
        out.append(item[Swift.min(start, item.endIndex)..<item.endIndex])
        return out
    }

    /// A decimal number in 0...1 (`1`, `0.5`, `.5`, `1.000`); more than the
    /// three decimals of RFC 9110 s12.4.2 are tolerated. `nil` otherwise.
    static func parseQuality(_ s: String) -> Double? {
        let bytes = Array(s.utf8)
        var intPart = 0
        var i = 0
        var sawDigit = false
        while i < bytes.count, HTTPSyntax.isDigit(bytes[i]) {
            if intPart > 1 { return nil }  // already out of range; avoid overflow
            intPart = intPart * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            sawDigit = true
            i += 1
        }
        var fraction = 0.0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < bytes.count, HTTPSyntax.isDigit(bytes[i]) {
                fraction += Double(bytes[i] - UInt8(ascii: "0")) * scale
                scale /= 10
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit, i == bytes.count else { return nil }
        let q = Double(intPart) + fraction
        guard q <= 1 else { return nil }
        // Round to 3 decimals to avoid binary noise such as 0.30000000000000004.
        return (q * 1000).rounded() / 1000
    }
}
