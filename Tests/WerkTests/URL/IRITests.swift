import Testing
@testable import Werk

@Suite("IRI <-> URI")
struct IRITests {
    @Test(arguments: [
        ("http://☃.net/påth?q=èry%DF", "http://xn--n3h.net/p%C3%A5th?q=%C3%A8ry%DF"),
        ("http://user:pä@bücher.de:8080/a b/?x=<>#f g", "http://user:p%C3%A4@xn--bcher-kva.de:8080/a%20b/?x=%3C%3E#f%20g"),
        ("http://example.com/a/b?x=1&y=2#frag", "http://example.com/a/b?x=1&y=2#frag"),
        ("/relative/ünï?ç=1", "/relative/%C3%BCn%C3%AF?%C3%A7=1"),
        ("http://[::1]:8000/ö", "http://[::1]:8000/%C3%B6"),
        ("http://h/%2F%25/x", "http://h/%2F%25/x"),
        ("http://h/100%/%zz", "http://h/100%25/%25zz"),
        ("mailto:jöhn@example.com", "mailto:j%C3%B6hn@example.com"),
        ("http://h/\"{}|\\^`", "http://h/%22%7B%7D%7C%5C%5E%60"),
        ("", ""),
        ("http://例え.テスト/", "http://xn--r8jz45g.xn--zckzah/"),
    ])
    func iriToURIConversion(_ iri: String, _ uri: String) {
        let converted = iriToURI(iri)
        #expect(converted == uri)
        #expect(iriToURI(converted) == converted, "idempotent")
    }

    @Test(arguments: [
        ("http://xn--n3h.net/p%C3%A5th?q=%C3%A8ry%DF", "http://☃.net/påth?q=èry%DF"),
        ("http://h/a%2Fb%25c%20d", "http://h/a%2Fb%25c%20d"),
        ("http://h/%C3", "http://h/%C3"),
        ("http://h/%C3%28", "http://h/%C3%28"),
        ("http://h/%ED%A0%80", "http://h/%ED%A0%80"),
        ("http://h/%F0%9F%98%80x", "http://h/😀x"),
        ("http://h/%E2%82", "http://h/%E2%82"),
        ("http://xn--bcher-kva.de:8080/", "http://bücher.de:8080/"),
        ("http://xn--!!/", "http://xn--!!/"),
        ("/p%c3%a5th#fr%C3%A5g", "/påth#fråg"),
        ("%", "%"),
    ])
    func uriToIRIConversion(_ uri: String, _ iri: String) {
        #expect(uriToIRI(uri) == iri)
    }

    @Test func roundTrip() {
        let iris = ["http://☃.net/påth?q=èry#fråg", "https://bücher.de/straße", "/ü?ä=ö"]
        for iri in iris {
            #expect(uriToIRI(iriToURI(iri)) == iri)
        }
    }
}
