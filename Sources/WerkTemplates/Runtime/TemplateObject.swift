// Values templates make while rendering: macros, `loop`, namespaces, bound methods, functions.
import Synchronization
import Werk

/// A run-time object: something with attributes, maybe callable.
protocol TemplateObject: AnyObject, Sendable {
    /// The Python type name, for messages (`Macro`, `LoopContext`, `Namespace`).
    var typeName: String { get }
    /// Python's repr, which is also what printing it shows.
    var repr: String { get }
    /// The attribute `name`, or nil (undefined).
    func attribute(_ name: String) -> TemplateValue?
    /// Calls the object.
    func call(_ arguments: TemplateArguments, state: inout RenderState, at location: TemplateLocation) throws -> TemplateValue
    /// `len()`, if it has one.
    var length: Int? { get }
    var isCallable: Bool { get }
}

extension TemplateObject {
    func attribute(_ name: String) -> TemplateValue? { nil }
    func call(_ arguments: TemplateArguments, state: inout RenderState, at location: TemplateLocation) throws -> TemplateValue {
        throw TemplateError(.type, "'\(typeName)' object is not callable", at: location)
    }
    var length: Int? { nil }
    var isCallable: Bool { false }
}

/// Jinja's `namespace(...)`: the one value `{% set ns.attribute = ... %}` can change, so loops
/// can carry state out. The attributes sit behind a mutex; a render touches them from one thread.
final class Namespace: TemplateObject {
    private let attributes: Locked<TemplateDictionary>
    init(_ attributes: TemplateDictionary) {
        self.attributes = Locked(attributes)
        RenderNamespaces.current?.add(self)
    }

    /// Drops every attribute: the render that made it has ended, and a namespace that holds
    /// itself (`{% set ns.me = ns %}`) would otherwise never be freed.
    func clear() { attributes.withLock { $0 = TemplateDictionary() } }

    var typeName: String { "Namespace" }
    var repr: String { TemplateValue.object(self).repr }
    /// `<Namespace {...}>` inside itself; see `TemplateValue.repr(depth:visiting:)`.
    func repr(depth: Int, visiting: inout Set<ObjectIdentifier>) -> String {
        let id = ObjectIdentifier(self)
        guard visiting.insert(id).inserted else { return "<Namespace {...}>" }
        defer { visiting.remove(id) }
        return "<Namespace \(TemplateValue.dictionary(attributes.withLock { $0 }).repr(depth: depth + 1, visiting: &visiting))>"
    }
    func attribute(_ name: String) -> TemplateValue? { attributes.withLock { $0[name] } }
    func set(_ name: String, _ value: TemplateValue) { attributes.withLock { $0[name] = value } }
}

/// A method looked up on a value, called later (`user.items`, `name.upper`).
final class BoundMethod: TemplateObject {
    let receiver: TemplateValue
    let name: String
    init(_ receiver: TemplateValue, _ name: String) {
        self.receiver = receiver
        self.name = name
    }
    var typeName: String { "builtin_function_or_method" }
    var repr: String { "<built-in method \(name) of \(receiver.typeName) object>" }
    var isCallable: Bool { true }
    func call(_ arguments: TemplateArguments, state: inout RenderState, at location: TemplateLocation) throws -> TemplateValue {
        try at(location) { try Methods.call(name, on: receiver, arguments) }
    }
}

/// A global function (`range`, `dict`, `namespace`, `cycler`, `joiner`) or an application's
/// callable global.
final class NativeFunction: TemplateObject {
    let name: String
    let body: @Sendable (TemplateArguments) throws -> TemplateValue
    init(_ name: String, _ body: @escaping @Sendable (TemplateArguments) throws -> TemplateValue) {
        self.name = name
        self.body = body
    }
    var typeName: String { "function" }
    var repr: String { "<function \(name)>" }
    var isCallable: Bool { true }
    func call(_ arguments: TemplateArguments, state: inout RenderState, at location: TemplateLocation) throws -> TemplateValue {
        try at(location) { try body(arguments) }
    }
}

/// `loop` used as a value (printed, passed on, captured by a macro): its state at that moment.
final class LoopSnapshot: TemplateObject {
    let index0: Int, length: Int?, depth0: Int
    let items: [TemplateValue]
    init(index0: Int, items: [TemplateValue], depth0: Int) {
        self.index0 = index0
        self.items = items
        self.length = items.count
        self.depth0 = depth0
    }
    var typeName: String { "LoopContext" }
    var repr: String { "<LoopContext \(index0 + 1)/\(items.count)>" }
    func attribute(_ name: String) -> TemplateValue? {
        LoopSnapshot.attribute(name, index0: index0, items: items, depth0: depth0)
    }

    /// The loop attributes, shared with the compiled `loop.name` accesses.
    static func attribute(_ name: String, index0: Int, items: [TemplateValue], depth0: Int) -> TemplateValue? {
        let length = items.count
        switch name {
        case "index": return .int(index0 + 1)
        case "index0": return .int(index0)
        case "revindex": return .int(length - index0)
        case "revindex0": return .int(length - index0 - 1)
        case "first": return .bool(index0 == 0)
        case "last": return .bool(index0 == length - 1)
        case "length": return .int(length)
        case "depth": return .int(depth0 + 1)
        case "depth0": return .int(depth0)
        case "previtem": return index0 > 0 ? items[index0 - 1] : .undefined(.hint("there is no previous item"))
        case "nextitem": return index0 + 1 < length ? items[index0 + 1] : .undefined(.hint("there is no next item"))
        case "cycle":
            return .object(NativeFunction("cycle") { arguments in
                guard !arguments.positional.isEmpty else { throw TemplateRuntimeError(.type, "no items for cycling given") }
                return arguments.positional[index0 % arguments.positional.count]
            })
        default: return nil
        }
    }
}

/// `cycler(a, b, ...)`: `next()` gives the items in turn, `current` the one now.
final class Cycler: TemplateObject {
    private let items: [TemplateValue]
    private let position = Locked(0)
    init(_ items: [TemplateValue]) { self.items = items }
    var typeName: String { "Cycler" }
    var repr: String { "<Cycler>" }
    func attribute(_ name: String) -> TemplateValue? {
        switch name {
        case "current": return items.isEmpty ? .undefined : items[position.withLock { $0 }]
        case "next":
            return .object(NativeFunction("next") { [self] _ in
                guard !items.isEmpty else { throw TemplateRuntimeError(.value, "cycler has no items") }
                return position.withLock { at in
                    defer { at = (at + 1) % items.count }
                    return items[at]
                }
            })
        case "reset": return .object(NativeFunction("reset") { [self] _ in position.withLock { $0 = 0 }; return .none })
        default: return nil
        }
    }
}

/// `joiner(sep)`: returns "" the first time it is called and `sep` afterwards.
final class Joiner: TemplateObject {
    private let separator: TemplateValue
    private let used = Locked(false)
    init(_ separator: TemplateValue) { self.separator = separator }
    var typeName: String { "Joiner" }
    var repr: String { "<Joiner>" }
    var isCallable: Bool { true }
    func call(_ arguments: TemplateArguments, state: inout RenderState, at location: TemplateLocation) throws -> TemplateValue {
        used.withLock { wasUsed in
            defer { wasUsed = true }
            return wasUsed ? separator : .emptyString
        }
    }
}
