internal import MusterControl

/// The graph view (`g`): the plan's stages (an entry's stage is one more than its latest
/// dependency's), each a branch of a tree listing its entries, coloured by status, with what
/// they wait for.
enum GraphView {
    /// The entries of each stage, in the run's order, from the entries' `depends_on`.
    static func stages(of processes: [ProcessStatus]) -> [[ProcessStatus]] {
        var stage: [String: Int] = [:]
        let byName = Dictionary(processes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func depth(_ name: String, _ visiting: Set<String>) -> Int {
            if let known = stage[name] { return known }
            guard let process = byName[name], !visiting.contains(name) else { return 0 }
            let deepest = process.depends_on.keys.map { depth($0, visiting.union([name])) }.max() ?? -1
            stage[name] = deepest + 1
            return deepest + 1
        }
        var result: [[ProcessStatus]] = []
        for process in processes {
            let at = depth(process.name, [])
            while result.count <= at { result.append([]) }
            result[at].append(process)
        }
        return result.filter { !$0.isEmpty }
    }

    static func draw(_ state: DashboardState, into screen: inout Screen, layout: DashboardLayout) {
        var lines: [[(String, Style)]] = []
        let gray = Style(color: .gray)
        for (number, members) in stages(of: state.processes).enumerated() {
            lines.append([("stage \(number + 1)", Style(bold: true))])
            let width = members.map(\.name.count).max() ?? 0
            for (index, process) in members.enumerated() {
                let branch = index == members.count - 1 ? "└─ " : "├─ "
                let color = StatusColors.color(of: process.status, ready: process.ready)
                var line: [(String, Style)] = [
                    (branch, gray), (ProcessTable.pad(process.name, width) + "  ", Style(color: color, bold: true)),
                    (process.status + (process.alive && process.ready ? " (ready)" : ""), Style(color: color)),
                ]
                let waits = process.depends_on.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
                if !waits.isEmpty { line.append(("  ← " + waits.joined(separator: ", "), gray)) }
                lines.append(line)
            }
        }
        let rows = layout.footer - 1
        for (offset, line) in lines.prefix(rows).enumerated() {
            var column = 1
            for (text, style) in line { column = screen.put(text, row: 1 + offset, column: column, style: style) }
        }
        if lines.count > rows {
            screen.put("… \(lines.count - rows + 1) more lines", row: rows, column: 1, style: gray)
        }
    }
}
