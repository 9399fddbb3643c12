/// The last row: the prompt being answered, else the answer to the last command, else the keys.
enum FooterView {
    /// The keys shown when nothing else is to say; the rest are in the help (`?`).
    static let keys: [(key: String, does: String)] = [
        ("↑↓", "select"), ("⏎", "logs"), ("s", "stop"), ("r", "restart"), ("t", "start"), ("d", "down"),
        ("/", "search"), ("g", "graph"), ("?", "help"), ("q", "quit"),
    ]

    static func draw(_ state: DashboardState, into screen: inout Screen, layout: DashboardLayout) {
        let row = layout.footer
        let strong = Style(bold: true)
        switch state.prompt {
        case .search(let text):
            let end = screen.put("/" + text, row: row, column: 0, style: strong)
            screen.put("█", row: row, column: end)
        case .filter(let text):
            let end = screen.put("filter: " + text, row: row, column: 0, style: strong)
            screen.put("█", row: row, column: end)
        case .confirmDown:
            screen.put("Stop the whole run (muster down)? y/n", row: row, column: 0, style: Style(color: .yellow, bold: true))
        case .confirmQuit:
            screen.put(
                "Quit: s stop everything, d detach and leave the run going, Esc cancel", row: row, column: 0,
                style: Style(color: .yellow, bold: true))
        case nil:
            if let message = state.message ?? state.ended {
                screen.put(message, row: row, column: 0, style: strong)
                return
            }
            var column = 0
            for (key, does) in keys {
                column = screen.put(key, row: row, column: column, style: strong)
                column = screen.put(" " + does + "  ", row: row, column: column, style: Style(color: .gray))
            }
        }
    }
}
