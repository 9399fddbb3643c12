internal import ArgumentParser
internal import MusterControl
internal import MusterReport

/// `muster down`: orderly shutdown of the whole run; waits for its end, prints its summary and
/// exits with the run's own exit status.
struct DownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", _superCommandName: "muster",
        abstract: "Shut a running muster run or up down, wait for its end, print its summary, and exit with its exit status.")
    @OptionGroup var control: ControlOptions

    func run() throws {
        let client = try control.connect()
        let final: ControlResponse
        do {
            let answer = try client.send(ControlRequest(command: "down"))
            guard answer.ok else {
                Terminal.standardError.write("muster: error: \(answer.error ?? "the run refused to shut down")\n")
                throw ExitCode(1)
            }
            Terminal.standardError.write("muster: the run is shutting down\n")
            final = try client.send(ControlRequest(command: "wait"))
        } catch let error as ControlError {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(1)
        }
        Terminal.standardError.write("\n" + FinalSummary.render(final, colored: Terminal.standardError.wantsColor))
        throw ExitCode(final.exit_code ?? 1)
    }
}

/// The summary table of a run that ended, from its final state as the control socket gives it.
enum FinalSummary {
    /// The table and its last line, `PROJECT: OUTCOME in 2.5s, exit status N`.
    static func render(_ final: ControlResponse, colored: Bool) -> String {
        let rows = (final.processes ?? []).map { process in
            SummaryTable.Row(
                name: process.name, daemon: process.daemon, pid: process.pid, exitcode: process.exitcode,
                status: process.status, restarts: process.restarts, duration: process.duration_s, reason: process.reason)
        }
        return SummaryTable.render(
            rows, project: final.project ?? "muster", outcome: final.outcome ?? "?", seconds: final.duration_s ?? 0,
            exitCode: final.exit_code ?? 1, colored: colored)
    }
}
