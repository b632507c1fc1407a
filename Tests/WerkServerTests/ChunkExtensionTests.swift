import Testing
import Werk
@testable import WerkServer

/// Chunk extensions (RFC 9112 s7.1.1) are ignored, but only when they follow the grammar:
/// `*( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )`. The refused ones are
/// the cases of llhttp's request corpus (test/request/transfer-encoding.md) and their kin.
struct ChunkExtensionTests {
    /// Decodes `body` whole; the data, or the status of the refusal.
    private func decode(_ body: String) -> Result<String, RequestError> {
        var decoder = ChunkedDecoder()
        var output = [UInt8](repeating: 0, count: 256)
        let input = Array(body.utf8)
        do {
            let (_, produced) = try input.withUnsafeBytes { raw in
                try output.withUnsafeMutableBytes { out in try decoder.decode(raw, into: out) }
            }
            #expect(decoder.isDone, "body not ended: \(body.debugDescription)")
            return .success(String(decoding: output[..<produced], as: UTF8.self))
        } catch let error as RequestError {
            return .failure(error)
        } catch {
            Issue.record("not a RequestError: \(error)")
            return .failure(.bad("\(error)"))
        }
    }

    @Test(arguments: [
        "5;a\r\nhello\r\n0\r\n\r\n",
        "5;a=b\r\nhello\r\n0\r\n\r\n",
        "5 ; a = b ; c\r\nhello\r\n0\r\n\r\n",
        "5;a=\"\"\r\nhello\r\n0\r\n\r\n",
        "5;ilovew3=\"I \\\"love\\\"; \\\\extensions\\\\\";somuchlove=\"aretheseparametersfor\";blah;foo=bar\r\nhello\r\n0\r\n\r\n",
        "5;a=\"x;y=z\"\r\nhello\r\n0;last=1\r\n\r\n",
        "5\t;\ta\t=\t\"\tq\t\"\t\r\nhello\r\n0\r\n\r\n",
    ])
    func wellFormedExtensionsAreIgnored(_ body: String) throws {
        #expect(try decode(body).get() == "hello", "\(body.debugDescription)")
    }

    @Test(arguments: [
        ("5;\r\nhello\r\n0\r\n\r\n", "chunk extension without a name"),
        ("5; \r\nhello\r\n0\r\n\r\n", "chunk extension without a name"),
        ("5;;a\r\nhello\r\n0\r\n\r\n", "chunk extension without a name"),
        ("5;=b\r\nhello\r\n0\r\n\r\n", "chunk extension without a name"),
        ("5;a=\r\nhello\r\n0\r\n\r\n", "chunk extension without a value after '='"),
        ("5;a==b\r\nhello\r\n0\r\n\r\n", "chunk extension without a value after '='"),
        ("5;a b\r\nhello\r\n0\r\n\r\n", "invalid character in chunk extension"),
        ("5;a=b c\r\nhello\r\n0\r\n\r\n", "invalid character in chunk extension"),
        ("5;a=b=c\r\nhello\r\n0\r\n\r\n", "invalid character in chunk extension"),
        ("5;a=\"b\"c\r\nhello\r\n0\r\n\r\n", "invalid character in chunk extension"),
        ("5;a@b\r\nhello\r\n0\r\n\r\n", "invalid character in chunk extension"),
        ("5;a=\"abc\";b=\"def; ghi\r\nhello\r\n0\r\n\r\n", "unclosed quoted string in chunk extension"),
        ("5;a=\"x\r\ny\"\r\nhello\r\n0\r\n\r\n", "unclosed quoted string in chunk extension"),
        ("5;a=\"x\\\r\nhello\r\n0\r\n\r\n", "invalid character in chunk extension"),
        ("0;\r\n\r\n", "chunk extension without a name"),
    ])
    func malformedExtensionsAreRefused(_ body: String, reason: String) {
        #expect(throws: RequestError.bad(reason), "\(body.debugDescription)") { try decode(body).get() }
    }

    /// Refused however the line arrives: the decoder keeps its place in the grammar.
    @Test func aBrokenExtensionSplitAnywhereIsRefused() {
        let body = Array("5;a=\"x\";=y\r\nhello\r\n0\r\n\r\n".utf8)
        for cut in 1..<body.count {
            var decoder = ChunkedDecoder()
            var refused: RequestError?
            for piece in [body[..<cut], body[cut...]] where refused == nil {
                do {
                    _ = try Array(piece).withUnsafeBytes { raw in try decoder.decode(raw, into: nil) }
                } catch { refused = error as? RequestError }
            }
            #expect(refused == .bad("chunk extension without a name"), "cut at \(cut)")
        }
    }
}
