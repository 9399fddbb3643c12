package import ArgumentParser
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

    /// Creates the options (ArgumentParser needs it).
    package init() {}

    /// The manifest to read; nil for the default.
    var file: String? { files.first }

    /// Refuses several manifests until they can be merged.
    ///
    /// - Throws: `ValidationError` (a usage error, exit 2) when `-f` was given more than once.
    package func validate() throws {
        try ManifestOptions.validate(files: files)
    }

    /// Refuses several manifests: `-f a -f b`, also given before the command, is for later.
    ///
    /// - Throws: `ValidationError` (a usage error, exit 2) when `files` holds more than one.
    static func validate(files: [String]) throws {
        guard files.count > 1 else { return }
        throw ValidationError(
            "only one manifest is supported for now, but -f (--file) was given \(files.count) times: \(files.joined(separator: ", "))")
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

    /// Reads, validates and plans the manifest, printing every diagnostic to standard error.
    ///
    /// - Throws: `ExitCode(2)` when the manifest cannot be read or has errors (already printed).
    func loadPlan() throws -> Plan {
        let source: ManifestSource
        do {
            source = try ManifestSource.read(file)
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(2)
        }
        let loaded = ManifestLoader.load(source, environment: Terminal.environment)
        var diagnostics = loaded.diagnostics
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
