/// One entry's live attributes, as `muster ps --json` and the control protocol give them: every
/// field of the JSON report's process objects (null where not known yet), plus the uptime of the
/// current instance and the cost of its process group.
package struct ProcessStatus: Sendable, Hashable {
    /// A command as written: a string (run by `/bin/sh -c`) or an argv list.
    package enum CommandText: Sendable, Hashable {
        case shell(String)
        case argv([String])

        /// The command as JSON: a string or an array of strings.
        package var json: JSONValue {
            switch self {
            case .shell(let text): return .string(text)
            case .argv(let argv): return .array(argv.map(JSONValue.string))
            }
        }

        /// The command a JSON string or array of strings holds.
        package init?(json: JSONValue) {
            if let text = json.stringValue {
                self = .shell(text)
            } else if let argv = json.stringsValue {
                self = .argv(argv)
            } else {
                return nil
            }
        }
    }

    package var name: String
    package var daemon: Bool
    /// nil until started.
    package var pid: Int32?
    package var exitcode: Int32?
    package var alive: Bool
    /// `pending`, `running`, `restarting` or a final status.
    package var status: String
    package var reason: String?
    package var ready: Bool
    package var restarts: Int
    /// How many times it was started (1 + retries used + restarts); nil from an older muster.
    package var attempts: Int?
    /// Whether the job was not run because the cache held its last successful run.
    package var cached: Bool?
    /// When its readiness condition last held, as in the report.
    package var ready_at: String?
    /// RFC 3339 times and seconds, as in the report.
    package var started_at: String?
    package var finished_at: String?
    package var duration_s: Double?
    /// The pidfd muster waits on, while there is one.
    package var sentinel: Int32?
    package var command: CommandText?
    /// Dependency name → resolved condition.
    package var depends_on: [String: String]
    /// Seconds since the current instance started, while alive.
    package var uptime_s: Double?
    /// CPU use of the entry's process group since the last look (or since it started), in
    /// percent of one core; nil when not running.
    package var cpu_percent: Double?
    /// Resident memory of the entry's process group; nil when not running.
    package var rss_bytes: Int?

    /// A status with the fields every entry has; the others start unknown.
    package init(name: String, daemon: Bool, status: String) {
        self.name = name
        self.daemon = daemon
        self.status = status
        alive = false
        ready = false
        restarts = 0
        depends_on = [:]
    }

    /// Every field, unknown ones as null (not left out).
    package var json: JSONValue {
        func int(_ value: Int32?) -> JSONValue { value.map { .int(Int($0)) } ?? .null }
        func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func double(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        return .object([
            ("name", .string(name)),
            ("daemon", .bool(daemon)),
            ("pid", int(pid)),
            ("exitcode", int(exitcode)),
            ("alive", .bool(alive)),
            ("status", .string(status)),
            ("reason", string(reason)),
            ("ready", .bool(ready)),
            ("restarts", .int(restarts)),
            ("attempts", .int(attempts ?? 0)),
            ("cached", .bool(cached ?? false)),
            ("ready_at", string(ready_at)),
            ("started_at", string(started_at)),
            ("finished_at", string(finished_at)),
            ("duration_s", double(duration_s)),
            ("sentinel", int(sentinel)),
            ("command", command?.json ?? .null),
            ("depends_on", .object(depends_on.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("uptime_s", double(uptime_s)),
            ("cpu_percent", double(cpu_percent)),
            ("rss_bytes", rss_bytes.map { .int($0) } ?? .null),
        ])
    }

    /// The status a JSON object holds, or nil when it lacks a field every entry has (`name`,
    /// `daemon`, `alive`, `status`, `ready`, `restarts`, `depends_on`).
    package init?(json: JSONValue) {
        guard let pairs = json.objectValue else { return nil }
        var name: String?, daemon: Bool?, status: String?, alive: Bool?, ready: Bool?, restarts: Int?
        var dependsOn: [String: String]?
        var other: [(String, JSONValue)] = []
        for (key, value) in pairs {
            switch key {
            case "name": name = value.stringValue
            case "daemon": daemon = value.boolValue
            case "status": status = value.stringValue
            case "alive": alive = value.boolValue
            case "ready": ready = value.boolValue
            case "restarts": restarts = value.intValue
            case "depends_on":
                dependsOn = value.objectValue.flatMap { dependencies in
                    var conditions: [String: String] = [:]
                    for (dependency, condition) in dependencies {
                        guard let condition = condition.stringValue else { return nil }
                        conditions[dependency] = condition
                    }
                    return conditions
                }
            default: other.append((key, value))
            }
        }
        guard let name, let daemon, let status, let alive, let ready, let restarts, let dependsOn else { return nil }
        self.init(name: name, daemon: daemon, status: status)
        self.alive = alive
        self.ready = ready
        self.restarts = restarts
        depends_on = dependsOn
        for (key, value) in other {
            switch key {
            case "pid": pid = value.int32Value
            case "exitcode": exitcode = value.int32Value
            case "reason": reason = value.stringValue
            case "attempts": attempts = value.intValue
            case "cached": cached = value.boolValue
            case "ready_at": ready_at = value.stringValue
            case "started_at": started_at = value.stringValue
            case "finished_at": finished_at = value.stringValue
            case "duration_s": duration_s = value.doubleValue
            case "sentinel": sentinel = value.int32Value
            case "command": command = CommandText(json: value)
            case "uptime_s": uptime_s = value.doubleValue
            case "cpu_percent": cpu_percent = value.doubleValue
            case "rss_bytes": rss_bytes = value.intValue
            default: break
            }
        }
    }
}
