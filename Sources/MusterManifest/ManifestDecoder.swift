/// Decodes a composed manifest: each scope's top-level `env` and `env_file`, then every entry.
struct ManifestDecoder {
    /// The path of the first manifest file, as the user named it.
    let path: String
    /// The absolute folder of the first manifest file.
    let directory: String
    /// The variables `${…}` reads: muster's own environment and the scope's `.env`. Set per scope.
    var environment: [String: String]
    /// The absolute folder of every manifest file, by the name locations use.
    var directories: [String: String] = [:]
    var context = DecodingContext()
    /// Instance counts that replace `replicas:` (what `muster scale` set), by entry.
    var replicaOverrides: [String: Int] = [:]
    /// Env files read so far, for showing the lines their diagnostics point at.
    var envFileSources: [String: [UInt8]] = [:]
    /// The absolute paths of the env files read.
    var envFilePaths: Set<String> = []

    init(path: String, directory: String, environment: [String: String]) {
        self.path = path
        self.directory = directory
        self.environment = environment
    }

    /// The folder a relative path written at `location` resolves against: that of its file.
    func folder(of location: SourceLocation) -> String {
        directories[location.file] ?? directory
    }

    /// Decodes every scope's globals and every entry of `composed`.
    mutating func decode(_ composed: ComposedManifest) -> Manifest {
        directories = composed.directories
        var manifest = Manifest(
            path: path, directory: directory, name: composed.name ?? Paths.lastComponent(directory), processes: [])
        let globals = composed.scopes.map { scope -> [String: String] in
            environment = scope.environment
            var variables: [String: String] = [:]
            if let envFiles = scope.envFile { readEnvFiles(envFiles, into: &variables, base: [:]) }
            if let env = scope.env { decodeEnvironment(env, into: &variables, base: [:]) }
            return variables
        }
        let daemons = Set(composed.entries.filter { Self.declaresDaemon($0.body) }.map(\.name))
        // Entries decode independently: large manifests are split over the cores.
        let base = self
        let chunks = Parallel.map(composed.entries.count) { range in
            var decoder = base
            decoder.context = DecodingContext()
            decoder.envFileSources = [:]
            decoder.envFilePaths = []
            let specs = decoder.decodeEntries(composed, range, globals: globals, daemons: daemons)
            return (specs, decoder.context.diagnostics, decoder.envFileSources, decoder.envFilePaths)
        }
        manifest.processes.reserveCapacity(composed.entries.count)
        for (specs, diagnostics, sources, paths) in chunks {
            envFilePaths.formUnion(paths)
            manifest.processes += specs
            context.diagnostics += diagnostics
            envFileSources.merge(sources) { first, _ in first }
        }
        return manifest
    }

    /// Decodes the entries of `composed` in `range`, with their scopes' `globals`.
    mutating func decodeEntries(
        _ composed: ComposedManifest, _ range: Range<Int>, globals: [[String: String]], daemons: Set<String>
    ) -> [ProcessSpec] {
        var specs: [ProcessSpec] = []
        specs.reserveCapacity(range.count)
        var previous = range.lowerBound > 0 ? composed.entries[range.lowerBound - 1].name : nil
        for entry in composed.entries[range] {
            let scope = composed.scopes[entry.scope]
            environment = scope.environment
            let before = context.diagnostics.count
            let count = replicaCount(of: entry)
            for replica in 1...max(count ?? 1, 1) {
                var replicaGlobals = globals[entry.scope]
                if count != nil { replicaGlobals["MUSTER_REPLICA"] = String(replica) }
                var spec = decodeProcess(
                    entry, globalEnvironment: replicaGlobals, directory: scope.directory, daemons: daemons)
                if let count {
                    spec.environment["MUSTER_REPLICA"] = String(replica)
                    spec.replicaOf = entry.name
                    // `replicas: 0` keeps one spec, checked as the others are, that runs nowhere.
                    spec.replica = count == 0 ? 0 : replica
                }
                specs.append(spec)
            }
            if context.diagnostics.count > before, entry.fromKey, Self.processKeys.contains(entry.name),
                let first = context.diagnostics[before...].firstIndex(where: { $0.severity == .error })
            {
                // `command:` at the names' level is taken for a process called "command".
                let note =
                    previous.map { "'\(entry.name)' looks like a field of process '\($0)' above, indented too little" }
                    ?? "'\(entry.name)' looks like a process field, indented too little"
                context.diagnostics[first].notes.append(.init(note))
            }
            previous = entry.name
        }
        return specs
    }

    /// `replicas:` of `entry` (0 up to `ReplicaExpansion.limit`), or the count `replicaOverrides`
    /// gives it (`muster scale`); nil when neither says, or the value is wrong.
    mutating func replicaCount(of entry: ComposedManifest.Entry) -> Int? {
        if let count = replicaOverrides[entry.name] { return count }
        guard case .mapping(let pairs) = entry.body.kind, let node = pairs.pair("replicas")?.value
        else { return nil }
        return context.integer(node, "'replicas'", in: 0...ReplicaExpansion.limit)
    }

    /// Reads `env_file:` (one path or a list) in order into `environment`.
    mutating func readEnvFiles(_ node: Node, into variables: inout [String: String], base: [String: String]) {
        for (path, item) in context.stringList(node, "'env_file'") {
            let expanded = context.interpolate(path, of: item) { base[$0] ?? environment[$0] }
            let absolute = Paths.resolve(expanded, against: folder(of: item.location))
            let display = Paths.relative(expanded, besides: item.location.file)
            envFilePaths.insert(absolute)
            let bytes: [UInt8]
            do {
                bytes = try FileReader.contents(of: absolute)
            } catch {
                context.error("cannot read env file '\(display)': \(error.reason)", at: item.location)
                continue
            }
            if let problem = TextContent.problem(in: bytes) {
                context.error(
                    "cannot read env file '\(display)': not a text file (\(problem.reason))", at: item.location)
                continue
            }
            envFileSources[display] = bytes
            let snapshot = variables
            let (entries, diagnostics) = DotEnv.parse(String(decoding: bytes, as: UTF8.self), file: display) {
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
}
