// The template environment: loads, compiles once, caches, renders; shared by every thread.
import Synchronization
import Werk

/// A folder (or dictionary) of Jinja templates, compiled once and cached, safe to share
/// between the server's threads: Jinja's `Environment` with a `FileSystemLoader`.
///
///     let templates = Templates(folder: "templates")
///     router.get("/") { _ in try templates.response("home.html", ["username": "admin"]) }
///
/// Autoescaping is on for `.html`, `.htm` and `.xml` templates. In `debug` mode a template is
/// compiled again when its file changes (checked on each use), so edits show without a
/// restart. In `strict` mode an undefined variable is an error wherever it is used (Jinja's
/// `StrictUndefined`) rather than printing as nothing.
///
/// The compiled templates, filters, tests and globals sit behind one lock (`shared`, a `Locked`),
/// held only to look up or store; rendering runs outside it.
public final class Templates: Sendable {
    /// When output is autoescaped.
    public struct Autoescape: Sendable {
        fileprivate let extensions: Set<String>?
        fileprivate let always: Bool

        /// For templates whose name ends in one of `extensions` (Jinja's `select_autoescape`).
        public static func extensions(_ extensions: [String]) -> Autoescape {
            Autoescape(extensions: Set(extensions.map { $0.lowercased() }), always: false)
        }
        /// For `.html`, `.htm`, `.xml`, `.xhtml` and `.svg` templates (the default, as Flask sets it).
        public static let htmlExtensions = Autoescape.extensions(["html", "htm", "xml", "xhtml", "svg"])
        /// For every template.
        public static let always = Autoescape(extensions: nil, always: true)
        /// For no template.
        public static let never = Autoescape(extensions: nil, always: false)

        /// Whether the template `name` is autoescaped.
        public func applies(to name: String) -> Bool {
            guard let extensions else { return always }
            let lower = name.lowercased()
            return extensions.contains { lower.hasSuffix("." + $0) }
        }
    }

    private struct Shared {
        var cache: [String: CompiledTemplate] = [:]
        var registry = Registry.builtin
        var globals = Templates.builtinGlobals
        /// Bumped when filters or tests change, so a compile that started before is not cached.
        var generation = 0
    }

    let loader: TemplateLoader
    /// Whether templates are recompiled when their files change.
    public let debug: Bool
    /// Whether using an undefined value is an error.
    public let strict: Bool
    /// Which templates are autoescaped.
    public let autoescape: Autoescape
    private let shared = Locked(Shared())
    /// Bounds on each render (none by default; the fuzzer sets them).
    let limits: RenderLimits

    /// Templates from the files under `folder` (names are paths below it, like `"forms/input.html"`).
    public init(folder: String, debug: Bool = false, strict: Bool = false, autoescape: Autoescape = .htmlExtensions) {
        self.loader = .folder(folder)
        self.debug = debug
        self.strict = strict
        self.autoescape = autoescape
        self.limits = .none
    }

    /// Templates from sources held in memory, by name (Jinja's `DictLoader`), for tests and
    /// small apps.
    ///
    ///     let templates = Templates(sources: ["hello.html": "Hello {{ name }}!"])
    public convenience init(sources: [String: String], strict: Bool = false, autoescape: Autoescape = .htmlExtensions) {
        self.init(sources: sources, strict: strict, autoescape: autoescape, limits: .none)
    }

    init(sources: [String: String], strict: Bool = false, autoescape: Autoescape = .htmlExtensions, limits: RenderLimits) {
        self.loader = .memory(sources)
        self.debug = false
        self.strict = strict
        self.autoescape = autoescape
        self.limits = limits
    }

    // MARK: Configuration

    /// Adds (or replaces) a filter: `{{ value|name(arguments) }}`. Compiled templates are
    /// dropped so they see it.
    ///
    ///     templates.addFilter("shout") { value, _ in .string(value.description.uppercased() + "!") }
    public func addFilter(_ name: String, _ filter: @escaping TemplateFilter) {
        shared.withLock {
            $0.registry.add(filter: name, filter)
            $0.cache = [:]
            $0.generation += 1
        }
    }

    /// Adds (or replaces) a test: `{% if value is name %}`.
    public func addTest(_ name: String, _ test: @escaping TemplateTest) {
        shared.withLock {
            $0.registry.add(test: name, test)
            $0.cache = [:]
            $0.generation += 1
        }
    }

    /// Sets a variable every template sees (unless the context has one of the same name).
    public func setGlobal(_ name: String, _ value: TemplateValue) {
        shared.withLock { $0.globals[name] = value }
    }

    /// Adds a function templates can call: `{{ name(arguments) }}`.
    public func addFunction(_ name: String, _ function: @escaping @Sendable (TemplateArguments) throws -> TemplateValue) {
        setGlobal(name, .object(NativeFunction(name, function)))
    }

    /// Drops every compiled template (they are compiled again on next use).
    public func clearCache() {
        shared.withLock { $0.cache = [:] }
    }

    // MARK: Loading

    /// The template `name`, compiled (Jinja's `get_template`). Throws `TemplateError` with
    /// kind `.notFound` when there is none, `TemplateSyntaxError` when it does not compile.
    public func template(named name: String) throws -> Template {
        Template(compiled: try compiled(name), environment: self)
    }

    /// A template from source text that is not in the loader (Jinja's `from_string`);
    /// autoescaped unless `autoescape` is false. It can extend and include the loader's templates.
    public func template(source: String, name: String = "<string>", autoescape: Bool = true) throws -> Template {
        let registry = shared.withLock { $0.registry }
        let compiled = try Compiler.compile(name: name, text: source, registry: registry, autoescape: autoescape, strict: strict)
        return Template(compiled: compiled, environment: self)
    }

    /// The compiled template `name`, from the cache or compiled now (again, in debug mode,
    /// when its file changed).
    func compiled(_ name: String) throws -> CompiledTemplate {
        let (cached, registry, generation) = shared.withLock { ($0.cache[name], $0.registry, $0.generation) }
        if let cached {
            if !debug || loader.fingerprint(of: name) == cached.fingerprint { return cached }
        }
        guard let (text, fingerprint) = try loader.load(name) else { throw TemplateError.notFound(name) }
        let compiled = try Compiler.compile(name: name, text: text, registry: registry,
                                            autoescape: autoescape.applies(to: name), strict: strict, fingerprint: fingerprint)
        shared.withLock { if $0.generation == generation { $0.cache[name] = compiled } }
        return compiled
    }

    /// The template named by a value in `{% extends %}`, `{% include %}` or `{% import %}`:
    /// a name, or a list of names of which the first that exists is used.
    func load(_ value: TemplateValue, at location: TemplateLocation) throws -> CompiledTemplate {
        let names: [String]
        switch value.storage {
        case .string(let s), .markup(let s): names = [s]
        case .list(let items), .tuple(let items): names = items.map(\.description)
        case .undefined, .missing: throw TemplateRuntimeError.undefined(value).located(location)
        default: throw TemplateError(.type, "a template name must be a string, not \(value.typeName)", at: location)
        }
        for name in names {
            do {
                return try compiled(name)
            } catch let error as TemplateError where error.kind == .notFound && error.line == 0 && error.templateName == name {
                continue
            }
        }
        let message = names.count == 1 ? "no template named '\(names[0])'"
            : "none of the templates given were found: " + names.map { "'\($0)'" }.joined(separator: ", ")
        throw TemplateError(.notFound, message, at: location)
    }

    // MARK: Rendering

    /// Renders `compiled` with `context` into bytes.
    func renderBytes(_ compiled: CompiledTemplate, context: TemplateValue) throws -> [UInt8] {
        let base: TemplateDictionary
        switch context.storage {
        case .dictionary(let d): base = d
        case .none, .undefined, .missing: base = TemplateDictionary()
        default: throw TemplateError(.type, "the context must be a dictionary, not \(context.typeName)", at: nil)
        }
        let (registry, globals) = shared.withLock { ($0.registry, $0.globals) }
        var state = RenderState(environment: self, context: base, globals: globals, registry: registry,
                                capacity: compiled.sizeHint.load(ordering: .relaxed))
        do {
            try RenderNamespaces.collecting { try state.renderRoot(compiled) }
        } catch let error as TemplateRuntimeError {
            throw TemplateError(error.kind, error.message, at: TemplateLocation(template: compiled.name, line: 0, column: 0))
        }
        compiled.sizeHint.store(state.out.count + 64, ordering: .relaxed)
        return state.out.array()
    }

    /// Renders the template `name` with `context` (a dictionary) into a string.
    ///
    ///     let page = try templates.render("signin-ok.html", ["username": "admin"])
    public func render(_ name: String, _ context: TemplateValue = [:]) throws -> String {
        String(decoding: try renderBytes(compiled(name), context: context), as: UTF8.self)
    }

    /// Renders with a context of Swift values: `try templates.render("page.html", ["username": username])`.
    public func render(_ name: String, _ context: [String: any TemplateValueConvertible]) throws -> String {
        try render(name, .dictionary(TemplateDictionary(context)))
    }

    /// Renders with a context made from an `Encodable` value (its properties are the variables).
    public func render<Context: Encodable>(_ name: String, encoding context: Context) throws -> String {
        try render(name, try TemplateValue(encoding: context))
    }

    /// Renders the template `name` into UTF-8 bytes (what a response sends).
    public func renderBytes(_ name: String, _ context: TemplateValue = [:]) throws -> [UInt8] {
        try renderBytes(compiled(name), context: context)
    }
}

/// A compiled template, ready to render (Jinja's `Template`).
///
///     let page = try templates.template(named: "page.html")
///     let html = try page.render(["title": "Home"])
public struct Template: Sendable {
    let compiled: CompiledTemplate
    let environment: Templates

    /// The template's name.
    public var name: String { compiled.name }

    /// Renders with `context` (a dictionary of variables) into a string.
    public func render(_ context: TemplateValue = [:]) throws -> String {
        String(decoding: try environment.renderBytes(compiled, context: context), as: UTF8.self)
    }

    /// Renders with a context of Swift values.
    public func render(_ context: [String: any TemplateValueConvertible]) throws -> String {
        try render(.dictionary(TemplateDictionary(context)))
    }

    /// Renders into UTF-8 bytes.
    public func renderBytes(_ context: TemplateValue = [:]) throws -> [UInt8] {
        try environment.renderBytes(compiled, context: context)
    }
}
