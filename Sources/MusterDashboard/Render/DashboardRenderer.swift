internal import MusterControl

/// The dashboard as a pure function: state and size in, a screen of cells out. Nothing here
/// touches the terminal, so every part can be tested by reading the screen.
package enum DashboardRenderer {
    /// The screen for `state` on a `width` × `height` terminal at `now` (seconds since the epoch).
    package static func render(_ state: DashboardState, width: Int, height: Int, now: Double) -> Screen {
        var screen = Screen(width: width, height: height)
        let layout = DashboardLayout(width: width, height: height, entries: state.visibleProcesses.count)
        guard !layout.tooSmall else {
            let text = "muster needs a terminal of at least \(DashboardLayout.minimumWidth)×\(DashboardLayout.minimumHeight); this one is \(width)×\(height)"
            screen.put(text, row: height / 2, column: max(0, (width - text.count) / 2))
            return screen
        }
        HeaderView.draw(state, into: &screen, now: now)
        if state.showGraph {
            GraphView.draw(state, into: &screen, layout: layout)
        } else {
            ProcessTable.draw(state, into: &screen, layout: layout, now: now)
            LogPane.draw(state, into: &screen, layout: layout)
        }
        FooterView.draw(state, into: &screen, layout: layout)
        if state.showHelp { HelpView.draw(into: &screen) }
        return screen
    }
}

/// The first row: project, the run's uptime, and how many entries have each status.
enum HeaderView {
    static func draw(_ state: DashboardState, into screen: inout Screen, now: Double) {
        let bar = Style(inverse: true)
        screen.fill(row: 0, style: bar)
        var column = screen.put(" muster · ", row: 0, column: 0, style: bar)
        column = screen.put(state.project, row: 0, column: column, style: Style(bold: true, inverse: true))
        if let started = state.runStartedAt {
            column = screen.put(" · up \(StatusText.uptime(max(0, now - started)))", row: 0, column: column, style: bar)
        }
        for (status, count) in state.statusCounts {
            column = screen.put(" · ", row: 0, column: column, style: bar)
            column = screen.put(
                "\(count) \(status)", row: 0, column: column,
                style: Style(color: StatusColors.color(of: status), bold: true, inverse: true))
        }
        if state.ended != nil { screen.put(" · ended", row: 0, column: column, style: Style(bold: true, inverse: true)) }
    }
}
