/// The fully resolved manifest `muster config` prints: after merging, includes, extends,
/// profiles and interpolation, every default made explicit, every path absolute, every entry's
/// environment written out (global and entry `env_file`s and `env` already applied). Each `$` is
/// doubled, so loading it again interpolates nothing and gives the same manifest and plan.
/// Pure; no I/O.
package enum ResolvedManifest {
    /// `manifest` as a value tree, ready for `yaml()` or `json()`.
    package static func value(of manifest: Manifest) -> ConfigValue {
        .map([
            .init("version", .integer(1)),
            .init("name", .string(manifest.name)),
            .init("processes", .map(processes(manifest.processes))),
        ])
    }

    /// Every entry, as pairs NAME → spec (thousands on every core).
    private static func processes(_ processes: [ProcessSpec]) -> [ConfigValue.Pair] {
        Parallel.map(processes.count) { range in
            processes[range].map { ConfigValue.Pair($0.name, value(of: $0)) }
        }.flatMap { $0 }
    }

    /// One entry with every field explicit, but for those whose default is "none".
    package static func value(of process: ProcessSpec) -> ConfigValue {
        var fields: [ConfigValue.Pair] = [
            .init("command", command(process.command)),
            .init("daemon", .boolean(process.daemon)),
            .init("depends_on", .map(process.dependencies.map { .init($0.name, .string($0.condition.rawValue)) })),
        ]
        if let probe = process.ready { fields.append(.init("ready", value(of: probe))) }
        let variables = process.environment.keys.sorted().map {
            ConfigValue.Pair($0, .text(escaped(process.environment[$0]!)))
        }
        fields.append(.init("env", .map(variables)))
        fields.append(.init("cwd", .text(escaped(process.workingDirectory))))
        if let timeout = process.timeout { fields.append(.init("timeout", .string(duration(timeout)))) }
        fields.append(.init("restart", .string(process.restart.mode.rawValue)))
        if let maximum = process.restart.maxRestarts { fields.append(.init("max_restarts", .integer(maximum))) }
        fields.append(.init("backoff", .string(duration(process.restart.backoff))))
        fields.append(
            .init(
                "shutdown",
                .map([
                    .init("signal", signal(process.shutdown.signal)),
                    .init("timeout", .string(duration(process.shutdown.timeout))),
                ])))
        if let log = process.logFile { fields.append(.init("log", .text(escaped(log)))) }
        if !process.limits.isEmpty { fields.append(.init("limits", value(of: process.limits))) }
        if let watch = process.watch {
            fields.append(
                .init(
                    "watch",
                    .map([
                        .init("paths", .list(watch.paths.map { .text(escaped($0)) })),
                        .init("ignore", .list(watch.ignore.map { .text(escaped($0)) })),
                        .init("debounce", .string(duration(watch.debounce))),
                    ])))
        }
        return .map(fields)
    }

    private static func command(_ command: Command) -> ConfigValue {
        switch command {
        case .shell(let script): return .text(escaped(script))
        case .argv(let argv): return .list(argv.map { .text(escaped($0)) })
        }
    }

    private static func value(of probe: ReadinessProbe) -> ConfigValue {
        let check: ConfigValue.Pair
        switch probe.check {
        case .exec(let command): check = .init("exec", self.command(command))
        case .tcp(let host, let port):
            check = .init("tcp", .string(escaped(host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")))
        case .http(let url): check = .init("http", .string(escaped(url)))
        case .log(let pattern): check = .init("log", .string(escaped(pattern)))
        }
        return .map([
            check, .init("interval", .string(duration(probe.interval))),
            .init("timeout", .string(duration(probe.timeout))),
            .init("initial_delay", .string(duration(probe.initialDelay))),
        ])
    }

    private static func value(of limits: ProcessLimits) -> ConfigValue {
        let named: [(String, ProcessLimits.Value?)] = [
            ("nofile", limits.nofile), ("nproc", limits.nproc), ("core", limits.core), ("cpu", limits.cpu),
            ("as", limits.addressSpace),
        ]
        return .map(
            named.compactMap { name, value in
                switch value {
                case nil: return nil
                case .unlimited?: return .init(name, .string("unlimited"))
                case .limited(let number)?:
                    // Past Int.max a YAML integer would saturate; the string form is exact.
                    return .init(name, number <= UInt64(Int.max) ? .integer(Int(number)) : .string(String(number)))
                }
            })
    }

    /// `TERM` for 15, `RTMIN+2` for 36, the number for the others.
    private static func signal(_ number: Int32) -> ConfigValue {
        let name = Signals.name(number)
        return name.hasPrefix("SIG") ? .string(String(name.dropFirst(3))) : .integer(Int(number))
    }

    /// `duration` exactly, in the largest unit that divides it: `2h`, `90s`, `250ms`,
    /// `0.000001s`.
    package static func duration(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = attoseconds / 1_000_000_000
        if nanoseconds == 0 {
            if seconds != 0 && seconds % 3600 == 0 { return "\(seconds / 3600)h" }
            if seconds != 0 && seconds % 60 == 0 { return "\(seconds / 60)m" }
            return "\(seconds)s"
        }
        if nanoseconds % 1_000_000 == 0 { return "\(seconds * 1000 + nanoseconds / 1_000_000)ms" }
        var fraction = String(nanoseconds)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(seconds).\(fraction)s"
    }

    /// `text` with each `$` doubled, so that interpolation gives it back.
    private static func escaped(_ text: String) -> String {
        YAMLText.escapingInterpolation(text)
    }
}
