internal import ArgumentParser
internal import Glibc
internal import MusterManifest

/// `up -d`, `--wait` and `--wait-timeout`.
struct DetachOptions: ParsableArguments {
    @Flag(
        name: [.customShort("d"), .customLong("detach")],
        help: "Check the manifest, start the run in the background, and return once it answers on its control socket.")
    var detach = false

    @Flag(
        help: "Implies -d: return once every daemon is ready and every job has ended; exit 1 at the first failure, timeout or skip (the run goes on).")
    var wait = false

    @Option(
        name: .customLong("wait-timeout"),
        help: ArgumentHelp("With --wait: give up (exit 1) after this long, e.g. 30s (default: no limit).", valueName: "duration"))
    var waitTimeout: String?

    /// Whether the run goes to the background.
    var detaches: Bool { detach || wait }

    /// `--wait-timeout` as a duration.
    var timeout: Duration? { waitTimeout.flatMap(DurationParser.parse) }

    func validate() throws {
        if let waitTimeout {
            guard wait else { throw ValidationError("--wait-timeout goes with --wait") }
            guard DurationParser.parse(waitTimeout) != nil else {
                throw ValidationError("--wait-timeout takes a duration such as 30s or 2m, not '\(waitTimeout)'")
            }
        }
    }
}

extension RunOptions {
    /// These options again, as arguments for a detached `muster up`, report paths made absolute
    /// against `directory`.
    func forwarded(absoluteIn directory: String) -> [String] {
        var arguments: [String] = []
        if jobs != 0 { arguments += ["-j", String(jobs)] }
        if failFast { arguments.append("--fail-fast") }
        if let json, json != "-" { arguments += ["--json", Paths.resolve(json, against: directory)] }
        if let junit, junit != "-" { arguments += ["--junit", Paths.resolve(junit, against: directory)] }
        if timestamps { arguments.append("--timestamps") }
        if quiet { arguments.append("--quiet") }
        if let ci = ci.ci { arguments += ["--ci", ci.rawValue] }
        if let output = ci.output { arguments += ["--output", output.rawValue] }
        if let timeline { arguments += ["--timeline", Paths.resolve(timeline, against: directory)] }
        if noCache { arguments.append("--no-cache") }
        for name in rerun { arguments += ["--rerun", name] }
        if let cacheDir { arguments += ["--cache-dir", Paths.resolve(cacheDir, against: directory)] }
        return arguments
    }
}

extension ManifestOptions {
    /// The manifests and what shaped them, again, for a detached `muster up`: every file given
    /// (none given: `defaultManifest` and the override file beside it, when there is one), the
    /// profiles and the dotenv options, paths made absolute against `directory`.
    func forwarded(absoluteIn directory: String, defaultManifest: String) -> [String] {
        let overrides = ManifestSource.overrideNames.filter { access($0, F_OK) == 0 }.prefix(1)
        let given = files.isEmpty ? [defaultManifest] + overrides : files
        var arguments = given.flatMap { ["--file", Paths.resolve($0, against: directory)] }
        for profile in profiles { arguments += ["--profile", profile] }
        if noDotenv { return arguments + ["--no-dotenv"] }
        return arguments + (envFile.map { ["--env-file", Paths.resolve($0, against: directory)] } ?? [])
    }
}
