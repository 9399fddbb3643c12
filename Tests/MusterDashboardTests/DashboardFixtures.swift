import MusterControl
import MusterDashboard

/// States to render: a small run of three entries with known attributes and lines.
enum DashboardFixtures {
    static let now = 1_800_000_100.0

    static func process(
        _ name: String, status: String, pid: Int32? = nil, ready: Bool = false, restarts: Int = 0, exit: Int32? = nil,
        dependsOn: [String: String] = [:]
    ) -> ProcessStatus {
        var process = ProcessStatus(name: name, daemon: true, status: status)
        process.pid = pid
        process.alive = status == "running"
        process.ready = ready
        process.restarts = restarts
        process.exitcode = exit
        process.depends_on = dependsOn
        if process.alive {
            process.uptime_s = 42
            process.cpu_percent = 1.5
            process.rss_bytes = 3 << 20
        }
        return process
    }

    /// db (running, ready), web (running, not ready, restarted once), migrate (failed, exit 3).
    static func state() -> DashboardState {
        var state = DashboardState()
        var first = ControlResponse.success()
        first.project = "shop"
        first.started_at = "2027-01-15T08:00:00.000Z"
        first.processes = [
            process("db", status: "running", pid: 101, ready: true),
            process("web", status: "running", pid: 202, restarts: 1, dependsOn: ["db": "ready"]),
            process("migrate", status: "failed", exit: 3, dependsOn: ["db": "ready"]),
        ]
        first.lines = ["db      | listening on 5432", "web     | GET /health 200", "migrate | relation exists"]
        state.apply(first, at: now)
        return state
    }
}
