internal import ArgumentParser
internal import MusterControl

/// `muster attach`: follow a running run (a detached one too) as if it ran in this terminal.
struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach", _superCommandName: "muster",
        abstract: "Follow a running run: its events and every entry's NAME | line output, from now on.",
        discussion: "Ctrl-C detaches and stops nothing. When the run ends, attach says how and exits 0.")

    @OptionGroup var control: ControlOptions

    @Option(name: .customShort("n"), help: ArgumentHelp("Print the last N kept lines first.", valueName: "N"))
    var lines: Int = 0

    func run() throws {
        let client = try control.connect()
        var width = 0
        do {
            try client.stream(ControlRequest(command: "subscribe", lines: max(0, lines))) { response in
                if response.ended == true {
                    Terminal.standardError.write("muster: the run ended (exit \(response.exit_code.map(String.init) ?? "?"))\n")
                    return false
                }
                if let processes = response.processes {
                    width = processes.map(\.name.count).max() ?? 0
                    Terminal.standardOutput.write((response.lines ?? []).map { $0 + "\n" }.joined())
                } else if let event = response.event {
                    Terminal.standardError.write(event + "\n")
                } else if let streamed = response.streamed {
                    let name = streamed.name + String(repeating: " ", count: max(0, width - streamed.name.count))
                    let text = streamed.lines.map { "\(name) | \($0)\n" }.joined()
                    (streamed.stderr ? Terminal.standardError : Terminal.standardOutput).write(text)
                }
                return true
            }
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(1)
        }
    }
}
