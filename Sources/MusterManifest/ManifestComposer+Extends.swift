/// `extends:`, as in docker compose: `NAME` (another entry of the same manifest) or
/// `{process: NAME, file: PATH}` (an entry of another file, relative to the one that says so).
/// The base, with its own `extends` resolved first, is merged under the entry by the rules of
/// `ManifestMerge`; values from another file keep that file's locations, so its relative paths
/// stay relative to it. Chains work; a cycle is an error that shows it. `disabled` is not
/// inherited, so a disabled entry can serve as a template.
extension ManifestComposer {
    /// The keys of `extends`' long form.
    static let extendsKeys = ["process", "file"]

    /// What an entry extends.
    enum ExtendsTarget {
        /// An entry of the same manifest.
        case sameFile(name: String, at: SourceLocation)
        /// An entry of another file.
        case otherFile(path: Node, name: String, at: SourceLocation)
    }

    /// A step of the chain being resolved: the key cycles are told by, and how it is shown.
    typealias Step = (key: String, label: String)

    /// Resolves the `extends` of every entry of `unit`.
    mutating func resolveExtends(in unit: inout Unit) {
        guard unit.entries.contains(where: { Self.extendsField($0.body) != nil }) else { return }
        var resolved = [Node?](repeating: nil, count: unit.entries.count)
        var templates = [Node?](repeating: nil, count: unit.entries.count)
        for position in unit.entries.indices {
            _ = resolvedBody(position, in: &unit, resolved: &resolved, templates: &templates, stack: [])
        }
        for (position, body) in resolved.enumerated() {
            if let body { unit.entries[position].body = body }
        }
    }

    /// The body of entry `position` over its base's, the base resolved first.
    private mutating func resolvedBody(
        _ position: Int, in unit: inout Unit, resolved: inout [Node?], templates: inout [Node?], stack: [Step]
    ) -> Node {
        if let body = resolved[position] { return body }
        let entry = unit.entries[position]
        guard let field = Self.extendsField(entry.body) else {
            resolved[position] = entry.body
            return entry.body
        }
        let own = Self.removing(["extends"], from: entry.body)
        let step: Step = ("#" + entry.name, entry.name)
        if let start = stack.firstIndex(where: { $0.key == step.key }) {
            reportCycle(stack[start...].map(\.label) + [entry.name], at: field.location)
            resolved[position] = own
            return own
        }
        var base: Node?
        switch target(of: field) {
        case .sameFile(let name, let at)?:
            if let index = unit.index[name] {
                if let template = templates[index] {
                    base = template
                } else {
                    let body = resolvedBody(
                        index, in: &unit, resolved: &resolved, templates: &templates, stack: stack + [step])
                    // Many entries extend the same one: what they inherit is worked out once.
                    base = Self.template(body)
                    templates[index] = base
                }
                unit.entries[position].extends = name
            } else {
                let notes =
                    Suggestions.didYouMean(name, among: unit.entries.map(\.name)).map { [Diagnostic.Note($0)] } ?? []
                context.error(
                    "process '\(entry.name)' extends '\(name)', which this manifest does not define", at: at, notes: notes)
            }
        case .otherFile(let path, let name, let at)?:
            base = baseFromFile(path, name, at: at, stack: stack + [step]).map(Self.template)
            if base != nil { unit.entries[position].extends = name }
        case nil:
            break
        }
        let body = base.map { Self.extending($0, with: own) } ?? own
        resolved[position] = body
        return body
    }

    /// What an entry inherits from `base`: all but its `extends` and `disabled`.
    static func template(_ base: Node) -> Node {
        removing(["extends", "disabled"], from: base)
    }

    /// `own` merged over `template` (see `template(_:)`).
    static func extending(_ template: Node, with own: Node) -> Node {
        ManifestMerge.merge(template, own, at: "processes.*")
    }

    /// The entry `name` of the file `path` names (relative to the file it is written in), its own
    /// `extends` resolved; nil (reported) when the file or entry is missing, or on a cycle.
    private mutating func baseFromFile(_ path: Node, _ name: String, at: SourceLocation, stack: [Step]) -> Node? {
        guard let text = context.string(path, "'extends.file'", nonEmpty: true) else { return nil }
        let from = path.location.file
        let absolute = Paths.resolve(text, against: directories[from] ?? scopes.first?.directory ?? "/")
        let display = Paths.relative(text, besides: from)
        guard let entries = extendsFile(absolute, display: display, named: text, at: path.location) else { return nil }
        guard let declared = entries[name] else {
            let notes = Suggestions.didYouMean(name, among: entries.keys).map { [Diagnostic.Note($0)] } ?? []
            context.error("'extends' names process '\(name)', which \(display) does not define", at: at, notes: notes)
            return nil
        }
        let key = absolute + "#" + name
        if let start = stack.firstIndex(where: { $0.key == key }) {
            reportCycle(stack[start...].map(\.label) + ["\(name) (\(display))"], at: at)
            return nil
        }
        if let body = extendsResolved[key] { return body }
        let step: Step = (key, "\(name) (\(display))")
        let own = Self.removing(["extends"], from: declared.body)
        var body = own
        if let field = Self.extendsField(declared.body) {
            var base: Node?
            switch target(of: field) {
            case .sameFile(let baseName, let baseAt)?:
                let sibling = Node(.scalar(text, .quoted, tag: nil), at: path.location)
                base = baseFromFile(sibling, baseName, at: baseAt, stack: stack + [step])
            case .otherFile(let basePath, let baseName, let baseAt)?:
                base = baseFromFile(basePath, baseName, at: baseAt, stack: stack + [step])
            case nil:
                break
            }
            body = base.map { Self.extending(Self.template($0), with: own) } ?? own
        }
        extendsResolved[key] = body
        return body
    }

    /// The entries of the file at `absolute`, read once; nil (reported at `location`) when it
    /// cannot be read.
    private mutating func extendsFile(
        _ absolute: String, display: String, named text: String, at location: SourceLocation
    ) -> [String: DeclaredEntry]? {
        if let entries = extendsFiles[absolute] { return entries }
        if FileReader.isSpecialFile(absolute) {
            context.error("cannot read '\(text)', which 'extends' names: it is not a regular file", at: location)
            return nil
        }
        let bytes: [UInt8]
        do {
            bytes = try FileReader.contents(of: absolute)
        } catch {
            context.error("cannot read '\(text)', which 'extends' names: \(error.reason)", at: location)
            return nil
        }
        let file = read(ManifestSource(path: display, directory: Paths.directory(of: absolute), text: bytes))
        var entries: [String: DeclaredEntry] = [:]
        if let processes = file.fields["processes"] {
            for declared in context.declaredEntries(processes.value) { entries[declared.name] = declared }
        }
        extendsFiles[absolute] = entries
        return entries
    }

    /// What `field` (an `extends` value) names; nil when it is malformed (reported).
    private mutating func target(of field: Node) -> ExtendsTarget? {
        switch field.kind {
        case .scalar:
            let expected = "a process name or {process, file}"
            guard let name = context.string(field, "'extends'", nonEmpty: true, expected: expected) else { return nil }
            return .sameFile(name: name, at: field.location)
        case .sequence:
            context.error("'extends' must be a process name or {process: NAME, file: PATH}, not a list", at: field.location)
            return nil
        case .mapping:
            guard let pairs = context.mapping(field, "'extends'", keys: Self.extendsKeys) else { return nil }
            let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            guard let process = fields["process"] else {
                context.error("'extends' needs a 'process': {process: NAME, file: PATH}", at: field.location)
                return nil
            }
            guard let name = context.string(process, "'extends.process'", nonEmpty: true) else { return nil }
            if let file = fields["file"] {
                guard context.string(file, "'extends.file'", nonEmpty: true) != nil else { return nil }
                return .otherFile(path: file, name: name, at: process.location)
            }
            return .sameFile(name: name, at: process.location)
        }
    }

    private mutating func reportCycle(_ names: [String], at location: SourceLocation) {
        context.error(
            "extends cycle: \(names.joined(separator: " -> ")); an entry cannot extend itself, even through others",
            at: location)
    }

    /// The `extends` value of a body, unless it is absent or `!reset`.
    static func extendsField(_ body: Node) -> Node? {
        guard case .mapping(let pairs) = body.kind, let value = pairs.pair("extends")?.value,
            value.directive != .reset
        else { return nil }
        return value
    }

    /// `body` without the pairs named `keys`.
    static func removing(_ keys: [String], from body: Node) -> Node {
        guard case .mapping(let pairs) = body.kind, pairs.contains(where: { keys.contains($0.key) }) else {
            return body
        }
        var result = body
        result.kind = .mapping(pairs.filter { !keys.contains($0.key) })
        return result
    }
}
