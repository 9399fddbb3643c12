package import MusterControl
package import MusterExec
package import MusterManifest

/// The JSON report of SPEC §5 (`--json PATH`), valid against schemas/report.schema.json.
package enum JSONReport {
    /// The report of `run`, pretty-printed, ending with a newline.
    package static func render(_ run: RunRecord) -> String {
        JSONValue.object([
            ("version", .int(1)),
            ("manifest", .string(run.manifestPath)),
            ("name", .string(run.name)),
            ("outcome", .string(run.outcome.rawValue)),
            ("exit_code", .int(Int(run.exitCode))),
            ("started_at", .string(run.startedAt.rfc3339)),
            ("finished_at", .string(run.finishedAt.rfc3339)),
            ("duration_s", .double(seconds(run.finishedAt.seconds - run.startedAt.seconds))),
            ("authkey_fingerprint", .string(run.authkeyFingerprint)),
            ("processes", .array(run.entries.map(entry))),
        ]).text(pretty: true) + "\n"
    }

    /// One entry with the attributes of `multiprocessing.Process`.
    static func entry(_ entry: EntryRecord) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("name", .string(entry.name)),
            ("daemon", .bool(entry.daemon)),
            ("pid", entry.pid.map { .int(Int($0)) } ?? .null),
            ("exitcode", entry.exitcode.map { .int(Int($0)) } ?? .null),
            ("alive", .bool(entry.alive)),
            ("status", .string(entry.status.rawValue)),
        ]
        if let reason = entry.reason { fields.append(("reason", .string(reason))) }
        fields += [
            ("ready", .bool(entry.ready)),
            ("restarts", .int(entry.restarts)),
            ("attempts", .int(entry.attempts)),
            ("cached", .bool(entry.cached)),
            ("ready_at", entry.readyAt.map { .string($0.rfc3339) } ?? .null),
            ("started_at", entry.startedAt.map { .string($0.rfc3339) } ?? .null),
            ("finished_at", entry.finishedAt.map { .string($0.rfc3339) } ?? .null),
            ("duration_s", entry.duration.map { .double(seconds($0)) } ?? .null),
            ("sentinel", entry.sentinel.map { .int(Int($0)) } ?? .null),
            ("command", command(entry.command)),
            ("depends_on", .object(entry.dependsOn.map { ($0.name, .string($0.condition.rawValue)) })),
        ]
        if !entry.instances.isEmpty { fields.append(("instances", .array(entry.instances.map(instance)))) }
        return .object(fields)
    }

    /// An earlier instance: a failed attempt before a retry, or one a restart replaced.
    static func instance(_ instance: EntryInstance) -> JSONValue {
        .object([
            ("started_at", .string(instance.startedAt.rfc3339)),
            ("ready_at", instance.readyAt.map { .string($0.rfc3339) } ?? .null),
            ("finished_at", .string(instance.finishedAt.rfc3339)),
            ("exitcode", instance.exitcode.map { .int(Int($0)) } ?? .null),
            ("ending", .string(instance.ending)),
        ])
    }

    /// A command as written: a string, or a list of strings.
    package static func command(_ command: Command) -> JSONValue {
        switch command {
        case .shell(let script): return .string(script)
        case .argv(let argv): return .array(argv.map { .string($0) })
        }
    }

    /// Seconds rounded to milliseconds.
    private static func seconds(_ value: Double) -> Double { (max(0, value) * 1000).rounded() / 1000 }
}
