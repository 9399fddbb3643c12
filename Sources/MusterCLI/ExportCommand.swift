internal import ArgumentParser
internal import Glibc
internal import MusterExport
internal import MusterManifest
internal import MusterPlan

/// `muster export FORMAT`: the manifest written for another engine (Argo Workflows, a Kubernetes
/// Job, docker compose, systemd, a Procfile); nothing is run.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", _superCommandName: "muster",
        abstract: "Write the manifest for another engine: Argo Workflows, a Kubernetes Job, docker compose, systemd or a Procfile.",
        discussion: """
            argo: one Workflow with a dag template (daemons are daemon templates with a readinessProbe). kubernetes: one Job, for jobs that form a single chain (daemons are native sidecars). compose: one compose file. systemd: a folder of units, PROJECT-NAME.service per entry and PROJECT.target; a dependency's readiness is waited for with muster probe. procfile: the daemons, one line each.

            The container targets take each entry's image: field, or --image for entries without one. What a target cannot express is an error naming the entry and the field (exit 1, nothing written); --lossy exports it anyway, with a warning and a comment for each.
            """
    )

    /// The formats, as the command line names them.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case argo, kubernetes, compose, systemd, procfile

        /// The exporter's format.
        var exportFormat: ExportFormat { ExportFormat(rawValue: rawValue)! }
    }

    @Argument(help: "argo, kubernetes, compose, systemd or procfile.")
    var format: Format

    @OptionGroup var manifest: ManifestOptions

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp(
            "Where to write: a file (a folder for systemd); - is standard output (the default).", valueName: "path"))
    var output = "-"

    @Option(help: ArgumentHelp("The container image of entries without image: (argo, kubernetes, compose).", valueName: "image"))
    var image: String?

    @Flag(help: "Export what the target cannot express anyway, with a warning and a comment for each.")
    var lossy = false

    @Argument(help: "Export only these processes and what they depend on (default: all).", completion: EntryNameCompletion.kind)
    var names: [String] = []

    func run() throws {
        if let image, image.isEmpty || !image.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) {
            throw UsageError("--image must name a container image, such as alpine:3.20, without spaces")
        }
        let plan = try manifest.loadPlan(selecting: names)
        let options = ExportOptions(image: image, lossy: lossy, probeCommand: probeCommand(plan))
        let exported: ExportOutput
        do {
            exported = try format.exportFormat.exporter.export(plan, options: options)
        } catch {
            var lines = ["muster: error: \(error.message)"]
            lines += error.problems.map { "muster: error: \($0.errorText)" }
            Terminal.standardError.write(lines.joined(separator: "\n") + "\n")
            throw ExitCode(1)
        }
        for warning in exported.warnings {
            Terminal.standardError.write("muster: warning: \(warning.warningText)\n")
        }
        try write(exported.files)
    }

    /// Writes the files: to standard output (several with a `==> NAME <==` line before each), to
    /// the file `output`, or into the folder `output` (made when missing).
    private func write(_ files: [ExportedFile]) throws {
        if output == "-" {
            let text =
                files.count == 1
                ? files[0].contents
                : files.map { "==> \($0.name) <==\n\($0.contents)" }.joined(separator: "\n")
            Terminal.standardOutput.write(text)
            return
        }
        let isFolder = format.exportFormat.writesFolder || FileReader.isDirectory(output)
        for file in files {
            let path = isFolder ? output + "/" + file.name : output
            if let problem = ReportFile.prepare(path) {
                throw UsageError("cannot write \(path): \(problem)")
            }
            guard ReportFile.write(file.contents, to: path) else {
                throw UsageError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
        }
        let written = isFolder ? "\(files.count) file\(files.count == 1 ? "" : "s") in \(output)" : output
        Terminal.standardError.write("muster: wrote \(written)\n")
    }

    /// The command a systemd unit runs to wait for a dependency's probe: this muster, `probe`, and
    /// the options that found this manifest, every path absolute.
    private func probeCommand(_ plan: Plan) -> [String] {
        let cwd = FileReader.currentDirectory()
        let given = manifest.files.isEmpty ? [plan.manifest.path] : manifest.files
        // A manifest read from standard input is taken to be muster.yaml where it was read.
        let files = given.map { $0 == "-" || $0 == "<stdin>" ? cwd + "/muster.yaml" : Paths.resolve($0, against: cwd) }
        var command = [Self.executablePath(), "probe"] + files.flatMap { ["--file", $0] }
        if let envFile = manifest.envFile { command += ["--env-file", Paths.resolve(envFile, against: cwd)] }
        if manifest.noDotenv { command.append("--no-dotenv") }
        return command
    }

    /// The absolute path of the running muster (`/proc/self/exe`), or `muster` when it cannot be read.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "muster" }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
