/// The `Content-Disposition` response header (RFC 6266): whether the browser shows the
/// response (`inline`) or saves it (`attachment`), and under which file name. A name that is not
/// plain ASCII goes out twice, as RFC 6266 s4.3 advises: `filename*` with the UTF-8 name
/// percent-encoded (RFC 8187) for clients that read it, and an ASCII `filename` for the rest.
///
///     ContentDisposition(.attachment, filename: "report.pdf").headerValue
///     // attachment; filename=report.pdf
///     ContentDisposition(.attachment, filename: "naïve café.txt").headerValue
///     // attachment; filename="naive cafe.txt"; filename*=UTF-8''na%C3%AFve%20caf%C3%A9.txt
///     ContentDisposition(parsing: "attachment; filename*=UTF-8''%E2%82%AC.txt")?.filename   // "€.txt"
public struct ContentDisposition: Sendable, Equatable {
    /// The disposition types of RFC 6266 s4.2.
    public enum Kind: String, Sendable, Equatable {
        /// Shown in the browser.
        case inline
        /// Saved as a file.
        case attachment
    }

    /// Inline or attachment.
    public var kind: Kind
    /// The file name the browser offers, or nil.
    public var filename: String?

    /// A disposition of `kind` with an optional file name.
    public init(_ kind: Kind, filename: String? = nil) {
        self.kind = kind
        self.filename = filename
    }

    /// The header parsed (RFC 2231/8187 `filename*` preferred over `filename`); nil for a type
    /// other than inline or attachment. The other half of `headerValue`.
    public init?(parsing value: String) {
        let (type, options) = parseOptionsHeader(value)
        guard let kind = Kind(rawValue: type.lowercased()) else { return nil }
        self.init(kind, filename: options["filename"])
    }

    /// The header value.
    public var headerValue: String {
        guard let filename else { return kind.rawValue }
        let isPlainASCII = filename.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if isPlainASCII { return kind.rawValue + "; filename=" + quoteHeaderValue(filename) }
        let encoded = percentEncode(filename, safe: "!#$&+^`|")
        return kind.rawValue + "; filename=" + quoteHeaderValue(ContentDisposition.asciiFallback(filename))
            + "; filename*=UTF-8''" + encoded
    }

    /// An ASCII stand-in for `name`: accented Latin letters lose their accents (`naïve` ->
    /// `naive`), control characters and other non-ASCII characters become `_`.
    public static func asciiFallback(_ name: String) -> String {
        var out = ""
        for character in name {
            if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
                out.append(character)
            } else if let folded = foldedLatin[character] {
                out += folded
            } else if let first = character.unicodeScalars.first, first.isASCII, first.value >= 0x20, first.value < 0x7F {
                // A letter written with combining marks: keep the letter.
                out.unicodeScalars.append(first)
            } else {
                out += "_"
            }
        }
        return out
    }

    /// Latin letters with diacritics (Latin-1 Supplement and Latin Extended-A) to ASCII.
    private static let foldedLatin: [Character: String] = {
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅĀĂĄ", "A"), ("àáâãäåāăą", "a"), ("ÇĆĈĊČ", "C"), ("çćĉċč", "c"), ("ĎĐÐ", "D"), ("ďđð", "d"),
            ("ÈÉÊËĒĔĖĘĚ", "E"), ("èéêëēĕėęě", "e"), ("ĜĞĠĢ", "G"), ("ĝğġģ", "g"), ("ĤĦ", "H"), ("ĥħ", "h"),
            ("ÌÍÎÏĨĪĬĮİ", "I"), ("ìíîïĩīĭįı", "i"), ("Ĵ", "J"), ("ĵ", "j"), ("Ķ", "K"), ("ķĸ", "k"),
            ("ĹĻĽĿŁ", "L"), ("ĺļľŀł", "l"), ("ÑŃŅŇŊ", "N"), ("ñńņňŉŋ", "n"), ("ÒÓÔÕÖØŌŎŐ", "O"),
            ("òóôõöøōŏő", "o"), ("ŔŖŘ", "R"), ("ŕŗř", "r"), ("ŚŜŞŠ", "S"), ("śŝşšſ", "s"), ("ŢŤŦ", "T"),
            ("ţťŧ", "t"), ("ÙÚÛÜŨŪŬŮŰŲ", "U"), ("ùúûüũūŭůűų", "u"), ("Ŵ", "W"), ("ŵ", "w"), ("ÝŶŸ", "Y"),
            ("ýÿŷ", "y"), ("ŹŻŽ", "Z"), ("źżž", "z"), ("Þ", "Th"), ("þ", "th"), ("ß", "ss"),
            ("Æ", "AE"), ("æ", "ae"), ("Œ", "OE"), ("œ", "oe"), ("Ĳ", "IJ"), ("ĳ", "ij"),
        ]
        var table: [Character: String] = [:]
        for (letters, ascii) in groups { for letter in letters { table[letter] = ascii } }
        return table
    }()
}
