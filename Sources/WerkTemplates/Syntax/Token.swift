import Werk
// The tokens the lexer hands the parser.

/// One token: literal text between tags, a tag delimiter, or a piece of an expression.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        /// Text outside tags (already stripped by `-` markers), or the inside of `{% raw %}`.
        case data
        case variableBegin, variableEnd, blockBegin, blockEnd
        case name, string, integer, float
        /// An operator or punctuation: `+ - * / // % ** ~ == != < <= > >= = . : | , ( ) [ ] { }`.
        case op
        case eof
    }

    let kind: Kind
    /// Byte offset of the token in the (newline-normalised) source.
    let offset: Int
    /// The name, operator, data text, or the decoded value of a string literal.
    var text: String = ""
    var integer: Int = 0
    var double: Double = 0

    /// True for the operator `op`.
    @inline(__always)
    func isOperator(_ op: String) -> Bool { kind == .op && text == op }

    /// True for the name `name` (keywords are names: `if`, `in`, `endfor`...).
    @inline(__always)
    func isName(_ name: String) -> Bool { kind == .name && text == name }

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .data: return "template data"
        case .variableBegin: return "begin of print statement"
        case .variableEnd: return "end of print statement"
        case .blockBegin: return "begin of statement block"
        case .blockEnd: return "end of statement block"
        case .name, .op: return "'\(text)'"
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .eof: return "end of template"
        }
    }
}

/// A template's source after Jinja's newline handling, with line starts for positions.
struct TemplateSource: Sendable {
    /// The template's name, as errors show it.
    let name: String
    /// The bytes, with every `\r\n`, `\r` and `\n` made `\n` and one trailing newline removed.
    let bytes: [UInt8]
    /// Byte offsets at which lines start.
    let lineStarts: [Int]
    /// The last position computed (byte offset and column), so positions asked for in order
    /// along one long line (a minified template: the compiler asks for every tag's) cost the
    /// bytes between them, not the line from its start each time.
    private let lastPosition = Locked<(offset: Int, line: Int, column: Int)>((0, 1, 1))

    init(name: String, text: String) {
        self.name = name
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") && previous == UInt8(ascii: "\r") {
                previous = byte
                continue
            }
            bytes.append(byte == UInt8(ascii: "\r") ? UInt8(ascii: "\n") : byte)
            previous = byte
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        self.bytes = bytes
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The 1-based line and column (in characters) of `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(offset, 0), bytes.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let line = low + 1
        var start = lineStarts[low], column = 1
        let last = lastPosition.withLock { $0 }
        if last.line == line && last.offset <= offset { (start, column) = (last.offset, last.column) }
        // Characters are Unicode scalars: every byte but a UTF-8 continuation byte starts one.
        for byte in bytes[start..<offset] where byte & 0xC0 != 0x80 { column += 1 }
        lastPosition.withLock { $0 = (offset, line, column) }
        return (line, column)
    }

    /// The text of line `line` (1-based).
    func line(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The location of `offset` for runtime errors.
    func location(_ offset: Int) -> TemplateLocation {
        let (line, column) = position(of: offset)
        return TemplateLocation(template: name, line: line, column: column)
    }
}
