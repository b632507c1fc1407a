// libFuzzer target for the Range and Content-Range headers (issue 14). Not part of the package
// build: `Benchmarks/fuzz.sh range` compiles it against the instrumented Werk module.
//
// Input: a header value, then optionally a newline and eight bytes of representation length.
// Properties, besides no crash, hang or leak:
// - a parsed Range has at most RangeHeader.maxSpecs specs, at least one for `bytes`, and its
//   header form parses back to the same value;
// - resolved against a length (0, 1, 100, the input's, Int.max), a bytes Range gives
//   non-empty ranges inside 0..<length, one per satisfiable spec in order, and `unsatisfiable`
//   exactly when no spec is satisfiable; other units are ignored;
// - each resolved range written as a Content-Range parses back to the same range and length;
// - a parsed Content-Range has a non-empty range inside its length and round trips;
// - a parsed If-Range (entity tag or date) round trips through its header form.
@testable import Werk

func checkContentRange(_ value: ContentRange, from text: String) {
    if let range = value.range {
        require(!range.isEmpty && range.lowerBound >= 0, "Content-Range \(String(reflecting: text)) gave \(range)")
        if let length = value.length { require(range.upperBound <= length, "Content-Range \(String(reflecting: text)) past its length") }
    } else {
        require(value.length != nil, "Content-Range */* accepted from \(String(reflecting: text))")
    }
    let again = ContentRange(parsing: value.headerValue)
    require(again == value, "Content-Range \(String(reflecting: value.headerValue)) parsed back as \(String(describing: again))")
}

func checkRange(_ header: RangeHeader, text: String, lengths: [Int]) {
    require(header.specs.count <= RangeHeader.maxSpecs, "more than maxSpecs specs from \(String(reflecting: text))")
    require(header.unit != "bytes" || !header.specs.isEmpty, "bytes Range without specs from \(String(reflecting: text))")
    let again = RangeHeader(parsing: header.headerValue)
    require(again == header, "Range \(String(reflecting: header.headerValue)) parsed back as \(String(describing: again))")
    for length in lengths {
        let satisfiable = header.specs.compactMap { $0.resolve(length: length) }
        switch header.resolve(length: length) {
        case .ignore:
            require(header.unit != "bytes", "a bytes Range ignored")
        case .unsatisfiable:
            require(header.unit == "bytes" && satisfiable.isEmpty, "Range \(String(reflecting: text)) unsatisfiable at \(length)")
            checkContentRange(ContentRange(range: nil, length: length), from: text)
        case .satisfiable(let ranges):
            require(header.unit == "bytes" && ranges == satisfiable, "Range \(String(reflecting: text)) resolved out of order at \(length)")
            for range in ranges {
                require(!range.isEmpty && range.lowerBound >= 0 && range.upperBound <= length,
                        "Range \(String(reflecting: text)) resolved to \(range) for length \(length)")
                checkContentRange(ContentRange(range: range, length: length), from: text)
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRange(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    let whole = input.text
    let text = input.line()
    let length = Int(input.uint64() & 0x7FFF_FFFF_FFFF_FFFF)
    let lengths = [0, 1, 100, length, Int.max]
    for candidate in [whole, text] {
        if let header = RangeHeader(parsing: candidate) { checkRange(header, text: candidate, lengths: lengths) }
        if let value = ContentRange(parsing: candidate) { checkContentRange(value, from: candidate) }
        let ifRange = IfRange(parsing: candidate)
        if !ifRange.isEmpty {
            let again = IfRange(parsing: ifRange.headerValue)
            require(again == ifRange, "If-Range \(String(reflecting: ifRange.headerValue)) parsed back as \(again)")
        }
    }
    return 0
}
