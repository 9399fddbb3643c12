internal import ArgumentParser
internal import Glibc
internal import MusterExec
internal import MusterManifest
internal import MusterPlan
internal import MusterReport

/// `muster run`: run the entries in dependency order, join the jobs, tear down the daemons, report.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", _superCommandName: "muster",
        abstract: "Run the processes in dependency order, join the jobs, tear down the daemons, and report.",
        discussion: """
            Each child's output lines are printed as NAME | line (stdout to stdout, stderr to stderr). In a CI (--ci, detected from GITHUB_ACTIONS or GITLAB_CI) each job's lines come as one collapsible block when it ends. Events, annotations and the final summary, which ends with the critical path, go to standard error.

            Jobs with inputs: are cached: one whose inputs, command, env and dependencies match its last successful run, and whose outputs are unchanged, is not run and ends cached.

            Exit status: 0 every job succeeded and no daemon failed; 1 something failed, timed out or was skipped; 2 invalid manifest or usage; 130 after SIGINT, 143 after SIGTERM.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var run: RunOptions

    @Argument(help: "Run only these processes and what they depend on (default: all).", completion: EntryNameCompletion.kind)
    var names: [String] = []

    func run() async throws {
        let plan = try manifest.loadPlan(selecting: names, ci: run.ci.mode)
        throw ExitCode(try await run.execute(plan, manifest: manifest, keepDaemons: false))
    }
}

/// The options `run` and `up` share, and running a plan with them.
struct RunOptions: ParsableArguments {
    @Option(
        name: .short, parsing: .unconditional,
        help: ArgumentHelp("At most N jobs running at once (0: no limit); daemons take no slot.", valueName: "N"))
    var jobs: Int = 0

    @Flag(help: "Shut everything down at the first failure.")
    var failFast = false

    @Option(help: ArgumentHelp("Write the JSON report here (- for stdout; children's stdout then goes to stderr).", valueName: "path"))
    var json: String?

    @Option(help: ArgumentHelp("Write a JUnit XML report here (- for stdout).", valueName: "path"))
    var junit: String?

    @Flag(help: "Put the time before every output line.")
    var timestamps = false

    @Flag(help: "Do not show the children's output (events and the summary still go to stderr).")
    var quiet = false

    @OptionGroup var ci: CIOptions

    @Flag(help: "Run every job, whatever the cache holds (and store nothing).")
    var noCache = false

    @Option(help: ArgumentHelp("Run this job even when the cache has its last run (repeatable).", valueName: "name"))
    var rerun: [String] = []

    @Option(
        help: ArgumentHelp(
            "The job cache's folder (default: MUSTER_CACHE_DIR, else .muster/cache beside the manifest).",
            valueName: "path"))
    var cacheDir: String?

    @Option(
        help: ArgumentHelp(
            "Draw the run as a Gantt chart with its critical path: FILE.svg, or FILE.html (the picture with hover details).",
            valueName: "path"))
    var timeline: String?

    func validate() throws {
        guard jobs >= 0 else { throw ValidationError("-j must be 0 or more (0: no limit), not \(jobs)") }
        if json == "-" && junit == "-" {
            throw ValidationError("--json - and --junit - cannot both write to standard output")
        }
        if let timeline, TimelineFormat(path: timeline) == nil {
            throw ValidationError("--timeline draws FILE.svg or FILE.html, not \(timeline)")
        }
    }

    /// Runs `plan`, writes the reports, prints the summary; returns muster's exit status.
    ///
    /// Report paths are checked first (their folders made): one that cannot be written is a usage
    /// error, exit 2, before anything starts.
    /// How `up` reads its manifest again, and the files whose change reloads it by itself (none
    /// with `--no-reload`).
    struct Reload {
        var read: @Sendable ([String: Int]) -> ReloadedPlan
        var files: [String]
    }

    func execute(_ plan: Plan, manifest: ManifestOptions, keepDaemons: Bool, reload: Reload? = nil) async throws -> Int32 {
        for path in [json, junit, timeline].compactMap({ $0 }) where path != "-" {
            if let problem = ReportFile.prepare(path) {
                Terminal.standardError.write("muster: error: cannot write the report \(path): \(problem)\n")
                return 2
            }
        }
        var options = ExecutionOptions()
        options.jobLimit = jobs
        options.failFast = failFast
        options.keepDaemons = keepDaemons
        options.reload = reload?.read
        options.reloadFiles = reload?.files ?? []
        options.environment = Terminal.environment
        options.style.colored = manifest.colorsStandardError && Terminal.standardOutput.wantsColor
        options.style.timestamps = timestamps
        options.style.quiet = quiet
        options.style.grouping = ci.grouping
        if let unknown = rerun.first(where: { name in !plan.processes.contains { $0.name == name } }) {
            Terminal.standardError.write("muster: error: --rerun \(unknown): no such entry in this run\n")
            return 2
        }
        options.cacheFolder = noCache ? nil : CacheFolder.path(cacheDir, plan: plan)
        options.rerun = Set(rerun)
        if json == "-" || junit == "-" { options.style.childStandardOutput = 2 }
        let record: RunRecord
        do {
            record = try await Executor(plan: plan, options: options).run()
        } catch {
            for problem in error.problems { Terminal.standardError.write("muster: error: \(problem)\n") }
            return 2
        }
        var final = record
        let reports: [(String?, (RunRecord) -> String)] = [
            (json, JSONReport.render), (junit, JUnitReport.render), (timeline, { TimelineFormat(path: timeline!)!.render($0) }),
        ]
        for (path, render) in reports {
            guard let path else { continue }
            let text = render(record)
            if path == "-" {
                Terminal.standardOutput.write(text)
            } else if !ReportFile.write(text, to: path) {
                Terminal.standardError.write("muster: error: cannot write the report \(path): \(SystemError.text(errno))\n")
                if final.exitCode == 0 { (final.exitCode, final.outcome) = (1, .failed) }
            }
        }
        if ci.mode == .github { final = CIReports.publishForGitHub(final) }
        // The summary's last line states the exit status muster then exits with.
        Terminal.standardError.write("\n" + SummaryTable.render(final, colored: manifest.colorsStandardError))
        return final.exitCode
    }
}

/// Writing report files.
enum ReportFile {
    /// Makes the folders `path` needs and checks that it can be written, leaving no file behind
    /// that was not there; nil when it can, else why not.
    static func prepare(_ path: String) -> String? {
        var folder = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/").dropLast() {
            folder += "/" + part
            mkdir(folder, 0o755)
        }
        let existed = access(path, F_OK) == 0
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        close(fd)
        if !existed { unlink(path) }
        return nil
    }

    /// Writes `text` to `path` (replacing it); false when it cannot.
    static func write(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return Terminal(fd: fd).write(text)
    }
}
