/// The help (`?`): every key, in a box over the dashboard; any key closes it.
enum HelpView {
    static let rows: [(key: String, does: String)] = [
        ("↑ ↓  j k", "select an entry (in the logs: scroll)"),
        ("Enter", "focus the logs, and back to the table"),
        ("a", "the logs of all entries, prefixed, or of the selected one"),
        ("PgUp PgDn", "scroll the logs; End or G follows again"),
        ("s  r  t", "stop, restart, start the selected entry"),
        ("d", "stop the whole run (muster down), after y/n"),
        ("/  n  N", "search the logs; older and newer match"),
        ("f", "filter the table by name (Esc clears it)"),
        ("g", "the plan's stages as a tree, and back"),
        ("mouse", "click selects a row; the wheel scrolls"),
        ("Ctrl-L  Ctrl-Z", "redraw; suspend"),
        ("q", "quit (up --tui: stop everything or detach)"),
    ]

    static func draw(into screen: inout Screen) {
        let width = 66
        let height = rows.count + 4
        let top = max(0, (screen.height - height) / 2)
        let left = max(0, (screen.width - width) / 2)
        let border = Style(color: .cyan)
        for row in top..<min(screen.height, top + height) {
            for column in left..<min(screen.width, left + width) {
                let edgeRow = row == top || row == top + height - 1
                let edgeColumn = column == left || column == left + width - 1
                let character: Character =
                    edgeRow && edgeColumn
                    ? (row == top ? (column == left ? "┌" : "┐") : (column == left ? "└" : "┘"))
                    : edgeRow ? "─" : edgeColumn ? "│" : " "
                screen[row, column] = Cell(character, style: edgeRow || edgeColumn ? border : .plain)
            }
        }
        screen.put(" muster dashboard: keys ", row: top, column: left + 2, style: Style(bold: true))
        for (offset, (key, does)) in rows.enumerated() {
            let row = top + 2 + offset
            screen.put(key, row: row, column: left + 2, style: Style(bold: true))
            screen.put(does, row: row, column: left + 18, limit: width - 20)
        }
    }
}
