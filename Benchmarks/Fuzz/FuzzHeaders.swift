// libFuzzer target for the options, list and dict header parsers and header quoting (issue 14).
// Not part of the package build: `Benchmarks/fuzz.sh headers` compiles it against the
// instrumented Werk module.
//
// Properties on the whole input as a header value, besides no crash, hang or leak:
// - parseOptionsHeader: a blank value has no options; the value and options written again by
//   dumpOptionsHeader parse back to the same value and options.
// - parseListHeader: items written again by dumpListHeader parse back to the same items.
// - parseDictHeader: pairs written again by dumpDictHeader parse back the same (keys that are
//   tokens, the ones dumpDictHeader is for).
// - quoteHeaderValue / unquoteHeaderValue: unquoting a quoted value gives it back, a token is
//   left bare, and a quoted value is one list item.
// - The typed headers built on them (ETag, ETags, Cache-Control, Authorization,
//   WWW-Authenticate): a parsed value written back by `headerValue` parses to the same value.
@testable import Werk

func checkOptions(_ text: String) {
    let (value, options) = parseOptionsHeader(text)
    guard !value.isEmpty else {
        require(options.isEmpty, "options without a value from \(String(reflecting: text))")
        return
    }
    let dumped = dumpOptionsHeader(value, options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    let (value2, options2) = parseOptionsHeader(dumped)
    require(value2 == value && options2 == options,
            "options header changed: \(String(reflecting: text)) -> \(value) \(options) -> \(String(reflecting: dumped)) -> \(value2) \(options2)")
}

func checkList(_ text: String) {
    let items = parseListHeader(text)
    let dumped = dumpListHeader(items)
    let again = parseListHeader(dumped)
    require(again == items, "list header changed: \(String(reflecting: text)) -> \(items) -> \(String(reflecting: dumped)) -> \(again)")
}

func checkDict(_ text: String) {
    let dict = parseDictHeader(text)
    let kept = dict.filter { isHTTPToken($0.key) }
    let dumped = dumpDictHeader(kept.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    let again = parseDictHeader(dumped)
    require(again == kept, "dict header changed: \(String(reflecting: text)) -> \(kept) -> \(String(reflecting: dumped)) -> \(again)")
}

func checkQuoting(_ text: String) {
    let quoted = quoteHeaderValue(text)
    require(unquoteHeaderValue(quoted) == text, "unquote(quote(\(String(reflecting: text)))) == \(String(reflecting: unquoteHeaderValue(quoted)))")
    let always = quoteHeaderValue(text, allowToken: false)
    require(unquoteHeaderValue(always) == text, "unquote(quote(allowToken: false)) changed \(String(reflecting: text))")
    if isHTTPToken(text) { require(quoted == text, "a token was quoted: \(text)") }
    require(parseListHeader(always) == [text] || text.isEmpty && parseListHeader(always) == [""],
            "a quoted value is not one list item: \(String(reflecting: always)) -> \(parseListHeader(always))")
}

func checkTyped(_ text: String) {
    if let etag = ETag(parsing: text) {
        require(ETag(parsing: etag.headerValue) == etag, "ETag \(String(reflecting: text)) -> \(etag.headerValue)")
    }
    let etags = ETags(parsing: text)
    require(ETags(parsing: etags.headerValue) == etags, "ETags \(String(reflecting: text)) -> \(etags.headerValue) -> \(ETags(parsing: etags.headerValue))")
    let cache = CacheControl(parsing: text)
    require(CacheControl(parsing: cache.headerValue) == cache, "Cache-Control \(String(reflecting: text)) -> \(cache.headerValue)")
    if let authorization = Authorization(parsing: text) {
        let again = Authorization(parsing: authorization.headerValue)
        require(again == authorization, "Authorization \(String(reflecting: text)) -> \(authorization.headerValue) -> \(String(describing: again))")
    }
    if let challenge = WWWAuthenticate(parsing: text) {
        let again = WWWAuthenticate(parsing: challenge.headerValue)
        require(again == challenge, "WWW-Authenticate \(String(reflecting: text)) -> \(challenge.headerValue) -> \(String(describing: again))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzBytes(data, size).text
    checkOptions(text)
    checkList(text)
    checkDict(text)
    checkQuoting(text)
    checkTyped(text)
    return 0
}
