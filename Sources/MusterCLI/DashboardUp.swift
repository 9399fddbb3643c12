internal import MusterControl
internal import MusterDashboard
internal import MusterManifest
internal import MusterPlan

/// `muster up --tui`: the run starts in the background, as with `up -d`, and the dashboard owns
/// it: q asks whether to stop everything or to detach, SIGINT and SIGTERM stop the run, and once
/// the run has ended muster exits with its status.
struct DashboardUp {
    let plan: Plan
    let manifest: ManifestOptions
    let run: RunOptions
    let detach: DetachOptions
    let names: [String]
    /// `--no-reload`, passed on to the muster in the background.
    let noReload: Bool

    /// Starts the run and shows it on `terminal`; returns the exit status.
    func start(on terminal: TerminalSession) throws -> Int32 {
        var up = DetachedUp(plan: plan, manifest: manifest, run: run, detach: detach, names: names, noReload: noReload)
        up.announces = false
        let started = try up.start()
        guard started == 0 else { return started }
        let manifestPath = Paths.resolve(plan.manifest.path, against: FileReader.currentDirectory())
        let environment = Terminal.environment
        let path = plan.manifest.path
        return try DashboardSession.run(
            on: terminal,
            connector: { () throws(ControlError) in try ControlClient.connect(manifestPath: manifestPath, environment: environment) },
            ownsRun: true,
            leaving: "\(plan.manifest.name) goes on in the background; come back with muster tui -f \(path), stop it with muster down -f \(path)")
    }
}
