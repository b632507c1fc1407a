import Testing
@testable import Werk

@Suite("Punycode")
struct PunycodeTests {
    /// RFC 3492 s7.1 sample strings, as code points, with their Punycode.
    static let rfcSamples: [(String, [UInt32], String)] = [
        ("A Arabic (Egyptian)", [0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645,
                                 0x0648, 0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F], "egbpdaj6bu4bxfgehfvwxn"),
        ("B Chinese (simplified)", [0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D, 0x8BF4, 0x4E2D, 0x6587],
         "ihqwcrb4cv8a8dqg056pqjye"),
        ("C Chinese (traditional)", [0x4ED6, 0x5011, 0x7232, 0x4EC0, 0x9EBD, 0x4E0D, 0x8AAA, 0x4E2D, 0x6587],
         "ihqwctvzc91f659drss3x8bo0yb"),
        ("D Czech", [0x50, 0x72, 0x6F, 0x10D, 0x70, 0x72, 0x6F, 0x73, 0x74, 0x11B, 0x6E, 0x65, 0x6D, 0x6C, 0x75,
                     0x76, 0xED, 0x10D, 0x65, 0x73, 0x6B, 0x79], "Proprostnemluvesky-uyb24dma41a"),
        ("L 3<nen>B<gumi><kinpachi><sensei>", [0x33, 0x5E74, 0x42, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F],
         "3B-ww4c5e180e575a65lsy2b"),
        ("M <amuro><namie>-with-SUPER-MONKEYS", [0x5B89, 0x5BA4, 0x5948, 0x7F8E, 0x6075, 0x2D, 0x77, 0x69, 0x74,
                                                 0x68, 0x2D, 0x53, 0x55, 0x50, 0x45, 0x52, 0x2D, 0x4D, 0x4F,
                                                 0x4E, 0x4B, 0x45, 0x59, 0x53],
         "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
        ("N Hello-Another-Way-", [0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x2D, 0x41, 0x6E, 0x6F, 0x74, 0x68, 0x65, 0x72,
                                  0x2D, 0x57, 0x61, 0x79, 0x2D, 0x305D, 0x308C, 0x305E, 0x308C, 0x306E,
                                  0x5834, 0x6240], "Hello-Another-Way--fc4qua05auwb3674vfr0b"),
        ("O <hitotsu>2", [0x3072, 0x3068, 0x3064, 0x5C4B, 0x6839, 0x306E, 0x4E0B, 0x32], "2-u9tlzr9756bt3uc0v"),
        ("P MajiKoi5", [0x4D, 0x61, 0x6A, 0x69, 0x3067, 0x4B, 0x6F, 0x69, 0x3059, 0x308B, 0x35, 0x79D2, 0x524D],
         "MajiKoi5-783gue6qz075azm5e"),
        ("Q <pafii>de<runba>", [0x30D1, 0x30D5, 0x30A3, 0x30FC, 0x64, 0x65, 0x30EB, 0x30F3, 0x30D0],
         "de-jg4avhby1noc0d"),
        ("R <sono><supiido><de>", [0x305D, 0x306E, 0x30B9, 0x30D4, 0x30FC, 0x30C9, 0x3067], "d9juau41awczczp"),
        ("S -> $1.00 <-", [0x2D, 0x3E, 0x20, 0x24, 0x31, 0x2E, 0x30, 0x30, 0x20, 0x3C, 0x2D], "-> $1.00 <--"),
    ]

    static func string(_ scalars: [UInt32]) -> String {
        var s = ""
        for value in scalars {
            if let scalar = Unicode.Scalar(value) { s.unicodeScalars.append(scalar) }
        }
        return s
    }

    @Test(arguments: rfcSamples)
    func rfc3492Samples(_ label: String, _ scalars: [UInt32], _ expected: String) {
        let input = Self.string(scalars)
        #expect(Punycode.encode(input) == expected, "\(label)")
        #expect(Punycode.decode(expected) == input, "\(label)")
    }

    @Test(arguments: [("bücher", "bcher-kva"), ("☃", "n3h"), ("abc", "abc-"), ("", "")])
    func simple(_ input: String, _ expected: String) {
        #expect(Punycode.encode(input) == expected)
        #expect(Punycode.decode(expected) == input)
    }

    @Test(arguments: ["ü-", "abc-!!", "99999999999", "zzzzzzzzzzzzzzzzzz", "a-b€", "-"])
    func malformedDecodesToNil(_ input: String) {
        #expect(Punycode.decode(input) == nil)
    }

    @Test(arguments: [
        ("bücher.de", "xn--bcher-kva.de"),
        ("BÜCHER.de", "xn--bcher-kva.de"),
        ("example.com", "example.com"),
        ("☃.net", "xn--n3h.net"),
        ("例え。テスト", "xn--r8jz45g.xn--zckzah"),
    ])
    func idnaHosts(_ host: String, _ ascii: String) {
        #expect(werkIDNAEncodeHost(host) == ascii)
        #expect(werkIDNADecodeHost(ascii) == host.lowercased().replacingOccurrences("。", "."))
    }

    @Test func idnaDecodeKeepsBrokenLabels() {
        #expect(werkIDNADecodeHost("xn--!!.com") == "xn--!!.com")
        #expect(werkIDNADecodeHost("XN--n3h.net") == "☃.net")
    }
}

extension String {
    /// Test helper: replaces every occurrence of `target`.
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
