internal import MusterControl

/// The log pane: a rule saying whose lines these are and where the pane is, then the lines,
/// newest at the bottom, with the search's matches highlighted.
enum LogPane {
    static func draw(_ state: DashboardState, into screen: inout Screen, layout: DashboardLayout) {
        let lines = state.paneLines
        let end = max(0, lines.count - state.scroll)
        let start = max(0, end - layout.logRows)
        drawRule(state, into: &screen, layout: layout, hidden: lines.count - end)
        let names = state.processes.map(\.name)
        let width = state.allEntries ? max(6, names.map(\.count).max() ?? 0) : 0
        for (offset, line) in lines[start..<end].enumerated() {
            let row = layout.logTop + offset
            var column = 0
            if state.allEntries {
                let index = line.name.flatMap { names.firstIndex(of: $0) }
                let style = index.map { Style(color: StatusColors.color(ofEntry: $0)) } ?? Style(color: .gray)
                column = screen.put(ProcessTable.pad(line.name ?? "muster", width) + " | ", row: row, column: 0, style: style)
            }
            let current = line.number == state.match
            drawText(line.text, search: state.search, current: current, into: &screen, row: row, column: column)
        }
    }

    private static func drawRule(_ state: DashboardState, into screen: inout Screen, layout: DashboardLayout, hidden: Int) {
        let style = Style(color: .gray)
        let rule = layout.rule
        for column in 0..<layout.width { screen[rule, column] = Cell("─", style: style) }
        let whose = state.allEntries ? "all entries" : state.selectedProcess?.name ?? "no entry"
        var text = " logs: \(whose) · " + (hidden == 0 ? "following" : "\(hidden) lines below")
        if !state.search.isEmpty { text += " · search: \(state.search)" }
        if state.focus == .logs { text += " · ↑/↓ scroll" }
        screen.put(text + " ", row: rule, column: 2, style: Style(bold: state.focus == .logs))
    }

    /// `text` at `row` from `column`, each occurrence of `search` highlighted (more strongly on
    /// the current match).
    private static func drawText(_ text: String, search: String, current: Bool, into screen: inout Screen, row: Int, column: Int) {
        guard !search.isEmpty, text.contains(search) else {
            screen.put(text, row: row, column: column)
            return
        }
        let highlight = Style(color: .yellow, bold: current, inverse: true)
        var at = column
        var rest = Substring(text)
        while let found = rest.firstRange(of: search) {
            at = screen.put(rest[..<found.lowerBound], row: row, column: at)
            at = screen.put(rest[found], row: row, column: at, style: highlight)
            rest = rest[found.upperBound...]
        }
        screen.put(rest, row: row, column: at)
    }
}
