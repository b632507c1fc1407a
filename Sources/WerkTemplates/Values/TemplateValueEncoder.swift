// An Encoder that turns any Encodable into a TemplateValue directly (no JSON round trip):
// structs and dictionaries become dictionaries in encoding order, arrays lists, optionals
// that are nil are left out (as JSONEncoder does).

extension TemplateValue {
    /// The value of an `Encodable`: its properties become a dictionary's entries.
    ///
    ///     struct Row: Encodable { var id: Int; var name: String }
    ///     let context = try TemplateValue(encoding: ["rows": [Row(id: 1, name: "a")]])
    public init<T: Encodable>(encoding value: T) throws {
        let node = EncodingNode()
        try value.encode(to: ValueEncoder(node: node, codingPath: []))
        self = node.finish()
    }
}

/// What one encoded value turned into, filled in by whichever container is asked for.
private final class EncodingNode {
    var value: TemplateValue?
    var keyed: [(String, EncodingNode)]?
    var unkeyed: [EncodingNode]?

    func finish() -> TemplateValue {
        if let keyed { return .dictionary(TemplateDictionary(keyed.map { ($0.0, $0.1.finish()) })) }
        if let unkeyed { return .list(unkeyed.map { $0.finish() }) }
        return value ?? .dictionary(TemplateDictionary())
    }

    func child(for key: String) -> EncodingNode {
        let node = EncodingNode()
        if keyed == nil { keyed = [] }
        keyed!.append((key, node))
        return node
    }

    func appended() -> EncodingNode {
        let node = EncodingNode()
        if unkeyed == nil { unkeyed = [] }
        unkeyed!.append(node)
        return node
    }
}

private struct ValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.keyed == nil { node.keyed = [] }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.unkeyed == nil { node.unkeyed = [] }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }
}

/// The template value of a primitive, or nil when the value encodes itself.
private func primitive<T: Encodable>(_ value: T) -> TemplateValue? {
    switch value {
    case let v as String: return .string(v)
    case let v as Bool: return .bool(v)
    case let v as Int: return .int(v)
    case let v as Double: return .double(v)
    case let v as Float: return .double(Double(v))
    case let v as Int8: return .int(Int(v))
    case let v as Int16: return .int(Int(v))
    case let v as Int32: return .int(Int(v))
    case let v as Int64: return .int(Int(v))
    case let v as UInt8: return .int(Int(v))
    case let v as UInt16: return .int(Int(v))
    case let v as UInt32: return .int(Int(v))
    case let v as UInt: return v <= UInt(Int.max) ? .int(Int(v)) : .double(Double(v))
    case let v as UInt64: return v <= UInt64(Int.max) ? .int(Int(v)) : .double(Double(v))
    case let v as TemplateValue: return v
    case let v as TemplateDictionary: return .dictionary(v)
    default: return nil
    }
}

private func encodeValue<T: Encodable>(_ value: T, into node: EncodingNode, codingPath: [any CodingKey]) throws {
    if let simple = primitive(value) {
        node.value = simple
    } else {
        try value.encode(to: ValueEncoder(node: node, codingPath: codingPath))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(for: key.stringValue).value = TemplateValue.none }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.child(for: key.stringValue), codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(for: key.stringValue)
        child.keyed = []
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(for: key.stringValue)
        child.unkeyed = []
        return UnkeyedContainer(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(node: node.child(for: "super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(node: node.child(for: key.stringValue), codingPath: codingPath + [key]) }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.unkeyed?.count ?? 0 }

    mutating func encodeNil() throws { node.appended().value = TemplateValue.none }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = IndexKey(count)
        try encodeValue(value, into: node.appended(), codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appended()
        child.keyed = []
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appended()
        child.unkeyed = []
        return UnkeyedContainer(node: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(node: node.appended(), codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = TemplateValue.none }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: node, codingPath: codingPath)
    }
}
