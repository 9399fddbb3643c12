internal import ArgumentParser
internal import MusterManifest
internal import MusterPlan
internal import MusterReport

/// `-f`, `--profile`, the dotenv options and `--no-color`, shared by every command that reads a
/// manifest.
package struct ManifestOptions: ParsableArguments {
    /// The manifests given, in order; they are merged (later files over earlier ones).
    @Option(
        name: [.short, .customLong("file")],
        help: ArgumentHelp(
            "A manifest (default: muster.yaml, with muster.override.yaml merged over it when there is one); - reads standard input. Repeat to merge several, in order.",
            valueName: "path"),
        completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = []

    /// The profiles enabled.
    @Option(
        name: .customLong("profile"),
        help: ArgumentHelp(
            "Enable entries of this profile (repeatable; * for all). Default: MUSTER_PROFILES=a,b.", valueName: "name"))
    var profiles: [String] = []

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

    /// Refuses `--env-file` with `--no-dotenv`.
    ///
    /// - Throws: `ValidationError` (a usage error, exit 2).
    package func validate() throws {
        if envFile != nil && noDotenv { throw ValidationError("--env-file and --no-dotenv cannot be used together") }
    }

    /// Which dotenv file feeds interpolation.
    var projectEnvFile: ProjectEnvFile.Choice {
        noDotenv ? .none : envFile.map { .file($0) } ?? .besideManifest
    }

    /// Whether standard error gets colours.
    var colorsStandardError: Bool { !noColor && Terminal.standardError.wantsColor }

    /// Reads, validates and plans the manifest narrowed to `targets` (all when empty), which are
    /// also enabled whatever their profiles.
    ///
    /// - Throws: `ExitCode(2)` when the manifest cannot be read, has errors, or a target is
    ///   unknown (all already printed).
    func loadPlan(selecting targets: [String], ci: CIMode? = nil) throws -> Plan {
        do {
            return try loadPlan(targets: targets, ci: ci).selecting(targets)
        } catch let error as PlanError {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(2)
        }
    }

    /// Reads, validates and plans the manifests, printing every diagnostic to standard error;
    /// with `preflight`, also checks what `run` needs of the file system (`cwd`, `log:`). In
    /// GitHub Actions (`ci`, by default detected), each diagnostic is also an annotation.
    ///
    /// - Throws: `ExitCode(2)` when a manifest cannot be read or has errors (already printed).
    func loadPlan(targets: [String] = [], preflight: Bool = true, ci: CIMode? = nil) throws -> Plan {
        let sources: [ManifestSource]
        let envFile: ProjectEnvFile?
        do {
            sources = try ManifestSource.read(files)
            envFile = try ProjectEnvFile.read(projectEnvFile, for: sources[0])
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(2)
        }
        let environment = Terminal.environment
        let options = LoadOptions(
            environment: environment, projectEnvFile: envFile, dotenv: projectEnvFile,
            profiles: EntrySelection.enabledProfiles(flags: profiles, environment: environment), targets: targets)
        let loaded = ManifestLoader.load(sources, options: options)
        var diagnostics = loaded.diagnostics
        if preflight { diagnostics += FileSystemCheck.diagnostics(for: loaded.manifest) }
        var plan: Plan?
        if !loaded.manifest.processes.isEmpty {
            let planned = Planner.plan(loaded.manifest)
            diagnostics += planned.diagnostics
            plan = planned.plan
        }
        diagnostics = diagnostics.sortedForReading(primary: sources[0].path)
        if !diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(sources: loaded.sources, colored: colorsStandardError)
            Terminal.standardError.write(renderer.render(diagnostics))
            if (ci ?? CIMode.detected(in: environment)) == .github {
                Terminal.standardError.write(GitHubAnnotations.render(diagnostics))
            }
        }
        guard let plan, !diagnostics.containsErrors else { throw ExitCode(2) }
        return plan
    }
}
