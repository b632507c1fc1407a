// Python's str operations, by code point as Python counts them (not by Swift's characters).

enum Strings {
    /// The code point offset of the first `needle` in `haystack` at or after `from`, or nil.
    static func find(_ needle: String, in haystack: String, from: Int = 0) -> Int? {
        let h = Array(haystack.unicodeScalars), n = Array(needle.unicodeScalars)
        return find(n, in: h, from: from)
    }

    static func find(_ n: [Unicode.Scalar], in h: [Unicode.Scalar], from: Int = 0) -> Int? {
        guard n.count <= h.count else { return nil }
        if n.isEmpty { return from <= h.count ? from : nil }
        var i = max(from, 0)
        while i + n.count <= h.count {
            if h[i] == n[0] && h[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    /// `s.replace(old, new, count)`; a negative count replaces all; an empty `old` inserts
    /// `new` between every character, as Python does.
    static func replace(_ s: String, _ old: String, _ new: String, count: Int = -1) -> String {
        let h = Array(s.unicodeScalars), o = Array(old.unicodeScalars)
        var out = String.UnicodeScalarView()
        var replaced = 0
        if o.isEmpty {
            for scalar in h {
                if count < 0 || replaced < count { out.append(contentsOf: new.unicodeScalars); replaced += 1 }
                out.append(scalar)
            }
            if count < 0 || replaced < count { out.append(contentsOf: new.unicodeScalars) }
            return String(out)
        }
        var i = 0
        while i < h.count {
            if (count < 0 || replaced < count), let at = find(o, in: h, from: i) {
                out.append(contentsOf: h[i..<at])
                out.append(contentsOf: new.unicodeScalars)
                i = at + o.count
                replaced += 1
            } else {
                out.append(contentsOf: h[i...])
                break
            }
        }
        return String(out)
    }

    /// `s.split(separator, maxsplit)`; without a separator, runs of whitespace split and
    /// leading/trailing whitespace is dropped.
    static func split(_ s: String, _ separator: String?, maxSplit: Int = -1) -> [String] {
        let h = Array(s.unicodeScalars)
        var parts: [String] = []
        if let separator {
            let sep = Array(separator.unicodeScalars)
            guard !sep.isEmpty else { return [s] }  // Python refuses; Methods throws before this
            var i = 0
            while maxSplit < 0 || parts.count < maxSplit, let at = find(sep, in: h, from: i) {
                parts.append(String(String.UnicodeScalarView(h[i..<at])))
                i = at + sep.count
            }
            parts.append(String(String.UnicodeScalarView(h[i...])))
            return parts
        }
        var i = 0
        while i < h.count {
            while i < h.count && PythonWhitespace.contains(h[i]) { i += 1 }
            guard i < h.count else { break }
            if maxSplit >= 0 && parts.count >= maxSplit {
                var end = h.count
                while end > i && PythonWhitespace.contains(h[end - 1]) { end -= 1 }
                parts.append(String(String.UnicodeScalarView(h[i..<end])))
                break
            }
            let start = i
            while i < h.count && !PythonWhitespace.contains(h[i]) { i += 1 }
            parts.append(String(String.UnicodeScalarView(h[start..<i])))
        }
        return parts
    }

    /// `s.strip(chars)`, `lstrip`, `rstrip`: without `chars`, Python's whitespace.
    static func strip(_ s: String, _ chars: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let set = chars.map { Set($0.unicodeScalars) }
        func strips(_ scalar: Unicode.Scalar) -> Bool { set?.contains(scalar) ?? PythonWhitespace.contains(scalar) }
        let h = Array(s.unicodeScalars)
        var start = 0, end = h.count
        if leading { while start < end && strips(h[start]) { start += 1 } }
        if trailing { while end > start && strips(h[end - 1]) { end -= 1 } }
        return String(String.UnicodeScalarView(h[start..<end]))
    }

    static func upper(_ s: String) -> String { s.uppercased() }
    static func lower(_ s: String) -> String { s.lowercased() }

    /// Python's `str.capitalize()`: the first character in title case, the rest lower case.
    static func capitalize(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        return first.properties.titlecaseMapping + String(s.unicodeScalars.dropFirst()).lowercased()
    }

    /// Python's `str.title()`: a cased character after an uncased one starts a word.
    static func title(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for scalar in s.unicodeScalars {
            let cased = scalar.properties.isCased
            if cased {
                out += previousCased ? scalar.properties.lowercaseMapping : scalar.properties.titlecaseMapping
            } else {
                out.unicodeScalars.append(scalar)
            }
            previousCased = cased
        }
        return out
    }

    /// Jinja's `title` filter: words start after whitespace or `-([{<` (not at every
    /// uncased character as Python's `str.title()`), and the rest of each word is lowered.
    static func jinjaTitle(_ s: String) -> String {
        var out = ""
        var atWordStart = true
        for scalar in s.unicodeScalars {
            if PythonWhitespace.contains(scalar) || "-([{<".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
                atWordStart = true
            } else if atWordStart {
                out += scalar.properties.uppercaseMapping
                atWordStart = false
            } else {
                out += scalar.properties.lowercaseMapping
            }
        }
        return out
    }
}
