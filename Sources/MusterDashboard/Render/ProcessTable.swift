internal import MusterControl

/// The table of entries: NAME, STATUS (coloured), READY (while running), PID, RESTARTS, UPTIME,
/// CPU%, RSS, EXIT; the selected row in inverse video, scrolled so that it shows.
enum ProcessTable {
    /// The fixed columns after NAME: title and width.
    static let columns: [(title: String, width: Int)] = [
        ("STATUS", 11), ("READY", 5), ("PID", 7), ("RESTARTS", 8), ("UPTIME", 8), ("CPU%", 6), ("RSS", 7), ("EXIT", 4),
    ]

    static func draw(_ state: DashboardState, into screen: inout Screen, layout: DashboardLayout, now: Double) {
        let visible = state.visibleProcesses
        let fixed = columns.reduce(0) { $0 + $1.width + 1 }
        let longest = visible.map(\.name.count).max() ?? 0
        let nameWidth = min(max(4, longest), max(4, layout.width - 1 - fixed))
        let heads = Style(bold: true, underline: true)
        var column = screen.put(pad("NAME", nameWidth), row: 1, column: 1, style: heads) + 1
        for (title, width) in columns { column = screen.put(pad(title, width), row: 1, column: column, style: heads) + 1 }
        if !state.filter.isEmpty {
            screen.put("filter: \(state.filter)", row: 1, column: column + 1, style: Style(color: .yellow))
        }
        let offset = layout.tableOffset(selected: state.selected, entries: visible.count)
        for row in 0..<layout.tableRows {
            let index = offset + row
            guard index < visible.count else { break }
            let process = visible[index]
            let selected = index == min(state.selected, visible.count - 1)
            var base = Style(inverse: selected)
            base.bold = selected && state.focus == .table
            let screenRow = layout.tableTop + row
            if selected { screen.fill(row: screenRow, style: base) }
            var at = screen.put(pad(process.name, nameWidth), row: screenRow, column: 1, style: base) + 1
            let cells = values(of: process, state: state, now: now)
            for (position, (value, (_, width))) in zip(cells, columns).enumerated() {
                var style = base
                if position == 0 { style.color = StatusColors.color(of: process.status, ready: process.ready) }
                at = screen.put(pad(value, width), row: screenRow, column: at, style: style, limit: width) + 1
            }
        }
        if visible.isEmpty {
            screen.put(state.processes.isEmpty ? "no entries yet" : "no entry matches the filter '\(state.filter)'",
                row: layout.tableTop, column: 1, style: Style(color: .gray))
        }
    }

    /// The values of the fixed columns for `process`.
    static func values(of process: ProcessStatus, state: DashboardState, now: Double) -> [String] {
        [
            process.status, process.alive ? (process.ready ? "yes" : "no") : "-", process.pid.map(String.init) ?? "-", String(process.restarts),
            state.uptime(of: process, at: now).map(StatusText.uptime) ?? "-",
            process.alive ? process.cpu_percent.map { "\($0)" } ?? "-" : "-",
            process.alive ? process.rss_bytes.map(StatusText.bytes) ?? "-" : "-",
            process.exitcode.map(String.init) ?? "-",
        ]
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}
