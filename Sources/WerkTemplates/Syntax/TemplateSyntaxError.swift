// A template that cannot be compiled: where, why, and the line it is on.

/// A template that does not parse or compile: an unknown tag, an unclosed block, a bad
/// expression, an unknown filter. Its description reads
///
///     table.html:12:5: unexpected 'endfor'
///         {% endfor %}
///            ^
public struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The template's name.
    public let templateName: String
    /// The line (1-based).
    public let line: Int
    /// The column (1-based, in characters).
    public let column: Int
    /// What is wrong.
    public let message: String
    /// The source line the error is on (newlines normalised, without its line break).
    public let sourceLine: String

    init(_ message: String, at offset: Int, in source: TemplateSource) {
        let (line, column) = source.position(of: offset)
        self.templateName = source.name
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = source.line(line)
    }

    /// `NAME:LINE:COLUMN: message`, the source line, and a caret under the column.
    public var description: String {
        // Tabs before the column stay tabs, so the caret lines up in a terminal.
        let lead = sourceLine.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(templateName):\(line):\(column): \(message)\n    \(sourceLine)\n    \(lead)^"
    }

    /// The same as `description` (what a server logs for a failed request).
    public var debugDescription: String { "TemplateSyntaxError: " + description }
}
