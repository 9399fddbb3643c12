package import MusterControl

/// Everything the dashboard shows, as plain data: what the run said over `subscribe`, and where
/// the user is (selection, focus, scroll, search, filter, prompts). Keys change it through
/// `handle(_:screen:)`; `DashboardRenderer` draws it; neither touches the terminal.
package struct DashboardState: Sendable {
    /// What the footer is asking, if anything.
    package enum Prompt: Sendable, Hashable {
        /// Typing a search (`/`).
        case search(String)
        /// Typing a filter of the table by name (`f`).
        case filter(String)
        /// `d`: stop the whole run? y/n.
        case confirmDown
        /// `q` in `up --tui`: stop everything, or detach?
        case confirmQuit
    }

    /// Where ↑/↓ go: the table's selection, or the log pane's scroll.
    package enum Focus: Sendable, Hashable {
        case table, logs
    }

    /// The run's project name.
    package var project = ""
    /// When the run started, in seconds since the epoch.
    package var runStartedAt: Double?
    /// Every entry's last known attributes, in the run's order.
    package var processes: [ProcessStatus] = []
    /// When each entry's `uptime_s` was heard, in seconds since the epoch.
    package var heardAt: [String: Double] = [:]
    /// The kept output lines and events.
    package var log = LogBook()
    /// The selected row among `visibleProcesses`.
    package var selected = 0
    /// Where ↑/↓ go.
    package var focus = Focus.table
    /// Whether the log pane shows every entry's lines (prefixed) rather than the selected one's.
    package var allEntries = false
    /// How many lines up from the newest the log pane is scrolled; 0 follows new lines.
    package var scroll = 0
    /// The question the footer asks, while it asks one.
    package var prompt: Prompt?
    /// The committed search, whose matches are highlighted.
    package var search = ""
    /// The line number of the current match.
    package var match: Int?
    /// Only entries whose name contains this are listed.
    package var filter = ""
    /// The graph view (`g`) instead of the table and logs.
    package var showGraph = false
    /// The help (`?`) over everything.
    package var showHelp = false
    /// The answer to the last command, or a hint, shown in the footer until the next key.
    package var message: String?
    /// Whether this dashboard started the run (`up --tui`): then `q` asks what to do with it.
    package var ownsRun = false
    /// Set once the run has ended: how, for the footer.
    package var ended: String?

    /// An empty dashboard.
    package init(ownsRun: Bool = false) {
        self.ownsRun = ownsRun
    }

    /// The entries the table lists: those whose name contains the filter.
    package var visibleProcesses: [ProcessStatus] {
        filter.isEmpty ? processes : processes.filter { $0.name.contains(filter) }
    }

    /// The selected entry, if the table lists any.
    package var selectedProcess: ProcessStatus? {
        let visible = visibleProcesses
        return visible.isEmpty ? nil : visible[min(max(0, selected), visible.count - 1)]
    }

    /// The lines the log pane shows (the selected entry's, or all of them).
    package var paneLines: [LogLine] {
        allEntries ? log.view(of: nil) : selectedProcess.map { log.view(of: $0.name) } ?? []
    }
}
