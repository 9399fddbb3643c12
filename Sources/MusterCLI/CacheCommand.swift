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

/// What `muster cache` does.
enum CacheAction: String, ExpressibleByArgument, CaseIterable {
    /// Empty the cache.
    case clean
}

/// `muster cache clean [-f F] [--cache-dir PATH]`: empties the job cache.
///
/// One command with the action as its argument (rather than a subcommand), so that
/// `muster -f x.yaml cache clean` works as every other command does.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", _superCommandName: "muster",
        abstract: "Empty the job cache (muster cache clean), so that every job with inputs: runs next time.",
        discussion: "Exit status: 0, or 1 when something in the cache could not be removed."
    )

    @Argument(help: "clean: remove every cached job and the stat cache.")
    var action: CacheAction

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
