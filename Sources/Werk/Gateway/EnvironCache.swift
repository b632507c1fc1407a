// What a Request parses is kept in its environ, so every Request over one environ (and its
// copies) parses a body or header once. The values every request with a body or query reads are
// typed stored properties; the rest sit in a short list under typed keys (`CacheKey`), each key
// fixing its value's type, so no string names a value and no lookup can cast to the wrong type.

/// A typed key of the environ's cache: which value, and its type.
///
///     request.cached(.cookies) { parseCookieHeader(...) }   // MultiDict<String, String>
package struct CacheKey<Value> {
    /// The value's place; one per key, listed in `Slot`.
    package let slot: Slot

    /// The values the cache keeps under keys, one case each.
    package enum Slot: UInt8 {
        case mimetype, mimetypeParams, cookies, acceptMimetypes, acceptLanguages, acceptCharsets, acceptEncodings
        case authorization, cacheControl, ifMatch, ifNoneMatch, jsonValue
    }
}

extension CacheKey where Value == String {
    /// The content type without parameters, lower case (when it needed parsing).
    package static var mimetype: Self { Self(slot: .mimetype) }
}

extension CacheKey where Value == [String: String] {
    /// The content type's parameters.
    package static var mimetypeParams: Self { Self(slot: .mimetypeParams) }
}

extension CacheKey where Value == MultiDict<String, String> {
    /// The `Cookie` header's pairs.
    package static var cookies: Self { Self(slot: .cookies) }
}

extension CacheKey where Value == Accept {
    /// `Accept`.
    package static var acceptMimetypes: Self { Self(slot: .acceptMimetypes) }
    /// `Accept-Language`.
    package static var acceptLanguages: Self { Self(slot: .acceptLanguages) }
    /// `Accept-Charset`.
    package static var acceptCharsets: Self { Self(slot: .acceptCharsets) }
    /// `Accept-Encoding`.
    package static var acceptEncodings: Self { Self(slot: .acceptEncodings) }
}

extension CacheKey where Value == Authorization? {
    /// `Authorization`, nil when absent or malformed.
    package static var authorization: Self { Self(slot: .authorization) }
}

extension CacheKey where Value == CacheControl {
    /// `Cache-Control`.
    package static var cacheControl: Self { Self(slot: .cacheControl) }
}

extension CacheKey where Value == ETags {
    /// `If-Match`.
    package static var ifMatch: Self { Self(slot: .ifMatch) }
    /// `If-None-Match`.
    package static var ifNoneMatch: Self { Self(slot: .ifNoneMatch) }
}

extension CacheKey where Value == JSONValue {
    /// The JSON body, untyped.
    package static var jsonValue: Self { Self(slot: .jsonValue) }
}

/// Lazily parsed values of a request, shared by every copy of one environ so that parsing
/// happens once however many `Request`s wrap it. Owned by the thread serving the request.
package final class EnvironCache {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    /// The values kept under keys: searched in order (a handful of entries, cheaper than hashing).
    @exclusivity(unchecked) private var entries: [(slot: UInt8, value: Any)] = []
    /// The values every request with a body or query reads, typed (no boxing into `Any`).
    @exclusivity(unchecked) package var data: [UInt8]?
    @exclusivity(unchecked) package var form: ParsedForm?
    @exclusivity(unchecked) package var args: MultiDict<String, String>?
    @exclusivity(unchecked) package var temporaryFiles: TemporaryFiles?
    package init() {}

    /// The value kept under `key`, or nil; assigning nil removes it.
    package subscript<Value>(key: CacheKey<Value>) -> Value? {
        get {
            // By index: comparing slots without copying the values.
            for position in entries.indices where entries[position].slot == key.slot.rawValue {
                return entries[position].value as? Value
            }
            return nil
        }
        set {
            for position in entries.indices where entries[position].slot == key.slot.rawValue {
                if let newValue { entries[position].value = newValue } else { entries.remove(at: position) }
                return
            }
            guard let newValue else { return }
            if entries.capacity == 0 { entries.reserveCapacity(4) }
            entries.append((key.slot.rawValue, newValue))
        }
    }

    /// The value kept under `key`, made by `make` and kept on first use.
    package func value<Value>(_ key: CacheKey<Value>, _ make: () throws -> Value) rethrows -> Value {
        // `self[key]` is `Value?`: for an optional Value (Authorization?) a kept nil is `.some(nil)`.
        if let cached = self[key] { return cached }
        let made = try make()
        self[key] = made
        return made
    }
}
