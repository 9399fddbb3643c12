internal import ArgumentParser
internal import MusterControl
internal import MusterDashboard

/// `muster tui`: the dashboard of a running run (a detached one too), over its control socket.
struct TuiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui", _superCommandName: "muster",
        abstract: "A live dashboard of a running run or up: entries, their output, and keys to stop, start and restart them.",
        discussion: """
            Attaches to the run of the manifest (-f) or project (-p), detached ones too, through its control socket, and follows it until q (the run goes on) or the run ends. Press ? for the keys. Needs a terminal of at least 80×24; colours follow NO_COLOR.
            """)

    @OptionGroup var control: ControlOptions

    func run() throws {
        let terminal = try DashboardSession.terminal()
        let connector = try control.connector()
        throw ExitCode(try DashboardSession.run(on: terminal, connector: connector, ownsRun: false))
    }
}

/// Running the dashboard from a command: the terminal check, and what is said once it is over.
enum DashboardSession {
    /// The terminal, or a usage error (exit 2) when standard input or output is not one.
    static func terminal() throws -> TerminalSession {
        do {
            return try TerminalSession()
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(2)
        }
    }

    /// Runs the dashboard of the run `connector` reaches; returns the exit status: 0 when left
    /// (or, watching, when the run ended), the run's own (after its summary) when this dashboard
    /// owns the run and it ended, 1 when the run cannot be reached. `leaving` is said when the user leaves a run that
    /// goes on.
    static func run(
        on terminal: TerminalSession, connector: @escaping @Sendable () throws(ControlError) -> ControlClient,
        ownsRun: Bool, leaving: String? = nil
    ) throws -> Int32 {
        let dashboard = Dashboard(terminal: terminal, ownsRun: ownsRun, color: Terminal.standardOutput.wantsColor, connect: connector)
        let ending: Dashboard.Ending
        do {
            ending = try dashboard.run()
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            return 1
        }
        switch ending {
        case .left:
            if let leaving { Terminal.standardError.write("muster: \(leaving)\n") }
            return 0
        case .runEnded(let final):
            guard ownsRun else {
                let code = final.exit_code.map(String.init) ?? "?"
                Terminal.standardError.write("muster: the run ended: \(final.outcome ?? "over") (exit \(code))\n")
                return 0
            }
            // As `up` ends: the summary, and the run's exit status.
            Terminal.standardError.write(FinalSummary.render(final, colored: Terminal.standardError.wantsColor))
            return final.exit_code ?? 1
        case .lost(let problem):
            Terminal.standardError.write("muster: error: \(problem)\n")
            return 1
        }
    }
}
