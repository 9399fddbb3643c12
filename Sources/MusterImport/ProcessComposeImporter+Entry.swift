internal import MusterManifest

/// Writing one process of a process-compose file as a muster entry (or, with `replicas`, as
/// `NAME-1` … `NAME-N`, each with `MUSTER_REPLICA` and process-compose's `PC_REPLICA_NUM`).
extension ProcessComposeImporter {
    /// Why each process key that is not translated is not.
    static let untranslatableProcessKeys: [String: String] = [
        "is_tty": "entries run without a terminal (standard input is /dev/null)",
        "namespace": "muster has no namespaces; profiles: can group entries",
        "schedule": "muster runs no schedules",
        "liveness_probe": "muster has no liveness probe; restart: always brings an entry back when it ends",
        "is_elevated": "muster does not run commands with sudo",
        "is_foreground": "entries never take the terminal",
        "vars": "muster has no Go templates; use ${VAR} interpolation",
        "launch_timeout_seconds": "muster has no launch timeout",
        "log_configuration": "muster's output format is fixed (NAME | line)",
        "disable_ansi_colors": "use --no-color or NO_COLOR=1",
        "watch": "muster import does not translate file watching",
        "is_daemon": "the command forks into the background and exits, while muster follows the process it starts: run the program in the foreground, and it is a job here",
    ]

    /// The keys `write` translates.
    static let translatedProcessKeys: Set<String> = [
        "command", "entrypoint", "environment", "env_file", "working_dir", "log_location", "disabled", "replicas",
        "availability", "depends_on", "readiness_probe", "ready_log_line", "shutdown", "description",
    ]

    /// Writes `entry` as one entry per instance; what cannot be translated is said once.
    mutating func write(_ entry: Declared, plan: EntryPlan, into out: inout ManifestLines) {
        let instances = plan.instances(of: entry.name)
        for (index, name) in instances.enumerated() {
            let before = diagnostics.count
            writeInstance(entry, name: name, replica: instances.count > 1 ? index + 1 : nil, plan: plan, into: &out)
            if index > 0 { diagnostics.removeSubrange(before...) }
        }
    }

    private mutating func writeInstance(
        _ entry: Declared, name: String, replica: Int?, plan: EntryPlan, into out: inout ManifestLines
    ) {
        let fields = entry.fields
        let indent = 4
        out.open(name, indent: 2)
        if let description = fields["description"]?.value.scalarText { out.comment(description, indent: indent) }
        if let replica, let count = plan.replicas[entry.name] {
            out.comment("replica \(replica) of \(count) (process-compose's replicas: \(count))", indent: indent)
        }
        writeCommand(entry, into: &out)
        if let reason = plan.daemons[entry.name] { out.field("daemon", raw: "true", indent: indent, comment: reason) }
        let waits = plan.waits[entry.name] ?? []
        if !waits.isEmpty {
            let pairs = waits.flatMap { wait in plan.instances(of: wait.target).map { (YAMLText.key($0), wait.condition.rawValue) } }
            out.field("depends_on", raw: "{" + pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}", indent: indent)
        }
        if let probe = fields["readiness_probe"] {
            writeProbe(probe.value, into: &out)
        } else if let line = fields["ready_log_line"], let text = string(line.value, "'ready_log_line'") {
            let pattern = YAMLText.escapingInterpolation(Self.regexEscaped(text))
            out.field("ready", raw: "{log: \(YAMLText.quoted(pattern))}", indent: indent, comment: "ready_log_line")
        }
        var variables = fields["environment"].flatMap { self.environment($0.value) } ?? []
        if let replica { variables += ["MUSTER_REPLICA=\(replica)", "PC_REPLICA_NUM=\(replica - 1)"] }
        if !variables.isEmpty { out.field("env", raw: ManifestLines.list(variables), indent: indent) }
        if let files = fields["env_file"], let list = stringList(files.value, "'env_file'") {
            out.field("env_file", raw: ManifestLines.list(list.map(expanded)), indent: indent)
        }
        if let directory = fields["working_dir"], let text = string(directory.value, "'working_dir'") {
            out.field("cwd", text: expanded(text), indent: indent)
        }
        if let log = fields["log_location"], var text = string(log.value, "'log_location'") {
            if let replica {
                let number = String(replica - 1)
                text = text.contains("{PC_REPLICA_NUM}") ? text.split(separator: "{PC_REPLICA_NUM}", omittingEmptySubsequences: false).joined(separator: number) : text + "." + number
            }
            out.field("log", text: expanded(text), indent: indent)
        }
        if let disabled = fields["disabled"] {
            guard let value = bool(disabled.value) else {
                error("'disabled' must be true or false", at: disabled.value.location)
                return
            }
            out.field("disabled", raw: value ? "true" : "false", indent: indent)
        }
        if let availability = fields["availability"] { writeAvailability(availability.value, into: &out) }
        if let shutdown = fields["shutdown"] { writeShutdown(shutdown.value, into: &out) }
        if fields["readiness_probe"] != nil, let line = fields["ready_log_line"] {
            untranslated(
                line, "muster's ready takes one check, and the readiness_probe is the one used", into: &out, indent: indent)
        }
        for pair in fields.pairs where !Self.translatedProcessKeys.contains(pair.key) {
            if pair.key == "is_daemon" && bool(pair.value) == false { continue }
            let reason =
                Self.untranslatableProcessKeys[pair.key]
                ?? (pair.key.hasPrefix("x-") ? "extension keys are not carried over" : "it is not a process-compose key muster knows")
            untranslated(pair, reason, into: &out, indent: indent)
        }
    }

    /// `command` (run by the project's shell, or `/bin/sh -c`) or `entrypoint` (an argv list).
    private mutating func writeCommand(_ entry: Declared, into out: inout ManifestLines) {
        let fields = entry.fields
        if let command = fields["command"], let text = string(command.value, "'command'") {
            if let shell {
                out.field("command", raw: ManifestLines.list([shell.command, shell.argument, expanded(text)]), indent: 4)
            } else {
                out.field("command", text: expanded(text), indent: 4)
            }
            if let entrypoint = fields["entrypoint"] {
                untranslated(entrypoint, "process-compose runs command when both are given", into: &out, indent: 4)
            }
        } else if let entrypoint = fields["entrypoint"] {
            guard let argv = stringList(entrypoint.value, "'entrypoint'"), !argv.isEmpty else {
                error("'entrypoint' must be a non-empty list", at: entrypoint.value.location)
                return
            }
            out.field("command", raw: ManifestLines.list(argv.map(expanded)), indent: 4)
        } else {
            error("process '\(entry.name)' has neither command nor entrypoint", at: entry.nameLocation)
        }
    }

    /// `availability`: `restart`, `backoff_seconds`, `max_restarts` (0, unlimited in
    /// process-compose, is left to muster's default, which is also unlimited).
    private mutating func writeAvailability(_ node: Node, into out: inout ManifestLines) {
        guard case .mapping(let pairs) = node.kind else {
            error("'availability' must be a mapping", at: node.location)
            return
        }
        for pair in pairs {
            switch pair.key {
            case "restart":
                switch pair.value.scalarText {
                case "always": out.field("restart", raw: "always", indent: 4)
                case "on_failure": out.field("restart", raw: "on-failure", indent: 4)
                case "no": out.field("restart", raw: "\"no\"", indent: 4)
                case "exit_on_failure":
                    untranslated(
                        pair, "muster stops every entry at the first failure with run --fail-fast", into: &out, indent: 4)
                default:
                    error("unknown restart policy '\(pair.value.scalarText ?? "")'; process-compose has always, on_failure, exit_on_failure and no", at: pair.value.location)
                }
            case "backoff_seconds":
                if let seconds = integer(pair.value, "'backoff_seconds'", minimum: 1) { out.field("backoff", raw: "\(seconds)s", indent: 4) }
            case "max_restarts":
                if let count = integer(pair.value, "'max_restarts'"), count > 0 { out.field("max_restarts", raw: String(count), indent: 4) }
            case "exit_on_end":
                untranslated(
                    pair, "a muster run ends when every job has ended (up: when nothing is left running)", into: &out, indent: 4)
            case "exit_on_skipped":
                untranslated(
                    pair, "muster stops every entry at the first failure or skip with run --fail-fast", into: &out, indent: 4)
            default:
                untranslated(pair, "it is not an availability key muster knows", into: &out, indent: 4)
            }
        }
    }

    /// `shutdown`: `signal` and `timeout_seconds`.
    private mutating func writeShutdown(_ node: Node, into out: inout ManifestLines) {
        guard case .mapping(let pairs) = node.kind else {
            error("'shutdown' must be a mapping", at: node.location)
            return
        }
        var parts: [String] = []
        for pair in pairs {
            switch pair.key {
            case "signal":
                if let number = integer(pair.value, "'shutdown.signal'", minimum: 1) { parts.append("signal: \(number)") }
            case "timeout_seconds":
                if let seconds = integer(pair.value, "'shutdown.timeout_seconds'") { parts.append("timeout: \(seconds)s") }
            case "command":
                untranslated(pair, "muster stops an entry with its signal, not with a command", into: &out, indent: 4)
            case "parent_only":
                untranslated(pair, "muster signals the entry's whole process group", into: &out, indent: 4)
            default:
                untranslated(pair, "it is not a shutdown key muster knows", into: &out, indent: 4)
            }
        }
        if !parts.isEmpty { out.field("shutdown", raw: "{" + parts.joined(separator: ", ") + "}", indent: 4) }
    }

    /// `text` as a regular expression matching it literally (process-compose's ready_log_line is
    /// a substring; muster's `ready.log` searches with a regular expression).
    static func regexEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
