/// Headers written as literals, without `try`: a dictionary literal for distinct names and an
/// array of pairs when a name repeats. Fields keep the written order. A name or value that
/// breaks the rules (CR, LF or NUL in a value, a name that is not a token) is refused with a
/// `HeaderError` naming the field when the response starts.
///
///     try startResponse(.ok, ["Content-Type": "text/html; charset=utf-8"])
///     let cookies: Headers = [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
extension Headers: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    /// Headers from `["Name": "value", ...]`, in the written order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(unchecked: elements)
    }

    /// Headers from `[("Name", "value"), ...]`, in order, duplicates kept.
    public init(arrayLiteral elements: (String, String)...) {
        self.init(unchecked: elements)
    }

    /// Headers from pairs, checked when the response starts rather than now.
    init(unchecked pairs: [(String, String)]) {
        self.init()
        for (name, value) in pairs { add(name, value) }
    }
}
