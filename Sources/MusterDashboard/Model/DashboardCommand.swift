/// What a key asks of the world beyond the dashboard's state: the run, or the terminal.
package enum DashboardCommand: Sendable, Hashable {
    /// `muster stop NAME`, `start NAME`, `restart NAME`.
    case stop(String), start(String), restart(String)
    /// `muster down`: the whole run stops.
    case down
    /// Leave the dashboard; the run goes on.
    case quit
    /// Stop the whole run, then leave (`up --tui`).
    case stopAndQuit
    /// Suspend the dashboard (Ctrl-Z), as a shell job.
    case suspend
    /// Draw the whole screen again (Ctrl-L).
    case redraw
}
