internal import ArgumentParser

/// `muster up`: like `run`, but daemons stay up after the jobs end, until SIGINT or SIGTERM.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", _superCommandName: "muster",
        abstract: "Like run, but keep the daemons up after the jobs end, until Ctrl-C (SIGINT) or SIGTERM.",
        discussion: """
            For development environments: start the database, wait until it is ready, run the migrations, start the app, and keep it all up. Daemons with restart: always come back when they crash. On SIGINT/SIGTERM everything is shut down in reverse dependency order and the report is written; a clean shutdown exits 0.

            While it runs, a change to a file an entry's watch: names runs that entry again, then what depends on it; saving the manifest (or an env file it reads) applies the difference, as muster reload does (--no-reload turns that off); muster scale NAME N changes an entry's number of instances.

            With --tui, the run goes to the background and a dashboard of it takes the terminal: q asks whether to stop everything or detach and leave the run going (as with -d).

            With -d, the run goes to the background (its output in a run log beside its control socket): follow it with muster attach, stop it with muster down, which prints its summary.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var detach: DetachOptions

    @Flag(help: "Do not reload the manifest when its files change (muster reload still does).")
    var noReload = false

    @Flag(help: "Show the run in a terminal dashboard (see muster tui); needs a terminal.")
    var tui = false

    @Argument(help: "Bring up only these processes and what they depend on (default: all).", completion: EntryNameCompletion.kind)
    var names: [String] = []

    func validate() throws {
        if tui && detach.detaches { throw ValidationError("--tui shows the run in this terminal; it does not go with -d or --wait") }
    }

    func run() async throws {
        let terminal = tui ? try DashboardSession.terminal() : nil
        let (plan, files) = try manifest.loadPlanAndFiles(selecting: names, ci: run.ci.mode)
        if let terminal {
            throw ExitCode(
                try DashboardUp(plan: plan, manifest: manifest, run: run, detach: detach, names: names, noReload: noReload)
                    .start(on: terminal))
        }
        if detach.detaches {
            throw ExitCode(try DetachedUp(plan: plan, manifest: manifest, run: run, detach: detach, names: names, noReload: noReload).start())
        }
        let reading = manifest.reading
        let reload = reading.canReload ? RunOptions.Reload(read: reading.reloader(targets: names), files: noReload ? [] : files) : nil
        throw ExitCode(try await run.execute(plan, manifest: manifest, keepDaemons: true, reload: reload))
    }
}
