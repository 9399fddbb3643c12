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
        let misplaced: (String) -> Diagnostic.Note? = { key in
            Self.processKeys.contains(key) && key != "name"
                ? .init("'\(key)' is a field of a process; indent it under the process it belongs to") : nil
        }
        guard let pairs = context.mapping(root, "the manifest", keys: Self.topLevelKeys, hint: misplaced) else {
            return manifest
        }
        let fields = Dictionary(pairs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        if let version = fields["version"] {
            checkVersion(version.value)
        }
        if let name = fields["name"], let text = context.string(name.value, "'name'", nonEmpty: true) {
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
                written.contains(where: {
                    $0.key == "services" || Suggestions.closest(to: $0.key, among: ["processes"]) != nil
                })
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

    /// `version:` must be 1; anything else (`"3.8"`) is probably a docker compose file.
    mutating func checkVersion(_ node: Node) {
        guard node.scalarType?.wholeNumber != 1 else { return }
        let written: String
        switch node.scalarType {
        case .string?: written = "\"\(node.scalarText ?? "")\""
        case .integer?, .float?, .boolean?: written = node.scalarText ?? ""
        default: written = node.typeDescription
        }
        if node.scalarType == .string && node.scalarText == "1" {
            context.error(
                "'version' must be the number 1, not the string \"1\"; write 1 without quotes", at: node.location)
            return
        }
        context.error(
            "'version' must be 1, not \(written)", at: node.location,
            notes: [
                .init(
                    "this looks like a docker compose file: muster manifests have 'version: 1' or none, and 'processes:' instead of 'services:'"
                )
            ])
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
            if let problem = TextContent.problem(in: bytes) {
                context.error(
                    "cannot read env file '\(expanded)': not a text file (\(problem.reason))", at: item.location)
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

    /// Reads `env:` into `variables`: a mapping (`{A: 1, B: }`) or compose's list (`[A=1, B]`); a
    /// name without a value passes muster's own variable through. Values interpolate against what
    /// is known so far.
    mutating func decodeEnvironment(_ node: Node, into variables: inout [String: String], base: [String: String]) {
        let known = variables
        let lookup: (String) -> String? = { [environment] in known[$0] ?? base[$0] ?? environment[$0] }
        var entries: [(key: String, keyLocation: SourceLocation, value: Node?, valueOffset: Int, text: String?)] = []
        switch node.kind {
        case .mapping(let pairs):
            for pair in pairs {
                let text = pair.value.isNull ? nil : context.scalar(pair.value, "the value of '\(pair.key)'")
                if !pair.value.isNull && text == nil { continue }
                entries.append((pair.key, pair.keyLocation, pair.value, 0, text))
            }
        case .sequence(let items):
            for item in items {
                guard let text = context.string(item, "each item of 'env' (NAME=VALUE or NAME)") else { continue }
                guard let equals = text.firstIndex(of: "=") else {
                    entries.append((text, item.location, nil, 0, nil))
                    continue
                }
                let key = String(text[..<equals])
                let value = String(text[text.index(after: equals)...])
                entries.append((key, item.location, item, key.unicodeScalars.count + 1, value))
            }
        case .scalar:
            context.error(
                "'env' must be a mapping of variable names to values, or a list of NAME=VALUE, not \(node.typeDescription)",
                at: node.location)
            return
        }
        for entry in entries {
            guard DotEnv.isValidName(entry.key) else {
                context.error(
                    "'\(entry.key)' is not a valid variable name; use letters, digits and '_', not starting with a digit",
                    at: entry.keyLocation)
                continue
            }
            guard let text = entry.text, let value = entry.value else {
                // As in docker compose: a variable without a value passes muster's own through.
                if let inherited = environment[entry.key] { variables[entry.key] = inherited }
                continue
            }
            variables[entry.key] = context.interpolate(text, of: value, offset: entry.valueOffset, lookup: lookup)
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
                    let text = context.string(field.value, "'name'")
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
        var previous: String?
        return unique.map { entry in
            let before = context.diagnostics.count
            let spec = decodeProcess(
                entry.body, name: entry.name, nameLocation: entry.location, nameFromKey: entry.fromKey,
                globalEnvironment: globalEnvironment, daemons: daemons)
            if entry.fromKey, Self.processKeys.contains(entry.name),
                let first = context.diagnostics[before...].firstIndex(where: { $0.severity == .error })
            {
                // `command:` at the names' level is taken for a process called "command".
                let note =
                    previous.map { "'\(entry.name)' looks like a field of process '\($0)' above, indented too little" }
                    ?? "'\(entry.name)' looks like a process field, indented too little"
                context.diagnostics[first].notes.append(.init(note))
            }
            previous = entry.name
            return spec
        }
    }
}
