/// One entry's live attributes, as `muster ps --json` and the control protocol give them: every
/// field of the JSON report's process objects (null where not known yet), plus the uptime of the
/// current instance and the cost of its process group.
package struct ProcessStatus: Codable, Sendable, Hashable {
    /// A command as written: a string (run by `/bin/sh -c`) or an argv list.
    package enum CommandText: Codable, Sendable, Hashable {
        case shell(String)
        case argv([String])

        package init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .shell(text)
            } else {
                self = .argv(try container.decode([String].self))
            }
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .shell(let text): try container.encode(text)
            case .argv(let argv): try container.encode(argv)
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

    private enum CodingKeys: String, CodingKey {
        case name, daemon, pid, exitcode, alive, status, reason, ready, restarts, attempts, cached, ready_at, started_at
        case finished_at
        case duration_s
        case sentinel, command, depends_on, uptime_s, cpu_percent, rss_bytes
    }

    /// Every field, unknown ones as null (not left out).
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(daemon, forKey: .daemon)
        try c.encode(pid, forKey: .pid)
        try c.encode(exitcode, forKey: .exitcode)
        try c.encode(alive, forKey: .alive)
        try c.encode(status, forKey: .status)
        try c.encode(reason, forKey: .reason)
        try c.encode(ready, forKey: .ready)
        try c.encode(restarts, forKey: .restarts)
        try c.encode(attempts ?? 0, forKey: .attempts)
        try c.encode(cached ?? false, forKey: .cached)
        try c.encode(ready_at, forKey: .ready_at)
        try c.encode(started_at, forKey: .started_at)
        try c.encode(finished_at, forKey: .finished_at)
        try c.encode(duration_s, forKey: .duration_s)
        try c.encode(sentinel, forKey: .sentinel)
        try c.encode(command, forKey: .command)
        try c.encode(depends_on, forKey: .depends_on)
        try c.encode(uptime_s, forKey: .uptime_s)
        try c.encode(cpu_percent, forKey: .cpu_percent)
        try c.encode(rss_bytes, forKey: .rss_bytes)
    }
}
