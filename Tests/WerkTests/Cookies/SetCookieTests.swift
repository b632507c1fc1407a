#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Werk

@Suite("Set-Cookie serialisation")
struct SetCookieTests {
    @Test func defaultsAndAttributes() throws {
        #expect(try dumpCookie(name: "sid", value: "abc") == "sid=abc; Path=/")
        #expect(try dumpCookie(name: "sid", value: "abc", path: nil) == "sid=abc")
        #expect(try dumpCookie(name: "sid", value: "abc", maxAge: 3600, httpOnly: true, sameSite: .lax)
                == "sid=abc; Max-Age=3600; HttpOnly; Path=/; SameSite=Lax")
        #expect(try dumpCookie(name: "x", value: "", maxAge: 0, expires: Date(timeIntervalSince1970: 0),
                               path: "/app", domain: ".example.com", secure: true, sameSite: .strict)
                == "x=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; Path=/app; SameSite=Strict")
    }

    @Test func partitionedAndSameSiteNoneImplySecure() throws {
        #expect(try dumpCookie(name: "a", value: "1", sameSite: SameSite.none) == "a=1; Secure; Path=/; SameSite=None")
        #expect(try dumpCookie(name: "a", value: "1", partitioned: true) == "a=1; Secure; Path=/; Partitioned")
        #expect(try dumpCookie(name: "a", value: "1", secure: true, sameSite: SameSite.none, partitioned: true)
                == "a=1; Secure; Path=/; SameSite=None; Partitioned")
    }

    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_709_164_799.9, "Wed, 28 Feb 2024 23:59:59 GMT"),
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (-2_208_988_800, "Mon, 01 Jan 1900 00:00:00 GMT"),
        (1e30, "Fri, 31 Dec 9999 23:59:59 GMT"),
        (-1e30, "Mon, 01 Jan 0001 00:00:00 GMT"),
    ])
    func expiresIsIMFFixdate(_ seconds: Double, _ expected: String) throws {
        let header = try dumpCookie(name: "a", value: "b", expires: Date(timeIntervalSince1970: seconds), path: nil)
        #expect(header == "a=b; Expires=\(expected)")
    }

    @Test(arguments: [
        (#"x y"z;,\ü“"#, #""x\040y\042z\073\054\134\303\274\342\200\234""#),
        ("plain-Value_1.2~!#$%&'()*+/:<=>?@[]^`{|}", "plain-Value_1.2~!#$%&'()*+/:<=>?@[]^`{|}"),
        ("a b", #""a\040b""#),
    ])
    func valueQuoting(_ value: String, _ expected: String) throws {
        #expect(try dumpCookie(name: "a", value: value, path: nil) == "a=\(expected)")
    }

    @Test(arguments: [
        "", "simple", "with space", "quote\"inside", "semi;colon", "comma,here", "back\\slash", "ünïcödé “quotes”",
        "\\342", "\"", "\"\"", "=", "a=b; c=d", "😀", "tab\u{A0}nbsp", "%20",
    ])
    func roundTripsThroughParser(_ value: String) throws {
        let header = try dumpCookie(name: "n", value: value, path: nil)
        let setCookieValue = header
        let parsed = parseCookieHeader(setCookieValue + "; other=1")
        #expect(parsed["n"] == value)
        #expect(parsed["other"] == "1")
    }

    @Test(arguments: ["", "a b", "a;b", "a=b", "a\r\nSet-Cookie: x", "a\u{0}", "ü", "a,b", "(a)", "a\"", "a\t"])
    func rejectsBadNames(_ name: String) {
        #expect(throws: CookieError.self) { try dumpCookie(name: name, value: "v") }
    }

    @Test(arguments: ["a\r\nSet-Cookie: evil=1", "a\nb", "a\rb", "nul\u{0}", "bell\u{7}", "del\u{7F}", "tab\t"])
    func rejectsControlCharactersInValue(_ value: String) {
        #expect(throws: CookieError.self) { try dumpCookie(name: "a", value: value) }
    }

    @Test(arguments: ["/a;b", "/a\r\nX: y", "/\u{0}", "/a\nb"])
    func rejectsBadPath(_ path: String) {
        #expect(throws: CookieError.self) { try dumpCookie(name: "a", value: "v", path: path) }
    }

    @Test(arguments: ["ex;ample.com", "example.com\r\nX: y", "a\u{0}.com", "a\n.com", "", ".", "a b.com", "a,b"])
    func rejectsBadDomain(_ domain: String) {
        #expect(throws: CookieError.self) { try dumpCookie(name: "a", value: "v", domain: domain) }
    }

    @Test func pathAndDomainEncoding() throws {
        #expect(try dumpCookie(name: "a", value: "v", path: "/ä b") == "a=v; Path=/%C3%A4%20b")
        #expect(try dumpCookie(name: "a", value: "v", path: nil, domain: "bücher.de") == "a=v; Domain=xn--bcher-kva.de")
    }

    @Test func errorCarriesNameAndMessage() {
        do {
            _ = try dumpCookie(name: "bad name", value: "v")
            Issue.record("expected an error")
        } catch let error as CookieError {
            #expect(error.name == "bad name")
            #expect(error.description.contains("bad name"))
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
