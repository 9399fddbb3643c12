internal import ArgumentParser
internal import MusterControl

/// `muster reload`: a running `up` reads its manifest again and applies the difference.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload", _superCommandName: "muster",
        abstract: "Make a running up read its manifest again and apply what changed.",
        discussion: """
            Prints what changed: + NAME (added, started once its dependencies hold), - NAME (removed, stopped), ~ NAME: field, field (changed, restarted with what depends on it). Untouched entries keep running. When the manifest is not valid, prints its diagnostics, changes nothing and exits 2.
            """)
    @OptionGroup var control: ControlOptions

    func run() throws {
        try ReloadCommand.send(ControlRequest(command: "reload"), with: control)
    }

    /// Sends a request that answers with a diff (`reload`, `scale`) and prints it; exits 2 with
    /// the diagnostics of an invalid manifest or for an unknown entry, 1 for other failures.
    static func send(_ request: ControlRequest, with control: ControlOptions) throws {
        let response = try control.exchange(request)
        guard response.ok else {
            if let diagnostics = response.diagnostics { Terminal.standardError.write(diagnostics) }
            Terminal.standardError.write("muster: error: \(response.error ?? "the request failed")\n")
            let usage = response.diagnostics != nil || response.error?.hasPrefix("no process named") == true
            throw ExitCode(usage ? 2 : 1)
        }
        let lines = response.diff ?? []
        Terminal.standardOutput.write(lines.isEmpty ? "nothing changed\n" : lines.joined(separator: "\n") + "\n")
    }
}

/// `muster scale NAME N`: a running `up` runs N instances of an entry.
struct ScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", _superCommandName: "muster",
        abstract: "Run N instances of an entry of a running up (NAME-1 … NAME-N; 0 stops them all).",
        discussion: """
            Instances already running keep running; new ones start once their dependencies hold; those past N are stopped. Prints what changed, as muster reload does.
            """)
    @OptionGroup var control: ControlOptions
    @Argument(help: "The entry.", completion: EntryNameCompletion.kind) var name: String
    @Argument(help: "How many instances (0 or more).") var count: Int

    func validate() throws {
        guard count >= 0 else { throw ValidationError("the number of instances must be 0 or more, not \(count)") }
    }

    func run() throws {
        try ReloadCommand.send(ControlRequest(command: "scale", name: name, count: count), with: control)
    }
}
