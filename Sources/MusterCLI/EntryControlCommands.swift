internal import ArgumentParser
internal import MusterControl

/// `muster stop NAME`: orderly shutdown of one entry of a running run.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop one entry of a running muster run or up (its shutdown signal, grace, SIGKILL).")
    @OptionGroup var control: ControlOptions
    @Argument(help: "The entry to stop.") var name: String

    func run() throws { try control.sendAndPrint(ControlRequest(command: "stop", name: name)) }
}

/// `muster start NAME`: start an entry of a running run that has ended or was stopped.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start an entry of a running muster run or up again; answers once it is ready.")
    @OptionGroup var control: ControlOptions
    @Argument(help: "The entry to start.") var name: String

    func run() throws { try control.sendAndPrint(ControlRequest(command: "start", name: name)) }
}

/// `muster restart NAME`: stop an entry and start it again, waiting until it is ready.
struct RestartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", abstract: "Restart an entry of a running muster run or up; answers once it is ready again.")
    @OptionGroup var control: ControlOptions
    @Argument(help: "The entry to restart.") var name: String

    func run() throws { try control.sendAndPrint(ControlRequest(command: "restart", name: name)) }
}

/// `muster down`: orderly shutdown of the whole run; the running muster writes its report, exits 0.
struct DownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Shut a running muster run or up down; it writes its report and exits 0.")
    @OptionGroup var control: ControlOptions

    func run() throws {
        _ = try control.send(ControlRequest(command: "down"))
        Terminal.standardError.write("muster: the run is shutting down\n")
    }
}

/// `muster logs NAME [-n N] [-f]`: an entry's last output lines, and follow. Here `-f` follows,
/// as with `tail -f`; the manifest is given with `--file`.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the last output lines of an entry of a running run (up to 1,000 are kept), and follow.")
    @Option(name: .customLong("file"), help: ArgumentHelp("The manifest of the run.", valueName: "path"))
    var file: String?
    @Argument(help: "The entry.") var name: String
    @Option(name: .customShort("n"), help: "How many lines (default 1000).") var lines: Int = 1000
    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Keep printing new lines until the run ends or Ctrl-C.")
    var follow = false

    func run() throws {
        var control = ControlOptions()
        control.file = file
        let request = ControlRequest(command: "logs", name: name, lines: lines, follow: follow)
        if !follow {
            let response = try control.send(request)
            Terminal.standardOutput.write((response.lines ?? []).map { $0 + "\n" }.joined())
            return
        }
        let client = try control.connect()
        do {
            try client.follow(request) { lines in
                Terminal.standardOutput.write(lines.map { $0 + "\n" }.joined())
                return true
            }
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(1)
        }
    }
}

extension ControlOptions {
    /// Sends an entry request and prints the entry's new state as a one-row table.
    func sendAndPrint(_ request: ControlRequest) throws {
        let response = try send(request)
        if let process = response.process { Terminal.standardOutput.write(PsCommand.table([process])) }
    }
}
