/// Where each part of the dashboard goes on a screen of a given size: the header on the first
/// row, then the table (column heads, then up to half of what is left), a rule naming the log
/// pane, the log pane, and the footer on the last row.
package struct DashboardLayout: Sendable, Hashable {
    /// The smallest screen the dashboard draws on.
    package static let minimumWidth = 80
    /// The fewest rows it draws on.
    package static let minimumHeight = 24

    /// The screen's columns and rows.
    package let width: Int
    package let height: Int
    /// The first row of entries (the column heads are just above).
    package let tableTop = 2
    /// How many entries the table shows at once.
    package let tableRows: Int
    /// The rule above the log pane.
    package let rule: Int
    /// The log pane's first row and row count.
    package let logTop: Int
    package let logRows: Int
    /// The footer's row.
    package let footer: Int

    /// The layout of a `width` × `height` screen for a table of `entries` rows.
    package init(width: Int, height: Int, entries: Int) {
        self.width = width
        self.height = height
        tableRows = min(max(1, entries), max(3, (height - 5) / 2))
        rule = tableTop + tableRows
        logTop = rule + 1
        footer = height - 1
        logRows = max(0, footer - logTop)
    }

    /// Whether the screen is too small to draw on.
    package var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The first entry shown, so that the `selected` one is on screen.
    package func tableOffset(selected: Int, entries: Int) -> Int {
        max(0, min(selected - tableRows + 1, entries - tableRows))
    }
}
