internal import ArgumentParser
internal import MusterControl

/// `muster stop NAME`: orderly shutdown of one entry of a running run.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", _superCommandName: "muster",
        abstract: "Stop one entry of a running muster run or up (its shutdown signal, grace, SIGKILL).")
    @OptionGroup var control: ControlOptions
    @Argument(help: "The entry to stop.", completion: EntryNameCompletion.kind) var name: String

    func run() throws { try control.sendAndPrint(ControlRequest(command: "stop", name: name)) }
}

/// `muster start NAME`: start an entry of a running run that has ended or was stopped.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", _superCommandName: "muster",
        abstract: "Start an entry of a running muster run or up again; answers once it is ready.")
    @OptionGroup var control: ControlOptions
    @Argument(help: "The entry to start.", completion: EntryNameCompletion.kind) var name: String

    func run() throws { try control.sendAndPrint(ControlRequest(command: "start", name: name)) }
}

/// `muster restart NAME`: stop an entry and start it again, waiting until it is ready.
struct RestartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", _superCommandName: "muster",
        abstract: "Restart an entry of a running muster run or up; answers once it is ready again.")
    @OptionGroup var control: ControlOptions
    @Argument(help: "The entry to restart.", completion: EntryNameCompletion.kind) var name: String

    func run() throws { try control.sendAndPrint(ControlRequest(command: "restart", name: name)) }
}

extension ControlOptions {
    /// Sends an entry request and prints the entry's new state as a one-row table.
    func sendAndPrint(_ request: ControlRequest) throws {
        let response = try send(request)
        if let process = response.process { Terminal.standardOutput.write(PsCommand.table([process])) }
    }
}
