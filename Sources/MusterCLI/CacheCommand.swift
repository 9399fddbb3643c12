internal import ArgumentParser
internal import MusterExec
internal import MusterManifest
internal import MusterPlan

/// Where the job cache lives: `--cache-dir`, else `MUSTER_CACHE_DIR`, else `.muster/cache` beside
/// the manifest.
enum CacheFolder {
    /// The cache folder for `plan`, given `--cache-dir` (relative paths against the current folder).
    static func path(_ option: String?, plan: Plan) -> String {
        let current = FileReader.currentDirectory()
        if let option { return Paths.resolve(option, against: current) }
        if let variable = Terminal.environment["MUSTER_CACHE_DIR"], !variable.isEmpty {
            return Paths.resolve(variable, against: current)
        }
        return plan.manifest.directory + "/.muster/cache"
    }
}

/// `muster cache clean`: empties the job cache.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Manage the job cache (jobs with inputs: are not run again while nothing they depend on changed).",
        subcommands: [CacheCleanCommand.self]
    )
}

/// `muster cache clean [-f F] [--cache-dir PATH]`.
struct CacheCleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Empty the job cache, so that every job runs next time.",
        discussion: "Exit status: 0, or 1 when something in the cache could not be removed."
    )

    @OptionGroup var manifest: ManifestOptions

    @Option(
        help: ArgumentHelp(
            "The job cache's folder (default: MUSTER_CACHE_DIR, else .muster/cache beside the manifest).",
            valueName: "path"))
    var cacheDir: String?

    func run() throws {
        let plan = try manifest.loadPlan(preflight: false)
        let folder = CacheFolder.path(cacheDir, plan: plan)
        guard JobCache.clean(folder) else {
            Terminal.standardError.write("muster: error: cannot empty the cache in \(folder)\n")
            throw ExitCode(1)
        }
        Terminal.standardError.write("muster: emptied the cache in \(folder)\n")
    }
}
