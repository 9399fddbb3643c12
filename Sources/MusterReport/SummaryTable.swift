package import MusterExec

/// The summary printed on standard error when a run ends: the seed's attributes at a glance.
///
/// ```
/// NAME    DAEMON  PID    EXITCODE  STATUS      RESTARTS  DURATION
/// ticker  yes     4242   -15       terminated  0         1.02s
/// greet   no      4243   0         succeeded   0         0.51s
/// ```
package enum SummaryTable {
    /// The table, with a REASON column when some entry has one, and a closing line.
    package static func render(_ run: RunRecord, colored: Bool) -> String {
        let withReason = run.entries.contains { $0.reason != nil }
        var rows: [[String]] = [["NAME", "DAEMON", "PID", "EXITCODE", "STATUS", "RESTARTS", "DURATION"] + (withReason ? ["REASON"] : [])]
        for entry in run.entries {
            var row = [
                entry.name, entry.daemon ? "yes" : "no", entry.pid.map(String.init) ?? "-",
                entry.exitcode.map(String.init) ?? "-", entry.status.rawValue, String(entry.restarts),
                entry.duration.map(format) ?? "-",
            ]
            if withReason { row.append(entry.reason ?? "") }
            rows.append(row)
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = ""
        for (number, row) in rows.enumerated() {
            var line = ""
            for (column, cell) in row.enumerated() {
                let padded = column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
                line += paint(padded, number == 0 ? "1" : color(of: run.entries[number - 1].status, column: column), colored)
            }
            out += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        let duration = format(run.finishedAt.seconds - run.startedAt.seconds)
        out += "\(run.name): \(run.outcome.rawValue) in \(duration), exit status \(run.exitCode)\n"
        return out
    }

    /// `0.51s`, `12.3s`, `2m05s`.
    static func format(_ seconds: Double) -> String {
        if seconds < 10 { return "\((seconds * 100).rounded() / 100)s" }
        if seconds < 60 { return "\((seconds * 10).rounded() / 10)s" }
        let whole = Int(seconds.rounded())
        let rest = whole % 60
        return "\(whole / 60)m\(rest < 10 ? "0" : "")\(rest)s"
    }

    private static func color(of status: EntryStatus, column: Int) -> String {
        guard column == 4 else { return "" }
        switch status {
        case .succeeded, .terminated: return "32"
        case .failed, .timedOut: return "31"
        case .skipped, .interrupted: return "33"
        case .pending, .running, .restarting: return ""
        }
    }

    private static func paint(_ text: String, _ code: String, _ colored: Bool) -> String {
        colored && !code.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
