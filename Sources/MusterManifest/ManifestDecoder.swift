/// Decodes the top level of a manifest: `version`, `name`, `env`, `env_file` and `processes`.
struct ManifestDecoder {
    static let topLevelKeys = ["version", "name", "env", "env_file", "processes"]

    let source: ManifestSource
    let environment: [String: String]
    var context = DecodingContext()
    /// Env files read so far, for showing the lines their diagnostics point at.
    var envFileSources: [String: [UInt8]] = [:]

    init(source: ManifestSource, environment: [String: String]) {
        self.source = source
        self.environment = environment
    }

    private var start: SourceLocation { SourceLocation(file: source.path, line: 1, column: 1) }

    /// Decodes the tree; `parsed` says whether the YAML layer produced one without errors.
    mutating func decode(_ root: Node?, parseFailed: Bool) -> Manifest {
        var manifest = Manifest(
            path: source.path, directory: source.directory, name: Paths.lastComponent(source.directory),
            processes: [])
        guard let root else {
            if !parseFailed {
                context.error("the manifest is empty; declare at least one process under 'processes'", at: start)
            }
            return manifest
        }
        guard let pairs = context.mapping(root, "the manifest", keys: Self.topLevelKeys) else { return manifest }
        let fields = Dictionary(pairs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        if let version = fields["version"] {
            _ = context.integer(version.value, "'version'", in: 1...1)
        }
        if let name = fields["name"], let text = context.scalar(name.value, "'name'") {
            manifest.name = text
        }
        var globalEnvironment: [String: String] = [:]
        if let envFiles = fields["env_file"] {
            readEnvFiles(envFiles.value, into: &globalEnvironment, base: [:])
        }
        if let env = fields["env"] {
            decodeEnvironment(env.value, into: &globalEnvironment, base: [:])
        }
        guard let processes = fields["processes"] else {
            // A misspelt 'processes' was already reported with a suggestion.
            if case .mapping(let written) = root.kind,
                written.contains(where: { Suggestions.closest(to: $0.key, among: ["processes"]) != nil })
            {
                return manifest
            }
            context.error(
                "the manifest has no 'processes'; declare them as a mapping of names to commands",
                at: root.location)
            return manifest
        }
        manifest.processes = decodeProcesses(processes.value, globalEnvironment: globalEnvironment)
        return manifest
    }

    /// Reads `env_file:` (one path or a list) in order into `environment`.
    mutating func readEnvFiles(_ node: Node, into variables: inout [String: String], base: [String: String]) {
        for (path, item) in context.stringList(node, "'env_file'") {
            let expanded = context.interpolate(path, of: item) { base[$0] ?? environment[$0] }
            let absolute = Paths.resolve(expanded, against: source.directory)
            let bytes: [UInt8]
            do {
                bytes = try FileReader.contents(of: absolute)
            } catch {
                context.error("cannot read env file '\(expanded)': \(error.reason)", at: item.location)
                continue
            }
            envFileSources[expanded] = bytes
            let snapshot = variables
            let (entries, diagnostics) = DotEnv.parse(String(decoding: bytes, as: UTF8.self), file: expanded) {
                snapshot[$0] ?? base[$0] ?? environment[$0]
            }
            context.diagnostics += diagnostics
            for entry in entries { variables[entry.key] = entry.value }
        }
    }

    /// Reads an `env:` mapping into `variables`; values interpolate against what is known so far.
    mutating func decodeEnvironment(_ node: Node, into variables: inout [String: String], base: [String: String]) {
        guard case .mapping(let pairs) = node.kind else {
            context.error("'env' must be a mapping of variable names to values, not \(node.typeDescription)", at: node.location)
            return
        }
        let known = variables
        for pair in pairs {
            guard DotEnv.isValidName(pair.key) else {
                context.error(
                    "'\(pair.key)' is not a valid variable name; use letters, digits and '_', not starting with a digit",
                    at: pair.keyLocation)
                continue
            }
            if pair.value.isNull {
                // As in docker compose: a variable without a value passes muster's own through.
                if let inherited = environment[pair.key] { variables[pair.key] = inherited }
                continue
            }
            guard let text = context.scalar(pair.value, "the value of '\(pair.key)'") else { continue }
            variables[pair.key] = context.interpolate(text, of: pair.value) {
                known[$0] ?? base[$0] ?? environment[$0]
            }
        }
    }

    /// Decodes both forms of `processes`, giving list entries without a name `Process-N`.
    mutating func decodeProcesses(_ node: Node, globalEnvironment: [String: String]) -> [ProcessSpec] {
        var named: [(name: String, location: SourceLocation, body: Node, fromKey: Bool)] = []
        switch node.kind {
        case .mapping(let pairs):
            named = pairs.map { ($0.key, $0.keyLocation, $0.value, true) }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                var name = "Process-\(index + 1)"
                var location = item.location
                if case .mapping(let pairs) = item.kind, let field = pairs.first(where: { $0.key == "name" }),
                    let text = context.scalar(field.value, "'name'")
                {
                    name = text
                    location = field.value.location
                }
                named.append((name, location, item, false))
            }
        default:
            context.error(
                "'processes' must be a mapping of names to process specs, or a list of specs, not \(node.typeDescription)",
                at: node.location)
            return []
        }
        if named.isEmpty {
            context.error("'processes' is empty; declare at least one process", at: node.location)
        }
        var seen: [String: SourceLocation] = [:]
        var unique: [(name: String, location: SourceLocation, body: Node, fromKey: Bool)] = []
        for entry in named {
            if let first = seen[entry.name] {
                context.error(
                    "duplicate process name '\(entry.name)'; names must be unique",
                    at: entry.location, notes: [.init("'\(entry.name)' is first declared here", at: first)])
                continue
            }
            seen[entry.name] = entry.location
            if !Self.isValidProcessName(entry.name) {
                context.error(
                    "invalid process name '\(entry.name)': use letters, digits, '.', '_' and '-', starting with a letter or digit",
                    at: entry.location)
            }
            unique.append(entry)
        }
        let daemons = Set(unique.filter { Self.declaresDaemon($0.body) }.map(\.name))
        return unique.map { entry in
            decodeProcess(
                entry.body, name: entry.name, nameLocation: entry.location, nameFromKey: entry.fromKey,
                globalEnvironment: globalEnvironment, daemons: daemons)
        }
    }
}
