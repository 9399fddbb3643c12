/// Puts manifest files together into one `ComposedManifest`, as docker compose loads a project:
/// each file is parsed and checked at its top level, its `include`s are composed (each with its
/// own folder and `.env`) and their entries added, the files are merged in order
/// (`ManifestMerge`), and then every `extends` is resolved. Problems are collected as diagnostics;
/// nothing throws.
struct ManifestComposer {
    /// The keys a manifest file may have at its top level.
    static let topLevelKeys = ["version", "name", "include", "env", "env_file", "processes"]

    /// A file read and checked at its top level.
    struct File {
        /// The name its locations use.
        var path: String
        /// Its absolute folder.
        var directory: String
        /// Its root node, when it holds a document.
        var root: Node?
        /// Its known top-level fields.
        var fields: [String: Node.Pair]
    }

    /// The entries of a composition by name, in order, and its top-level values.
    struct Unit {
        /// `name`, `env`, `env_file`, as merged so far.
        var fields: [String: Node] = [:]
        /// The entries in declaration order.
        var entries: [ComposedManifest.Entry] = []
        /// Positions in `entries` by name.
        var index = NameTable()
    }

    /// Everything found so far.
    var context = DecodingContext()
    /// The text of every file read, by the name its locations use.
    var sources: [String: [UInt8]] = [:]
    /// The absolute folder of every manifest file read, by the name its locations use.
    var directories: [String: String] = [:]
    /// The scopes made so far; scope 0 is the `-f` files.
    var scopes: [ComposedManifest.Scope] = []
    /// muster's own environment.
    let environment: [String: String]
    /// Which `.env` an included manifest reads for `${…}`.
    let dotenv: ProjectEnvFile.Choice
    /// The `--env-file` (or the first file's `.env`), reused by includes under `--env-file`.
    var projectEnvFile: ProjectEnvFile?
    /// Includes already composed, by their files and prefix: the same include again adds nothing.
    var composedIncludes: Set<String> = []
    /// Files read for `extends: {file: …}`: their entries by name, by absolute path.
    var extendsFiles: [String: [String: DeclaredEntry]] = [:]
    /// Entries of those files with their own `extends` resolved, by `PATH#NAME`.
    var extendsResolved: [String: Node] = [:]
    /// Included files read and parsed ahead, by `ABSOLUTE\nDISPLAY` path.
    var parsedFiles: [String: (bytes: [UInt8], parsed: YAMLParser.Result?)] = [:]
    /// Whether a file read has a `!reset` or `!override` (else nothing needs finalizing).
    var sawDirectives = false
    /// The name locations use for each file read, by absolute path (for include cycles).
    var displayNames: [String: String] = [:]

    /// A composer reading `${…}` from `environment`; includes read the `.env` `dotenv` says.
    init(environment: [String: String], dotenv: ProjectEnvFile.Choice) {
        self.environment = environment
        self.dotenv = dotenv
    }

    /// The `sources` merged in order (scope 0), with `projectEnvFile` feeding their `${…}`.
    mutating func compose(_ sources: [ManifestSource], projectEnvFile: ProjectEnvFile?) -> ComposedManifest {
        self.projectEnvFile = projectEnvFile
        let chain = sources.map { Self.absolutePath(of: $0) }
        for (source, absolute) in zip(sources, chain) { displayNames[absolute] = source.path }
        let unit = composition(of: sources, chain: chain, envFile: projectEnvFile)
        var entries = unit.entries
        if sawDirectives {
            entries = []
            for var entry in unit.entries {
                if ManifestMerge.containsDirectives(entry.body) {
                    guard let body = ManifestMerge.finalized(entry.body) else { continue }
                    entry.body = body
                }
                entries.append(entry)
            }
        }
        let name = unit.fields["name"].flatMap(ManifestMerge.finalized).flatMap {
            $0.scalarType == .string ? $0.scalarText : nil
        }
        return ComposedManifest(name: name, scopes: scopes, entries: entries, directories: directories)
    }

    /// `source`'s absolute path, which cycles and repeats are told by.
    static func absolutePath(of source: ManifestSource) -> String {
        source.directory + "/" + (source.path == "<stdin>" ? "<stdin>" : Paths.lastComponent(source.path))
    }

    /// The files of one composition merged in order, in a new scope: the `-f` files, or the
    /// files of one `include`. `chain` holds the files being composed, for include cycles.
    mutating func composition(of files: [ManifestSource], chain: [String], envFile: ProjectEnvFile?) -> Unit {
        let scope = scopes.count
        var variables = environment
        if let envFile {
            let (entries, problems) = envFile.variables(environment: environment)
            for entry in entries where environment[entry.key] == nil { variables[entry.key] = entry.value }
            context.diagnostics += problems
            if TextContent.problem(in: envFile.text) == nil { sources[envFile.path] = envFile.text }
        }
        scopes.append(
            ComposedManifest.Scope(
                directory: files.first?.directory ?? "/", env: nil, envFile: nil, environment: variables))
        var unit = Unit()
        var read: [File] = []
        for source in files {
            let file = self.read(source)
            read.append(file)
            var own = Unit()
            for key in ["name", "env", "env_file"] { own.fields[key] = file.fields[key]?.value }
            if let include = file.fields["include"] {
                let items = includeItems(include.value)
                prefetch(items, from: file)
                for item in items {
                    guard let included = self.include(item, from: file, chain: chain) else { continue }
                    for entry in included.entries { adopt(entry, into: &own) }
                }
            }
            if let processes = file.fields["processes"] {
                for declared in context.declaredEntries(processes.value) {
                    adopt(
                        ComposedManifest.Entry(
                            name: declared.name, nameLocation: declared.nameLocation, body: declared.body,
                            fromKey: declared.fromKey, scope: scope),
                        into: &own)
                }
            }
            merge(own, into: &unit)
        }
        let declares = read.contains { $0.fields["processes"] != nil || $0.fields["include"] != nil }
        if read.allSatisfy({ $0.root != nil }), !declares, let first = read.first?.root {
            reportMissingProcesses(first)
        }
        resolveExtends(in: &unit)
        scopes[scope].env = unit.fields["env"].flatMap(ManifestMerge.finalized)
        scopes[scope].envFile = unit.fields["env_file"].flatMap(ManifestMerge.finalized)
        return unit
    }

    /// Adds `entry` to the entries of one file; a name it already has is an error naming both.
    mutating func adopt(_ entry: ComposedManifest.Entry, into unit: inout Unit) {
        if let position = unit.index[entry.name] {
            let first = unit.entries[position].nameLocation
            context.error(
                "process '\(entry.name)' is defined twice, here and at \(first); rename one, or include one of them with a prefix",
                at: entry.nameLocation, notes: [.init("'\(entry.name)' is first defined here", at: first)])
            return
        }
        unit.index.updateValue(unit.entries.count, forKey: entry.name)
        unit.entries.append(entry)
    }

    /// `own` (one file) merged over `unit` (the files before it): top-level values by the merge
    /// rules, entries by name (a new name is added at the end).
    mutating func merge(_ own: Unit, into unit: inout Unit) {
        if unit.entries.isEmpty && unit.fields.isEmpty {
            unit = own
            return
        }
        for (key, value) in own.fields {
            unit.fields[key] = unit.fields[key].map { ManifestMerge.merge($0, value, at: key) } ?? value
        }
        for entry in own.entries {
            if let position = unit.index[entry.name] {
                unit.entries[position].body = ManifestMerge.merge(
                    unit.entries[position].body, entry.body, at: "processes.*")
            } else {
                unit.index.updateValue(unit.entries.count, forKey: entry.name)
                unit.entries.append(entry)
            }
        }
    }

    /// Reads and parses `source`, checking its top level: known keys, `version` and `name`.
    mutating func read(_ source: ManifestSource) -> File {
        directories[source.path] = source.directory
        var file = File(path: source.path, directory: source.directory, root: nil, fields: [:])
        let start = SourceLocation(file: source.path, line: 1, column: 1)
        if let problem = TextContent.problem(in: source.text) {
            let at = SourceLocation(file: source.path, line: problem.line, column: problem.column)
            context.error("not a text file: \(problem.reason); a manifest is YAML text in UTF-8", at: at)
            return file
        }
        sources[source.path] = source.text
        let key = Self.absolutePath(of: source) + "\n" + source.path
        let parsed = parsedFiles.removeValue(forKey: key)?.parsed ?? YAMLParser(file: source.path).parse(source.text)
        context.diagnostics += parsed.diagnostics
        sawDirectives = sawDirectives || parsed.hasDirectives
        guard let root = parsed.root else {
            if !parsed.diagnostics.containsErrors {
                context.error("the manifest is empty; declare at least one process under 'processes'", at: start)
            }
            return file
        }
        file.root = root
        let misplaced: (String) -> Diagnostic.Note? = { key in
            ManifestDecoder.processKeys.contains(key) && key != "name"
                ? .init("'\(key)' is a field of a process; indent it under the process it belongs to") : nil
        }
        guard let pairs = context.mapping(root, "the manifest", keys: Self.topLevelKeys, hint: misplaced) else {
            return file
        }
        file.fields = Dictionary(pairs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        if let version = file.fields["version"], version.value.directive == nil {
            context.checkVersion(version.value)
        }
        if let name = file.fields["name"], name.value.directive == nil {
            _ = context.string(name.value, "'name'", nonEmpty: true)
        }
        return file
    }

    /// "no 'processes'", unless a misspelt `processes` (or compose's `services`) was already reported.
    mutating func reportMissingProcesses(_ root: Node) {
        guard case .mapping(let written) = root.kind,
            !written.contains(where: { $0.key == "services" || Suggestions.closest(to: $0.key, among: ["processes"]) != nil })
        else { return }
        context.error(
            "the manifest has no 'processes'; declare them as a mapping of names to commands", at: root.location)
    }
}
