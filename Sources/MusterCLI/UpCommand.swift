internal import ArgumentParser

/// `muster up`: like `run`, but daemons stay up after the jobs end, until SIGINT or SIGTERM.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Like run, but keep the daemons up after the jobs end, until Ctrl-C (SIGINT) or SIGTERM.",
        discussion: """
            For development environments: start the database, wait until it is ready, run the migrations, start the app, and keep it all up. Daemons with restart: always come back when they crash. On SIGINT/SIGTERM everything is shut down in reverse dependency order and the report is written; a clean shutdown exits 0.

            With -d, the run goes to the background (its output in a run log beside its control socket): follow it with muster attach, stop it with muster down, which prints its summary.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var detach: DetachOptions

    @Argument(help: "Bring up only these processes and what they depend on (default: all).", completion: EntryNameCompletion.kind)
    var names: [String] = []

    func run() async throws {
        let plan = try manifest.loadPlan(selecting: names, ci: run.ci.mode)
        if detach.detaches {
            throw ExitCode(try DetachedUp(plan: plan, manifest: manifest, run: run, detach: detach, names: names).start())
        }
        throw ExitCode(try await run.execute(plan, manifest: manifest, keepDaemons: true))
    }
}
