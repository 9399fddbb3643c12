internal import ArgumentParser
internal import MusterManifest
internal import MusterPlan
internal import MusterExec
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
        try loadPlanAndFiles(selecting: targets, ci: ci).plan
    }

    /// As `loadPlan(selecting:)`, with the files the manifest was made from (what `up` watches).
    ///
    /// - Throws: `ExitCode(2)`, as `loadPlan(selecting:)` does.
    func loadPlanAndFiles(selecting targets: [String], ci: CIMode? = nil) throws -> (plan: Plan, files: [String]) {
        let (plan, files) = try load(targets: targets, preflight: true, ci: ci)
        do {
            return (try plan.selecting(targets), files)
        } catch {
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
        try load(targets: targets, preflight: preflight, ci: ci).plan
    }

    /// The plan and the files read, diagnostics printed to standard error.
    private func load(targets: [String], preflight: Bool, ci: CIMode?) throws -> (plan: Plan, files: [String]) {
        let annotating = (ci ?? CIMode.detected(in: Terminal.environment)) == .github
        let loaded = reading.load(targets: targets, preflight: preflight, colored: colorsStandardError, annotating: annotating)
        if !loaded.diagnostics.isEmpty { Terminal.standardError.write(loaded.diagnostics) }
        guard let plan = loaded.plan else { throw ExitCode(2) }
        return (plan, loaded.files)
    }

    /// How these options read the manifests, as a value a running `up` keeps for reloads.
    var reading: ManifestReading {
        ManifestReading(files: files, envChoice: projectEnvFile, profileFlags: profiles)
    }
}

/// Reading manifests as `-f`, `--profile` and the dotenv options say: what `up` does at the start
/// and again at each reload.
struct ManifestReading: Sendable {
    var files: [String]
    var envChoice: ProjectEnvFile.Choice
    var profileFlags: [String]

    /// Whether the manifests can be read again (standard input cannot).
    var canReload: Bool { !files.contains("-") }

    /// What `up` reads again at a reload (or `muster scale`): the manifests as first read, with
    /// instance counts overriding `replicas:`, narrowed to `targets`; diagnostics as text.
    func reloader(targets: [String]) -> @Sendable ([String: Int]) -> ReloadedPlan {
        { [self] replicas in
            let loaded = load(targets: targets, preflight: true, colored: false, replicas: replicas)
            guard let plan = loaded.plan else { return .invalid(loaded.diagnostics) }
            do throws(PlanError) {
                return .plan(try plan.selecting(targets), files: loaded.files)
            } catch {
                return .invalid("muster: error: \(error.message)\n")
            }
        }
    }

    /// Reads, validates and plans the manifests: the plan (nil when they are invalid), every
    /// diagnostic rendered (followed by GitHub annotations of them with `annotating`), and the
    /// files read.
    func load(
        targets: [String], preflight: Bool, colored: Bool, annotating: Bool = false, replicas: [String: Int] = [:]
    ) -> (plan: Plan?, diagnostics: String, files: [String]) {
        let sources: [ManifestSource]
        let envFile: ProjectEnvFile?
        do {
            sources = try ManifestSource.read(files)
            envFile = try ProjectEnvFile.read(envChoice, for: sources[0])
        } catch {
            return (nil, "muster: error: \(error.message)\n", [])
        }
        let environment = Terminal.environment
        var options = LoadOptions(
            environment: environment, projectEnvFile: envFile, dotenv: envChoice,
            profiles: EntrySelection.enabledProfiles(flags: profileFlags, environment: environment), targets: targets)
        options.replicas = replicas
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
        var text = ""
        if !diagnostics.isEmpty {
            text = DiagnosticRenderer(sources: loaded.sources, colored: colored).render(diagnostics)
            if annotating { text += GitHubAnnotations.render(diagnostics) }
        }
        return (diagnostics.containsErrors ? nil : plan, text, loaded.files)
    }
}
