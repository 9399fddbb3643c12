package import MusterExec

/// The summary printed on standard error when a run ends: the seed's attributes at a glance.
///
/// ```
/// NAME    DAEMON  PID    EXITCODE  STATUS      RESTARTS  DURATION
/// ticker  yes     4242   -15       terminated  0         1.02s
/// greet   no      4243   0         succeeded   0         0.51s
/// critical path: greet (0.5 s of 1.0 s)
/// ticker: succeeded in 1.02s, exit status 0
/// ```
package enum SummaryTable {
    /// One entry's row.
    package struct Row: Sendable {
        package var name: String
        package var daemon: Bool
        package var pid: Int32?
        package var exitcode: Int32?
        /// The status's name (`succeeded`, `terminated`, …).
        package var status: String
        package var restarts: Int
        package var duration: Double?
        package var reason: String?

        /// Creates a row.
        package init(
            name: String, daemon: Bool, pid: Int32?, exitcode: Int32?, status: String, restarts: Int, duration: Double?,
            reason: String?
        ) {
            self.name = name
            self.daemon = daemon
            self.pid = pid
            self.exitcode = exitcode
            self.status = status
            self.restarts = restarts
            self.duration = duration
            self.reason = reason
        }
    }

    /// The table of `run`'s entries and its closing line.
    package static func render(_ run: RunRecord, colored: Bool) -> String {
        let rows = run.entries.map { entry in
            Row(
                name: entry.name, daemon: entry.daemon, pid: entry.pid, exitcode: entry.exitcode, status: entry.status.rawValue,
                restarts: entry.restarts, duration: entry.duration, reason: entry.reason)
        }
        return render(
            rows, project: run.name, outcome: run.outcome.rawValue, seconds: run.finishedAt.seconds - run.startedAt.seconds,
            exitCode: run.exitCode, colored: colored, criticalPath: CriticalPath.of(run)?.line)
    }

    /// The table of `rows`, with a REASON column when some row has one, the `criticalPath` line
    /// when there is one, and a closing line: `PROJECT: OUTCOME in 2.5s, exit status N`.
    package static func render(
        _ rows: [Row], project: String, outcome: String, seconds: Double, exitCode: Int32, colored: Bool,
        criticalPath: String? = nil
    ) -> String {
        let withReason = rows.contains { $0.reason != nil }
        var cells: [[String]] = [["NAME", "DAEMON", "PID", "EXITCODE", "STATUS", "RESTARTS", "DURATION"] + (withReason ? ["REASON"] : [])]
        for row in rows {
            var line = [
                row.name, row.daemon ? "yes" : "no", row.pid.map(String.init) ?? "-", row.exitcode.map(String.init) ?? "-",
                row.status, String(row.restarts), row.duration.map(format) ?? "-",
            ]
            if withReason { line.append(row.reason ?? "") }
            cells.append(line)
        }
        let widths = cells[0].indices.map { column in cells.map { width(of: $0[column]) }.max() ?? 0 }
        var out = ""
        for (number, row) in cells.enumerated() {
            for (column, cell) in row.enumerated() {
                let padding = column == row.count - 1 ? "" : String(repeating: " ", count: widths[column] - width(of: cell) + 2)
                let code = number == 0 ? "1" : color(of: rows[number - 1].status, column: column)
                if colored && !code.isEmpty {
                    out += paint(cell + padding, code)
                } else {
                    out += cell
                    out += padding
                }
            }
            // No blanks at the ends of lines (a last empty cell leaves its column's padding).
            while out.last == " " { out.removeLast() }
            out += "\n"
        }
        if let criticalPath { out += criticalPath + "\n" }
        out += "\(project): \(outcome) in \(format(seconds)), exit status \(exitCode)\n"
        return out
    }

    /// The characters `cell` takes up: its bytes when it is ASCII, as it nearly always is.
    private static func width(of cell: String) -> Int {
        cell.utf8.allSatisfy { $0 < 0x80 } ? cell.utf8.count : cell.count
    }

    /// `0.51s`, `12.3s`, `2m05s`.
    static func format(_ seconds: Double) -> String {
        if seconds < 10 { return "\((seconds * 100).rounded() / 100)s" }
        if seconds < 60 { return "\((seconds * 10).rounded() / 10)s" }
        let whole = Int(seconds.rounded())
        let rest = whole % 60
        return "\(whole / 60)m\(rest < 10 ? "0" : "")\(rest)s"
    }

    private static func color(of status: String, column: Int) -> String {
        guard column == 4, let status = EntryStatus(rawValue: status) else { return "" }
        switch status {
        case .succeeded, .terminated, .cached: return "32"
        case .failed, .timedOut: return "31"
        case .skipped, .interrupted: return "33"
        case .pending, .running, .restarting: return ""
        }
    }

    private static func paint(_ text: String, _ code: String) -> String {
        "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
