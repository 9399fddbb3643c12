internal import MusterManifest

/// process-compose.yaml → a manifest: `command`/`entrypoint`, `environment`, `env_file`,
/// `working_dir`, `log_location`, `disabled`, `replicas`, `availability`, `depends_on` and its
/// conditions, `readiness_probe`, `ready_log_line` and `shutdown` are translated; every other key
/// is named in a `# muster import:` comment at its place and in a warning. A file that is not
/// YAML, or not a process-compose project, is an error at its place.
///
/// Which entries are daemons is decided with care: process-compose's `is_daemon` means a command
/// that forks into the background, not a service. An entry is a daemon when others wait for it
/// with `process_healthy` or `process_log_ready`, when it has a readiness probe (or a ready log
/// line), or when `availability.restart` is `always`.
struct ProcessComposeImporter {
    let source: ImportSource
    /// Warnings and errors so far.
    var diagnostics: [Diagnostic] = []
    /// `shell.shell_command` and `shell.shell_argument`, when the project sets them.
    var shell: (command: String, argument: String)?
    /// `disable_env_expansion: true`: `$` is literal everywhere.
    var literalDollars = false

    /// Top-level keys and why each cannot be translated; nil for those that are.
    static let topLevelKeys: [String: String?] = [
        "version": nil, "processes": nil, "environment": nil, "env_file": nil, "shell": nil,
        "disable_env_expansion": nil, "is_strict": nil, "ordered_shutdown": nil,
        "log_location": "muster keeps no combined log file; give entries log: instead",
        "log_level": "muster has no log level of its own",
        "log_length": "muster keeps the last 1,000 lines of each entry",
        "log_format": "muster's output format is fixed (NAME | line)",
        "log_configuration": "muster's output format is fixed (NAME | line)",
        "vars": "muster has no Go templates; use ${VAR} interpolation",
        "env_cmds": "muster does not run commands to set variables",
        "is_tui_disabled": "muster's dashboard is chosen on the command line",
        "extends": "merge manifests with -f A -f B, or include:",
    ]

    init(source: ImportSource) {
        self.source = source
    }

    func translate() -> ImportResult {
        var importer = self
        let manifest = importer.manifest()
        return ImportResult(
            manifest: importer.diagnostics.containsErrors ? nil : manifest,
            diagnostics: importer.diagnostics.sortedForReading(primary: source.path))
    }

    /// The manifest's text (meaningful only when no error was found).
    private mutating func manifest() -> String {
        let start = SourceLocation(file: source.path, line: 1, column: 1)
        if let problem = TextContent.problem(in: source.text) {
            let at = SourceLocation(file: source.path, line: problem.line, column: problem.column)
            error("not a process-compose file: \(problem.reason); it is YAML text", at: at)
            return ""
        }
        let parsed = YAMLParser(file: source.path).parse(source.text)
        diagnostics += parsed.diagnostics
        guard let root = parsed.root else {
            if !parsed.diagnostics.containsErrors { error("the file is empty; process-compose declares processes:", at: start) }
            return ""
        }
        guard case .mapping(let pairs) = root.kind else {
            error("a process-compose file is a mapping with processes:, not \(root.typeDescription)", at: root.location)
            return ""
        }
        let fields = Fields(pairs)
        guard let processes = fields["processes"] else {
            error("there is no 'processes:'; is this a process-compose file?", at: root.location)
            return ""
        }
        guard case .mapping(let declared) = processes.value.kind, !declared.isEmpty else {
            error("'processes' must be a mapping of names to processes", at: processes.value.location)
            return ""
        }
        literalDollars = fields["disable_env_expansion"].flatMap { bool($0.value) } ?? false
        if let shellField = fields["shell"] { readShell(shellField.value) }

        var out = ManifestLines()
        out.comment("Imported from \(source.path) by muster import.")
        out.comment("Paths are relative to its folder: save this as muster.yaml beside it.")
        if shell == nil {
            out.comment("process-compose runs commands with bash -c; muster runs them with /bin/sh -c.")
        }
        out.field("version", raw: "1", indent: 0)
        for pair in pairs {
            switch pair.key {
            case "environment":
                if let value = environment(pair.value) { out.field("env", raw: ManifestLines.list(value), indent: 0) }
            case "env_file":
                if let files = stringList(pair.value, "'env_file'") {
                    out.field("env_file", raw: ManifestLines.list(files.map(expanded)), indent: 0)
                }
            case "ordered_shutdown":
                if bool(pair.value) == false {
                    untranslated(
                        pair, "muster always stops entries in reverse dependency order", into: &out, indent: 0)
                }
            case "disable_env_expansion", "version", "processes", "shell", "is_strict":
                continue
            default:
                let reason = Self.topLevelKeys[pair.key].flatMap { $0 } ?? "it is not a process-compose key muster knows"
                untranslated(pair, reason, into: &out, indent: 0)
            }
        }
        out.open("processes", indent: 0)
        var entries: [Declared] = []
        for pair in declared {
            guard case .mapping(let body) = pair.value.kind else {
                error("process '\(pair.key)' must be a mapping, not \(pair.value.typeDescription)", at: pair.value.location)
                continue
            }
            entries.append(Declared(name: pair.key, nameLocation: pair.keyLocation, fields: Fields(body)))
        }
        let plan = makePlan(entries)
        for entry in entries { write(entry, plan: plan, into: &out) }
        return out.text
    }

    /// `shell: {shell_command, shell_argument}`: string commands run as `[COMMAND, ARGUMENT, …]`.
    private mutating func readShell(_ node: Node) {
        guard case .mapping(let pairs) = node.kind else {
            error("'shell' must be a mapping: {shell_command: bash, shell_argument: -c}", at: node.location)
            return
        }
        let fields = Fields(pairs)
        let command = fields["shell_command"].flatMap { string($0.value, "'shell_command'") } ?? "bash"
        let argument = fields["shell_argument"].flatMap { string($0.value, "'shell_argument'") } ?? "-c"
        shell = (command, argument)
    }

    // MARK: - Values

    /// `text` as muster should read it: process-compose expands `$VAR` and `${VAR}` when it loads
    /// the file, so a bare `$VAR` becomes `${VAR}` (`$$` stays a literal `$`); with
    /// `disable_env_expansion`, every `$` is literal.
    func expanded(_ text: String) -> String {
        if literalDollars { return YAMLText.escapingInterpolation(text) }
        guard text.contains("$") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        let isNameStart: (Unicode.Scalar) -> Bool = { $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$", index + 1 < scalars.count {
                let next = scalars[index + 1]
                if next == "$" || next == "{" {
                    out.append(scalar)
                    out.append(next)
                    index += 2
                    continue
                }
                if isNameStart(next) {
                    var end = index + 1
                    while end < scalars.count, isNameStart(scalars[end]) || ("0"..."9").contains(scalars[end]) { end += 1 }
                    out.append(contentsOf: "${".unicodeScalars)
                    out.append(contentsOf: scalars[(index + 1)..<end])
                    out.append("}")
                    index = end
                    continue
                }
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }

    /// `environment:` (compose's list, or a mapping) as `NAME=VALUE` items, values expanded.
    mutating func environment(_ node: Node) -> [String]? {
        switch node.kind {
        case .sequence(let items):
            var variables: [String] = []
            for item in items {
                guard let text = string(item, "each item of 'environment'") else { return nil }
                variables.append(expanded(text))
            }
            return variables
        case .mapping(let pairs):
            var variables: [String] = []
            for pair in pairs {
                guard let text = string(pair.value, "the value of '\(pair.key)'") else { return nil }
                variables.append(pair.key + "=" + expanded(text))
            }
            return variables
        case .scalar:
            error("'environment' must be a list of NAME=VALUE, not \(node.typeDescription)", at: node.location)
            return nil
        }
    }

    /// A scalar's text (numbers and booleans as written); nil (an error) for collections.
    mutating func string(_ node: Node, _ what: String) -> String? {
        guard let text = node.scalarText, !node.isNull else {
            error("\(what) must be a string, not \(node.typeDescription)", at: node.location)
            return nil
        }
        return text
    }

    /// A string, or a list of strings.
    mutating func stringList(_ node: Node, _ what: String) -> [String]? {
        if case .sequence(let items) = node.kind {
            var strings: [String] = []
            for item in items {
                guard let text = string(item, "each item of \(what)") else { return nil }
                strings.append(text)
            }
            return strings
        }
        return string(node, what).map { [$0] }
    }

    /// A whole number of at least `minimum`; nil (an error) otherwise.
    mutating func integer(_ node: Node, _ what: String, minimum: Int = 0) -> Int? {
        guard let value = node.scalarType?.wholeNumber ?? node.scalarText.flatMap({ Int($0) }), value >= minimum else {
            error("\(what) must be a whole number of at least \(minimum), not \(node.scalarText ?? node.typeDescription)", at: node.location)
            return nil
        }
        return value
    }

    /// A boolean, as YAML reads one.
    func bool(_ node: Node) -> Bool? {
        node.scalarText.flatMap(yamlBoolean)
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location))
    }

    /// Names `pair` in a `# muster import:` comment at `indent` and in a warning at its key.
    mutating func untranslated(_ pair: Node.Pair, _ reason: String, into out: inout ManifestLines, indent: Int) {
        let shown = pair.value.scalarText.map { $0.isEmpty ? pair.key : "\(pair.key): \($0)" } ?? pair.key
        out.comment("muster import: \(shown) is not translated: \(reason)", indent: indent)
        diagnostics.append(.warning("'\(pair.key)' is not translated: \(reason)", at: pair.keyLocation))
    }
}

/// The pairs of a mapping by key.
struct Fields {
    let pairs: [Node.Pair]

    init(_ pairs: [Node.Pair]) {
        self.pairs = pairs
    }

    subscript(_ key: String) -> Node.Pair? {
        pairs.first { $0.key == key }
    }
}
