/// Decodes one entry of `processes` into a resolved `ProcessSpec`.
extension ManifestDecoder {
    static let processKeys = [
        "name", "command", "daemon", "depends_on", "ready", "env", "env_file", "cwd", "timeout", "restart",
        "max_restarts", "backoff", "shutdown", "log", "limits",
    ]

    /// Whether `name` matches `[A-Za-z0-9][A-Za-z0-9._-]*`.
    static func isValidProcessName(_ name: String) -> Bool {
        let isAlphanumeric: (Unicode.Scalar) -> Bool = { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        guard let first = name.unicodeScalars.first, isAlphanumeric(first) else { return false }
        return name.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// Whether a spec says `daemon: true` (read leniently: only to pick default conditions).
    static func declaresDaemon(_ body: Node) -> Bool {
        guard case .mapping(let pairs) = body.kind, let value = pairs.first(where: { $0.key == "daemon" })?.value,
            case .scalar(let text, .plain, _) = value.kind
        else { return false }
        return yamlBoolean(text) == true
    }

    mutating func decodeProcess(
        _ body: Node, name: String, nameLocation: SourceLocation, nameFromKey: Bool,
        globalEnvironment: [String: String], daemons: Set<String>
    ) -> ProcessSpec {
        var spec = ProcessSpec(
            name: name, nameLocation: nameLocation, command: .argv(["true"]), environment: globalEnvironment,
            workingDirectory: source.directory)
        let what = "process '\(name)'"
        guard let pairs = context.mapping(body, what, keys: Self.processKeys) else { return spec }
        let fields = Dictionary(pairs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        if nameFromKey, let field = fields["name"], let text = field.value.scalarText, text != name {
            context.error(
                "'name: \(text)' differs from the process's key '\(name)'; in the mapping form the key is the name",
                at: field.value.location)
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
            spec.command = decodeCommand(command.value, "'command' of \(what)", lookup: lookup) ?? spec.command
        } else {
            context.error(
                "\(what) has no 'command'; add one, e.g. command: echo hello", at: nameLocation)
        }
        if let cwd = fields["cwd"], let text = context.scalar(cwd.value, "'cwd'") {
            spec.workingDirectory = Paths.resolve(
                context.interpolate(text, of: cwd.value, lookup: lookup), against: source.directory)
        }
        if let log = fields["log"], let text = context.scalar(log.value, "'log'") {
            spec.logFile = Paths.resolve(
                context.interpolate(text, of: log.value, lookup: lookup), against: source.directory)
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
        if let shutdown = fields["shutdown"] {
            spec.shutdown = decodeShutdown(shutdown.value)
        }
        if let limits = fields["limits"] {
            spec.limits = decodeLimits(limits.value)
        }
        return spec
    }

    /// A string command (for `/bin/sh -c`) or a non-empty argv list, interpolated.
    mutating func decodeCommand(_ node: Node, _ what: String, lookup: (String) -> String?) -> Command? {
        switch node.kind {
        case .sequence(let items):
            guard !items.isEmpty else {
                context.error("\(what) is an empty list; give the program and its arguments", at: node.location)
                return nil
            }
            let argv = items.map { item in
                context.scalar(item, "each argument of \(what)").map { context.interpolate($0, of: item, lookup: lookup) }
            }
            return argv.contains(nil) ? nil : .argv(argv.map { $0! })
        case .scalar:
            guard let text = context.scalar(node, what) else { return nil }
            guard !text.trimmingWhitespace().isEmpty else {
                context.error("\(what) is empty; give a shell command or an argv list", at: node.location)
                return nil
            }
            return .shell(context.interpolate(text, of: node, lookup: lookup))
        case .mapping:
            context.error("\(what) must be a string or a list of strings, not a mapping", at: node.location)
            return nil
        }
    }

    /// `depends_on`: a list of names (default conditions) or a mapping name → condition.
    mutating func decodeDependencies(_ node: Node, of spec: ProcessSpec, daemons: Set<String>) -> [Dependency] {
        var dependencies: [Dependency] = []
        func add(_ name: String, _ condition: DependencyCondition, at location: SourceLocation) {
            if dependencies.contains(where: { $0.name == name }) {
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
            for item in items {
                guard let name = context.scalar(item, "each item of 'depends_on'") else { continue }
                add(name, daemons.contains(name) ? .ready : .succeeded, at: item.location)
            }
        case .mapping(let pairs):
            for pair in pairs {
                var conditionNode = pair.value
                if case .mapping = pair.value.kind {
                    guard let fields = context.mapping(pair.value, "the dependency on '\(pair.key)'", keys: ["condition"])
                    else { continue }
                    guard let field = fields.first(where: { $0.key == "condition" }) else {
                        context.error("the dependency on '\(pair.key)' needs a 'condition'", at: pair.value.location)
                        continue
                    }
                    conditionNode = field.value
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

    /// docker compose's condition names and muster's equivalents, for suggestions.
    static let composeConditions = [
        "service_started": "started", "service_healthy": "ready", "healthy": "ready",
        "service_completed_successfully": "succeeded",
    ]

    /// `restart`, `max_restarts` and `backoff`, siblings in the process spec.
    mutating func decodeRestart(_ fields: [String: Node.Pair]) -> RestartPolicy {
        var policy = RestartPolicy()
        if let restart = fields["restart"]?.value {
            if case .scalar(let text, .plain, _) = restart.kind, yamlBoolean(text) == false {
                policy.mode = .no  // `restart: no` is YAML 1.1 false; read it as "no".
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

    private static func withoutSIGPrefix(_ text: String) -> String {
        let upper = text.uppercased()
        return upper.hasPrefix("SIG") ? String(upper.dropFirst(3)) : upper
    }

    /// `limits: {nofile, nproc, core, cpu, as}`: numbers, sizes (`512M`, `1G`) for `core` and `as`,
    /// durations for `cpu`, or `unlimited`.
    mutating func decodeLimits(_ node: Node) -> ProcessLimits {
        var limits = ProcessLimits()
        guard let pairs = context.mapping(node, "'limits'", keys: ["nofile", "nproc", "core", "cpu", "as"]) else {
            return limits
        }
        for pair in pairs {
            guard let text = context.scalar(pair.value, "'limits.\(pair.key)'") else { continue }
            let value: ProcessLimits.Value?
            if text == "unlimited" {
                value = .unlimited
            } else if pair.key == "cpu" {
                value = DurationParser.parse(text).map { .limited(UInt64(max(1, $0.seconds.rounded(.up)))) }
            } else if pair.key == "core" || pair.key == "as" {
                value = Self.byteSize(text).map { .limited($0) }
            } else {
                value = UInt64(text).map { .limited($0) }
            }
            guard let value else {
                let form =
                    pair.key == "cpu" ? "seconds or a duration such as 30s" : (pair.key == "core" || pair.key == "as" ? "bytes or a size such as 512M or 2G" : "a whole number")
                context.error("invalid limit '\(text)' for '\(pair.key)': use \(form), or unlimited", at: pair.value.location)
                continue
            }
            switch pair.key {
            case "nofile": limits.nofile = value
            case "nproc": limits.nproc = value
            case "core": limits.core = value
            case "cpu": limits.cpu = value
            default: limits.addressSpace = value
            }
        }
        return limits
    }

    /// `4096`, `64K`, `512M`, `2G` (powers of 1024) as bytes.
    static func byteSize(_ text: String) -> UInt64? {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let last = text.last, let unit = units[Character(last.uppercased())] {
            return UInt64(text.dropLast()).flatMap { $0.multipliedReportingOverflow(by: unit).overflow ? nil : $0 * unit }
        }
        return UInt64(text)
    }

    /// `shutdown: {signal, timeout}`.
    mutating func decodeShutdown(_ node: Node) -> ShutdownPolicy {
        var policy = ShutdownPolicy()
        guard let pairs = context.mapping(node, "'shutdown'", keys: ["signal", "timeout"]) else { return policy }
        for pair in pairs {
            switch pair.key {
            case "signal":
                guard let text = context.scalar(pair.value, "'shutdown.signal'") else { continue }
                if let number = Signals.number(text) {
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
