internal import ArgumentParser
internal import MusterManifest
internal import MusterPlan

/// `-f` and `--no-color`, shared by every command that reads a manifest.
package struct ManifestOptions: ParsableArguments {
    /// The manifests given, in order (one, for now; see `validate()`).
    @Option(
        name: [.short, .customLong("file")],
        help: ArgumentHelp(
            "The manifest (default: muster.yaml, then muster.yml); - reads standard input. Only one, for now.",
            valueName: "path"),
        completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = []

    /// Turn colours off even on a terminal.
    @Flag(name: .customLong("no-color"), help: "Never use colours (also: NO_COLOR=1).")
    var noColor = false

    /// The dotenv file for interpolation instead of the manifest's `.env`.
    @Option(
        name: .customLong("env-file"),
        help: ArgumentHelp(
            "Read variables for ${…} from this file instead of .env beside the manifest.", valueName: "path"))
    var envFile: String?

    /// Read no dotenv file for interpolation.
    @Flag(name: .customLong("no-dotenv"), help: "Do not read .env beside the manifest.")
    var noDotenv = false

    /// Creates the options (ArgumentParser needs it).
    package init() {}

    /// The manifest to read; nil for the default.
    var file: String? { files.first }

    /// Refuses several manifests until they can be merged, and `--env-file` with `--no-dotenv`.
    ///
    /// - Throws: `ValidationError` (a usage error, exit 2).
    package func validate() throws {
        try ManifestOptions.validate(files: files)
        if envFile != nil && noDotenv { throw ValidationError("--env-file and --no-dotenv cannot be used together") }
    }

    /// Refuses several manifests: `-f a -f b`, also given before the command, is for later.
    ///
    /// - Throws: `ValidationError` (a usage error, exit 2) when `files` holds more than one.
    static func validate(files: [String]) throws {
        guard files.count > 1 else { return }
        throw ValidationError(
            "only one manifest is supported for now, but -f (--file) was given \(files.count) times: \(files.joined(separator: ", "))")
    }

    /// Which dotenv file feeds interpolation.
    var projectEnvFile: ProjectEnvFile.Choice {
        noDotenv ? .none : envFile.map { .file($0) } ?? .besideManifest
    }

    /// Whether standard error gets colours.
    var colorsStandardError: Bool { !noColor && Terminal.standardError.wantsColor }

    /// Reads, validates and plans the manifest narrowed to `targets` (all when empty).
    ///
    /// - Throws: `ExitCode(2)` when the manifest cannot be read, has errors, or a target is
    ///   unknown (all already printed).
    func loadPlan(selecting targets: [String]) throws -> Plan {
        do {
            return try loadPlan().selecting(targets)
        } catch let error as PlanError {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(2)
        }
    }

    /// Reads, validates and plans the manifest, printing every diagnostic to standard error; also
    /// checks what `run` needs of the file system (`cwd`, `log:`).
    ///
    /// - Throws: `ExitCode(2)` when the manifest cannot be read or has errors (already printed).
    func loadPlan() throws -> Plan {
        let source: ManifestSource
        let envFile: ProjectEnvFile?
        do {
            source = try ManifestSource.read(file)
            envFile = try ProjectEnvFile.read(projectEnvFile, for: source)
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(2)
        }
        let loaded = ManifestLoader.load(source, environment: Terminal.environment, projectEnvFile: envFile)
        var diagnostics = loaded.diagnostics + FileSystemCheck.diagnostics(for: loaded.manifest)
        var plan: Plan?
        if !loaded.manifest.processes.isEmpty {
            let planned = Planner.plan(loaded.manifest)
            diagnostics = (diagnostics + planned.diagnostics).sortedForReading(primary: source.path)
            plan = planned.plan
        }
        if !diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(sources: loaded.sources, colored: colorsStandardError)
            Terminal.standardError.write(renderer.render(diagnostics))
        }
        guard let plan, !diagnostics.containsErrors else { throw ExitCode(2) }
        return plan
    }
}
