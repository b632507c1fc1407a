// Resolving a URI reference against a base (RFC 3986 s5.2) and removing dot segments (s5.2.4).

/// Resolves `reference` against `base` (RFC 3986 s5.2), e.g. for `Location` headers.
///
/// Uses the strict algorithm of s5.2.2, path merging of s5.2.3 and dot-segment
/// removal of s5.2.4.
///
/// ```swift
/// joinURL(base: "http://a/b/c/d;p?q", "../g")   // "http://a/b/g"
/// joinURL(base: "http://a/b/c/d;p?q", "?y")     // "http://a/b/c/d;p?y"
/// ```
public func joinURL(base: String, _ reference: String) -> String {
    let r = WerkRawURI(reference)
    let b = WerkRawURI(base)
    var t = WerkRawURI("")
    // RFC 3986 s5.2.2 (strict: a scheme in the reference always wins).
    if r.scheme != nil {
        t.scheme = r.scheme
        t.authority = r.authority
        t.path = Substring(werkRemoveDotSegments(r.path))
        t.query = r.query
    } else {
        if r.authority != nil {
            t.authority = r.authority
            t.path = Substring(werkRemoveDotSegments(r.path))
            t.query = r.query
        } else {
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.utf8.first == UInt8(ascii: "/") {
                    t.path = Substring(werkRemoveDotSegments(r.path))
                } else {
                    t.path = Substring(werkRemoveDotSegments(Substring(werkMergePaths(base: b, r.path))))
                }
                t.query = r.query
            }
            t.authority = b.authority
        }
        t.scheme = b.scheme
    }
    t.fragment = r.fragment
    return t.recomposed
}

/// Merges a relative-path reference with the base path (RFC 3986 s5.2.3).
private func werkMergePaths(base: WerkRawURI, _ path: Substring) -> String {
    if base.authority != nil && base.path.isEmpty {
        return "/" + path
    }
    if let slash = base.path.utf8.lastIndex(of: UInt8(ascii: "/")) {
        return String(base.path[...slash]) + path
    }
    return String(path)
}

/// Removes "." and ".." segments from a path (RFC 3986 s5.2.4). Works on bytes: a combining
/// mark after a "/" or "." must not hide it, as it would in a `Character` comparison.
func werkRemoveDotSegments(_ path: Substring) -> String {
    let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
    // Fast path: no dot segment can be present without a "." character.
    if !path.utf8.contains(dot) { return String(path) }
    var input = Array(path.utf8)[...]
    var output: [UInt8] = []
    output.reserveCapacity(input.count)
    func dropLastSegment() {
        if let last = output.lastIndex(of: slash) { output.removeSubrange(last...) } else { output.removeAll() }
    }
    while !input.isEmpty {
        if input.starts(with: [dot, dot, slash]) {                // s5.2.4 step 2A
            input = input.dropFirst(3)
        } else if input.starts(with: [dot, slash]) {
            input = input.dropFirst(2)
        } else if input.starts(with: [slash, dot, slash]) {       // step 2B
            input = input.dropFirst(2)
        } else if input.elementsEqual([slash, dot]) {
            input = [slash]
        } else if input.starts(with: [slash, dot, dot, slash]) {  // step 2C
            input = input.dropFirst(3)
            dropLastSegment()
        } else if input.elementsEqual([slash, dot, dot]) {
            input = [slash]
            dropLastSegment()
        } else if input.elementsEqual([dot]) || input.elementsEqual([dot, dot]) {  // step 2D
            input = []
        } else {                                                  // step 2E
            let searchStart = input.first == slash ? input.index(after: input.startIndex) : input.startIndex
            let end = input[searchStart...].firstIndex(of: slash) ?? input.endIndex
            output += input[..<end]
            input = input[end...]
        }
    }
    // A rootless path (only possible with a base without authority) stays rootless:
    // "x/../y" gives "y", not the "/y" a literal reading of step 2C would produce.
    if path.utf8.first != slash && output.first == slash {
        output.removeFirst()
    }
    return String(decoding: output, as: UTF8.self)
}
