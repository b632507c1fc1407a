/// Writes commands the way every Redis client sends them: an array of bulk strings
/// (`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n`), binary-safe whatever the arguments hold.
public enum RESPEncoder {
    /// The wire bytes of one command with its arguments.
    public static func command(_ parts: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 + parts.reduce(0) { $0 + $1.count + 16 })
        appendHeader(UInt8(ascii: "*"), parts.count, to: &out)
        for part in parts {
            appendHeader(UInt8(ascii: "$"), part.count, to: &out)
            out += part
            out += [13, 10]
        }
        return out
    }

    /// The wire bytes of one command given as text arguments.
    public static func command(_ parts: [String]) -> [UInt8] {
        command(parts.map { Array($0.utf8) })
    }

    /// `*3\r\n` or `$5\r\n`.
    private static func appendHeader(_ type: UInt8, _ count: Int, to out: inout [UInt8]) {
        out.append(type)
        out += Array(String(count).utf8)
        out += [13, 10]
    }
}
