// Rendering a whole template: its top level, then the parents it extends; and rendering
// another template inside this render (include, import) with its own context and blocks.

extension RenderState {
    /// Renders `template`'s top level, then that of each template it extends, into the output.
    mutating func renderRoot(_ template: CompiledTemplate) throws {
        blocks = template.blocks.mapValues { [$0] }
        ancestors = 0
        var current = template
        while true {
            parent = nil
            try call(current.root)
            guard let next = parent else { break }
            current = next
        }
        parent = nil
    }

    /// Renders `template` as a separate template (an include or an imported module) with
    /// `context`, into the same output; returns the context as the template left it.
    mutating func renderIsolated(_ template: CompiledTemplate, context: RenderContext, at location: TemplateLocation) throws -> RenderContext {
        try enter(location)
        defer { depth -= 1 }
        try step(location)
        var savedContext = context
        swap(&self.context, &savedContext)
        var savedBlocks: [String: [BlockCode]] = [:]
        swap(&blocks, &savedBlocks)
        var savedStack: [(name: String, level: Int)] = []
        swap(&blockStack, &savedStack)
        var savedLoops: [RecursiveLoop] = []
        swap(&recursiveLoops, &savedLoops)
        let savedParent = parent
        let savedAncestors = ancestors
        defer {
            ancestors = savedAncestors
            swap(&self.context, &savedContext)
            swap(&blocks, &savedBlocks)
            swap(&blockStack, &savedStack)
            swap(&recursiveLoops, &savedLoops)
            parent = savedParent
        }
        try renderRoot(template)
        return self.context
    }
}
