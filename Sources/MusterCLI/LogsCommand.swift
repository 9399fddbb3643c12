internal import ArgumentParser
internal import MusterControl

/// `muster logs NAME [-n N] [-f]`: an entry's last output lines, and follow. Here `-f` follows,
/// as with `tail -f`; the manifest is given with `--file`, or with `-f` before the command.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", _superCommandName: "muster",
        abstract: "Print the last output lines of an entry (or of all, merged) of a running run (1,000 are kept per entry), and follow.",
        discussion: """
            Here -f means --follow, as in tail -f and docker logs -f. Give the manifest with --file PATH, or with -f before the command: muster -f PATH logs NAME.
            """)

    /// The manifests given, in order; the first names the run.
    @Option(
        name: .customLong("file"),
        help: ArgumentHelp(
            "The manifest of the run (default: muster.yaml here); with several, the first names the run.",
            valueName: "path"),
        completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = []

    @Option(
        name: [.short, .customLong("project")],
        help: ArgumentHelp("The run of this project; see muster ls.", valueName: "name"))
    var project: String?

    @Argument(help: "The entry (none: every entry's lines, merged in the order they came).", completion: EntryNameCompletion.kind)
    var name: String?

    /// Words after NAME. None are taken: they are there to catch `logs web -f x.yaml` and say
    /// where the manifest goes (`LogsManifestHint`) rather than just "unexpected argument".
    @Argument(help: .private)
    var extra: [String] = []

    @Option(name: .customShort("n"), help: ArgumentHelp("How many lines.", valueName: "N"))
    var lines: Int = 1000

    @Flag(
        name: [.customShort("f"), .customLong("follow")], help: "Keep printing new lines until the run ends or Ctrl-C.")
    var follow = false

    /// Every word read as an entry name, NAME first.
    var positionals: [String] { (name.map { [$0] } ?? []) + extra }

    /// The hint for a manifest given after `-f`, which here means follow; nil when there is none.
    var misplacedManifestHint: String? {
        extra.isEmpty ? nil : LogsManifestHint.message(positionals: positionals, follow: follow)
    }

    func validate() throws {
        if project != nil && !files.isEmpty { throw ValidationError("give the run with --file or with -p (--project), not both") }
        guard !extra.isEmpty, misplacedManifestHint == nil else { return }
        let quoted = extra.map { "'\($0)'" }.joined(separator: ", ")
        throw ValidationError("Unexpected argument\(extra.count == 1 ? "" : "s") \(quoted)")
    }

    func run() throws {
        if let hint = misplacedManifestHint { throw UsageError(hint) }
        var control = ControlOptions()
        control.files = files
        control.project = project
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
