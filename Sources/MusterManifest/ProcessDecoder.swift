/// Decodes one entry of `processes` into a resolved `ProcessSpec`.
extension ManifestDecoder {
    static let processKeys = [
        "name", "command", "daemon", "depends_on", "ready", "env", "env_file", "cwd", "timeout", "restart",
        "max_restarts", "backoff", "shutdown", "log", "limits", "image", "profiles", "disabled", "extends",
        "replicas", "watch", "retries", "inputs", "outputs",
    ]


    /// Whether `name` matches `[A-Za-z0-9][A-Za-z0-9._-]*`.
    static func isValidProcessName(_ name: String) -> Bool {
        let isAlphanumeric: (UInt8) -> Bool = {
            ($0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        }
        guard let first = name.utf8.first, isAlphanumeric(first) else { return false }
        return name.utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    /// Whether a spec says `daemon: true` (read leniently: only to pick default conditions), as
    /// `DecodingContext.bool` reads it: a quoted `"true"` is a string, a quoted `"yes"` is true.
    static func declaresDaemon(_ body: Node) -> Bool {
        guard case .mapping(let pairs) = body.kind, let value = pairs.pair("daemon")?.value,
            case .scalar(let text, let style, _) = value.kind, yamlBoolean(text) == true
        else { return false }
        return style == .plain || !["true", "True", "TRUE"].contains(text)
    }

    /// Decodes one composed entry: `globalEnvironment` is its scope's `env_file`s and `env`,
    /// `directory` its default `cwd`.
    mutating func decodeProcess(
        _ entry: ComposedManifest.Entry, globalEnvironment: [String: String], directory: String, daemons: Set<String>
    ) -> ProcessSpec {
        let name = entry.name
        var spec = ProcessSpec(
            name: name, nameLocation: entry.nameLocation, command: .argv(["true"]), environment: globalEnvironment,
            workingDirectory: directory)
        // Put in messages only: most entries have none.
        func what() -> String { "process '\(name)'" }
        guard let pairs = context.mapping(entry.body, what(), keys: Self.processKeys) else { return spec }
        let fields = Fields(pairs: pairs)

        if let disabled = fields["disabled"], let value = context.bool(disabled.value, "'disabled'") {
            spec.disabled = value
            spec.disabledLocation = disabled.value.location
        }
        if let profiles = fields["profiles"] {
            spec.profiles = decodeProfiles(profiles.value)
            spec.profilesLocation = profiles.value.location
        }
        if let daemon = fields["daemon"], let value = context.bool(daemon.value, "'daemon'") {
            spec.daemon = value
        }
        // The entry's environment: global layers, then its env files, then its env.
        var variables = globalEnvironment
        if let envFiles = fields["env_file"] { readEnvFiles(envFiles.value, into: &variables, base: globalEnvironment) }
        if let env = fields["env"] { decodeEnvironment(env.value, into: &variables, base: globalEnvironment) }
        spec.environment = variables
        let lookup: (String) -> String? = { [environment] in variables[$0] ?? environment[$0] }

        if let command = fields["command"] {
            spec.command = decodeCommand(command.value, "'command' of \(what())", lookup: lookup) ?? spec.command
        } else if let base = entry.extends {
            context.error(
                "\(what()) has no 'command', and neither has '\(base)', which it extends; add one", at: entry.nameLocation)
        } else if !spec.disabled {
            context.error(
                "\(what()) has no 'command'; add one, e.g. command: echo hello", at: entry.nameLocation)
        }
        if let cwd = fields["cwd"], let text = context.string(cwd.value, "'cwd'", nonEmpty: true) {
            spec.workingDirectory = Paths.resolve(
                context.interpolate(text, of: cwd.value, lookup: lookup), against: folder(of: cwd.value.location))
            spec.workingDirectoryLocation = cwd.value.location
        }
        if let log = fields["log"], let text = context.string(log.value, "'log'", nonEmpty: true) {
            spec.logFile = Paths.resolve(
                context.interpolate(text, of: log.value, lookup: lookup), against: folder(of: log.value.location))
            spec.logFileLocation = log.value.location
        }
        if let watch = fields["watch"] {
            spec.watch = decodeWatch(watch.value, workingDirectory: spec.workingDirectory, lookup: lookup)
        }
        if let timeout = fields["timeout"] {
            spec.timeout = context.duration(timeout.value, "'timeout'", positive: true)
        }
        if let dependsOn = fields["depends_on"] {
            spec.dependencies = decodeDependencies(dependsOn.value, of: spec, daemons: daemons)
        }
        if let ready = fields["ready"] {
            spec.ready = decodeProbe(ready.value, lookup: lookup)
        }
        spec.restart = decodeRestart(fields)
        if spec.restart.mode == .always, !spec.daemon, spec.restart.maxRestarts == nil,
            let restart = fields["restart"]
        {
            context.warning(
                "a job with restart: always never lets `run` end; use on-failure, or daemon: true",
                at: restart.value.location)
        }
        if let retries = fields["retries"] {
            decodeRetries(retries.value, into: &spec)
        }
        if let inputs = fields["inputs"] { spec.inputs = decodeGlobs(inputs.value, "'inputs'", of: spec, lookup: lookup) }
        if let outputs = fields["outputs"] { spec.outputs = decodeGlobs(outputs.value, "'outputs'", of: spec, lookup: lookup) }
        if let shutdown = fields["shutdown"] {
            spec.shutdown = decodeShutdown(shutdown.value)
        }
        if let limits = fields["limits"] {
            spec.limits = decodeLimits(limits.value)
        }
        if let image = fields["image"] {
            spec.image = decodeImage(image.value, lookup: lookup)
        }
        return spec
    }

    /// `retries: N` (0 to 100): a failed job runs again, up to N more times. A daemon comes back
    /// through `restart:` instead, so `retries` on one is an error.
    mutating func decodeRetries(_ node: Node, into spec: inout ProcessSpec) {
        guard let count = context.integer(node, "'retries'", in: 0...100) else { return }
        if spec.daemon {
            context.error("'retries' is for jobs; a daemon comes back with restart: on-failure", at: node.location)
        } else {
            spec.retries = count
        }
    }

    /// `inputs:` or `outputs:`: a list of non-empty globs, interpolated (`${WORK}/src/*`), for jobs
    /// only (a daemon never finishes, so it has nothing to cache).
    mutating func decodeGlobs(_ node: Node, _ what: String, of spec: ProcessSpec, lookup: (String) -> String?) -> [String] {
        if spec.daemon {
            context.error("\(what) is for jobs; a daemon is never cached", at: node.location)
            return []
        }
        guard case .sequence(let items) = node.kind else {
            context.error("\(what) must be a list of globs, e.g. [\"src/**/*.c\", Makefile]", at: node.location)
            return []
        }
        return items.compactMap { item in
            context.string(item, what, nonEmpty: true).map { context.interpolate($0, of: item, lookup: lookup) }
        }
    }

    /// `image:`: printable ASCII without spaces (`postgres:16`, `ghcr.io/org/app@sha256:…`), as
    /// written and once interpolated; only `muster export` reads it.
    mutating func decodeImage(_ node: Node, lookup: (String) -> String?) -> String? {
        guard let text = context.string(node, "'image'", nonEmpty: true) else { return nil }
        let isReference: (String) -> Bool = { $0.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) } }
        guard isReference(text) else {
            context.error(
                "'image' must name a container image, such as postgres:16 or ghcr.io/org/app:1.2, without spaces or control characters",
                at: node.location)
            return nil
        }
        let image = context.interpolate(text, of: node, lookup: lookup)
        guard !image.isEmpty, isReference(image) else {
            context.error(
                "'image' is \"\(image)\" once interpolated; it must name a container image without spaces", at: node.location)
            return nil
        }
        return image
    }

    /// A string command (for `/bin/sh -c`) or a non-empty argv list, interpolated.
    mutating func decodeCommand(_ node: Node, _ what: @autoclosure () -> String, lookup: (String) -> String?) -> Command? {
        switch node.kind {
        case .sequence(let items):
            guard !items.isEmpty else {
                context.error("\(what()) is an empty list; give the program and its arguments", at: node.location)
                return nil
            }
            // Items are arguments: numbers and booleans are taken as written (`[sleep, 1]`).
            let argv = items.map { item in
                context.scalar(item, "each argument of \(what())").map { context.interpolate($0, of: item, lookup: lookup) }
            }
            if let program = argv[0], program.isEmpty {
                context.error(
                    "the program of \(what()) is empty; the first item names what to run", at: items[0].location)
                return nil
            }
            return argv.contains(nil) ? nil : .argv(argv.map { $0! })
        case .scalar:
            // A bare number or boolean is refused (`command: 123` would only ever exit 127).
            guard let text = context.string(node, what(), expected: "a string or a list of strings") else { return nil }
            guard !text.trimmingWhitespace().isEmpty else {
                context.error("\(what()) is empty; give a shell command or an argv list", at: node.location)
                return nil
            }
            return .shell(context.interpolate(text, of: node, lookup: lookup))
        case .mapping:
            context.error("\(what()) must be a string or a list of strings, not a mapping", at: node.location)
            return nil
        }
    }

    /// `depends_on`: a list of names (default conditions) or a mapping name → condition.
    mutating func decodeDependencies(_ node: Node, of spec: ProcessSpec, daemons: Set<String>) -> [Dependency] {
        let written: Int
        switch node.kind {
        case .sequence(let items): written = items.count
        case .mapping(let pairs): written = pairs.count
        case .scalar: written = 0
        }
        var dependencies: [Dependency] = []
        dependencies.reserveCapacity(written)
        // A long list (a layer waiting for the whole layer before) is checked for repeats through a table.
        var listed = written > 8 ? NameTable(minimumCapacity: written) : nil
        func isListed(_ name: String) -> Bool {
            if listed != nil { return listed!.insert(0, forKey: name) != nil }
            return dependencies.contains { $0.name == name }
        }
        func add(_ name: String, _ condition: DependencyCondition, at location: SourceLocation) {
            if isListed(name) {
                context.error("'\(name)' is listed twice in 'depends_on'", at: location)
                return
            }
            if condition == .completed || condition == .succeeded, daemons.contains(name), !spec.daemon {
                let event = condition == .completed ? "exit" : "exit with status 0"
                context.warning(
                    "'\(spec.name)' waits for daemon '\(name)' to \(event), which happens only when daemons are torn down after every job has ended; use 'ready' or 'started'",
                    at: location)
            }
            dependencies.append(Dependency(name: name, condition: condition, location: location))
        }
        switch node.kind {
        case .sequence(let items):
            // By index, each name matched in place (`for item in items`, or a property of the item,
            // copies the whole node first); what `context.string` takes, and it reports the rest.
            for index in items.indices {
                guard case .scalar(let name, let style, let tag) = items[index].kind,
                    ScalarType(name, style: style, tag: tag) == .string
                else {
                    _ = context.string(items[index], "each item of 'depends_on'")
                    continue
                }
                add(name, daemons.contains(name) ? .ready : .succeeded, at: items[index].location)
            }
        case .mapping(let pairs):
            for pair in pairs {
                var conditionNode = pair.value
                if case .mapping = pair.value.kind {
                    guard let fields = context.mapping(pair.value, "the dependency on '\(pair.key)'", keys: ["condition"])
                    else { continue }
                    guard let field = fields.pair("condition") else {
                        context.error("the dependency on '\(pair.key)' needs a 'condition'", at: pair.value.location)
                        continue
                    }
                    conditionNode = field.value
                }
                if case .scalar(_, _, ManifestMerge.defaultConditionTag?) = conditionNode.kind {
                    // A list item merged with a mapping: the list form's default.
                    add(pair.key, daemons.contains(pair.key) ? .ready : .succeeded, at: pair.keyLocation)
                    continue
                }
                guard let text = context.scalar(conditionNode, "the condition of '\(pair.key)'") else { continue }
                guard let condition = DependencyCondition(rawValue: text) else {
                    let names = DependencyCondition.allCases.map(\.rawValue)
                    let suggestion = Self.composeConditions[text] ?? Suggestions.closest(to: text, among: names)
                    let notes = suggestion.map { [Diagnostic.Note("did you mean '\($0)'?")] } ?? []
                    context.error(
                        "unknown condition '\(text)' for '\(pair.key)'; use one of \(names.joined(separator: ", "))",
                        at: conditionNode.location, notes: notes)
                    continue
                }
                add(pair.key, condition, at: pair.keyLocation)
            }
        default:
            context.error(
                "'depends_on' must be a list of names or a mapping of names to conditions, not \(node.typeDescription)",
                at: node.location)
        }
        return dependencies
    }

    /// `profiles:`, a list of profile names (as process names are spelt).
    mutating func decodeProfiles(_ node: Node) -> [String] {
        guard case .sequence(let items) = node.kind else {
            context.error(
                "'profiles' must be a list of profile names, e.g. profiles: [debug], not \(node.typeDescription)",
                at: node.location)
            return []
        }
        var profiles: [String] = []
        for item in items {
            guard let text = context.string(item, "each item of 'profiles'", nonEmpty: true) else { continue }
            guard Self.isValidProcessName(text) else {
                context.error(
                    "invalid profile name '\(text)': use letters, digits, '.', '_' and '-', starting with a letter or digit",
                    at: item.location)
                continue
            }
            if !profiles.contains(text) { profiles.append(text) }
        }
        return profiles
    }

    /// docker compose's condition names and muster's equivalents, for suggestions.
    static let composeConditions = [
        "service_started": "started", "service_healthy": "ready", "healthy": "ready",
        "service_completed_successfully": "succeeded",
    ]

    /// `restart`, `max_restarts` and `backoff`, siblings in the process spec.
    ///
    /// `restart: no` is "no" although YAML 1.1 reads it as false; so are the other spellings of
    /// false YAML 1.1 or the schema's readers may give (`off`, `false`, `n`, quoted or not), with a
    /// warning to write `no`.
    mutating func decodeRestart(_ fields: Fields) -> RestartPolicy {
        var policy = RestartPolicy()
        if let restart = fields["restart"]?.value {
            if case .scalar(let text, let style, _) = restart.kind, !restart.isNull,
                text == "no" || Self.falseWords.contains(text) || (style == .plain && yamlBoolean(text) == false)
            {
                policy.mode = .no
                if text != "no" {
                    context.warning("'restart: \(text)' is read as no; write restart: no", at: restart.location)
                }
            } else if let text = context.scalar(restart, "'restart'") {
                if let mode = RestartPolicy.Mode(rawValue: text) {
                    policy.mode = mode
                } else {
                    let names = RestartPolicy.Mode.allCases.map(\.rawValue)
                    let notes = Suggestions.didYouMean(text, among: names).map { [Diagnostic.Note($0)] } ?? []
                    context.error(
                        "unknown restart policy '\(text)'; use no, on-failure or always", at: restart.location,
                        notes: notes)
                }
            }
        }
        if let max = fields["max_restarts"] {
            policy.maxRestarts = context.integer(max.value, "'max_restarts'", in: 0...Int.max)
        }
        if let backoff = fields["backoff"], let value = context.duration(backoff.value, "'backoff'", positive: true) {
            policy.backoff = value
        }
        return policy
    }

    /// YAML 1.1's words for false that stay strings for some readers: `restart` takes them as `no`.
    static let falseWords: Set<String> = ["no", "No", "NO", "off", "Off", "OFF", "n", "N"]

    private static func withoutSIGPrefix(_ text: String) -> String {
        let upper = text.uppercased()
        return upper.hasPrefix("SIG") ? String(upper.dropFirst(3)) : upper
    }

    /// `shutdown: {signal, timeout}`.
    mutating func decodeShutdown(_ node: Node) -> ShutdownPolicy {
        var policy = ShutdownPolicy()
        guard let pairs = context.mapping(node, "'shutdown'", keys: ["signal", "timeout"]) else { return policy }
        for pair in pairs {
            switch pair.key {
            case "signal":
                guard let text = context.scalar(pair.value, "'shutdown.signal'") else { continue }
                let type = pair.value.scalarType ?? .string
                let number = type == .string ? Signals.number(text) : type.wholeNumber.flatMap(Signals.number(_:))
                if let number {
                    policy.signal = number
                } else {
                    let notes = Suggestions.didYouMean(Self.withoutSIGPrefix(text), among: Signals.allNames).map {
                        [Diagnostic.Note($0)]
                    } ?? []
                    context.error(
                        "unknown signal '\(text)'; use a name such as TERM, INT or HUP, or a number from 1 to 64",
                        at: pair.value.location, notes: notes)
                }
            case "timeout":
                if let value = context.duration(pair.value, "'shutdown.timeout'") { policy.timeout = value }
            default:
                break
            }
        }
        return policy
    }
}

/// The pairs of a small mapping, looked up by key (a search beats hashing at this size).
struct Fields {
    /// The pairs, keys unique.
    let pairs: [Node.Pair]

    /// The pair whose key is `key`.
    subscript(_ key: String) -> Node.Pair? {
        pairs.pair(key)
    }
}
