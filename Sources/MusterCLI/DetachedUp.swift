internal import ArgumentParser
internal import Glibc
internal import MusterControl
internal import MusterExec
internal import MusterManifest
internal import MusterPlan

/// `muster up -d [--wait]`: the manifest is checked here, then a muster runs it in the background,
/// and this one returns once the run answers on its socket — or, with `--wait`, once every daemon is
/// ready and every job has ended, or at the first failure.
struct DetachedUp {
    let plan: Plan
    let manifest: ManifestOptions
    let run: RunOptions
    let detach: DetachOptions
    let names: [String]
    /// `--no-reload`, passed on to the muster in the background.
    var noReload = false
    /// Whether to say where the run went (not when a dashboard follows it at once).
    var announces = true

    /// Starts the run in the background; returns the exit status.
    func start() throws -> Int32 {
        guard plan.manifest.path != "<stdin>" else {
            throw UsageError("up -d cannot read the manifest from standard input (the run in the background reads it again); save it to a file")
        }
        let cwd = FileReader.currentDirectory()
        let manifestPath = Paths.resolve(plan.manifest.path, against: cwd)
        let environment = Terminal.environment
        if let running = try? ControlClient.connect(manifestPath: manifestPath, environment: environment),
            let status = try? running.send(ControlRequest(command: "ps"))
        {
            Terminal.standardError.write(
                "muster: error: \(plan.manifest.path) is already running (muster pid \(status.muster_pid.map(String.init) ?? "?")); follow it with muster attach -f \(plan.manifest.path), stop it with muster down -f \(plan.manifest.path)\n")
            return 1
        }
        for path in [run.json, run.junit, run.timeline].compactMap({ $0 }) where path != "-" {
            if let problem = ReportFile.prepare(path) {
                Terminal.standardError.write("muster: error: cannot write the report \(path): \(problem)\n")
                return 2
            }
        }
        let arguments = ["up"] + manifest.forwarded(absoluteIn: cwd, defaultManifest: plan.manifest.path)
            + run.forwarded(absoluteIn: cwd) + (noReload ? ["--no-reload"] : []) + names
        let log = ControlPaths(manifestPath: manifestPath, environment: environment).log
        let muster: DetachedMuster
        do {
            muster = try DetachedMuster.start(arguments, log: log, environment: environment)
        } catch {
            for problem in error.problems { Terminal.standardError.write("muster: error: \(problem)\n") }
            return 1
        }
        guard let client = answer(of: muster, manifestPath: manifestPath, log: log) else { return 1 }
        let stop = "muster down -f \(plan.manifest.path)"
        guard detach.wait else {
            guard announces else { return 0 }
            Terminal.standardError.write(
                "muster: \(plan.manifest.name) is running in the background (muster pid \(muster.pid), output in \(log)); follow it with muster attach -f \(plan.manifest.path), stop it with \(stop)\n")
            return 0
        }
        return UpWaiter(client: client, manifestPath: manifestPath, timeout: detach.timeout, stop: stop).wait()
    }

    /// Waits until the detached muster answers on its socket; nil (with what it said) when it
    /// ended first.
    private func answer(of muster: DetachedMuster, manifestPath: String, log: String) -> ControlClient? {
        var pause = Duration.milliseconds(2)
        while true {
            if let client = try? ControlClient.connect(manifestPath: manifestPath, environment: Terminal.environment) {
                return client
            }
            if let status = muster.exitStatus() {
                let said = (try? FileReader.contents(of: log)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                Terminal.standardError.write(said + "muster: error: the run in the background ended at once (exit \(status))\n")
                return nil
            }
            // No event says when the socket appears; look again soon.
            var pauseSpec = timespec(tv_sec: 0, tv_nsec: Int(pause.components.attoseconds / 1_000_000_000))
            nanosleep(&pauseSpec, nil)
            pause = min(pause * 2, .milliseconds(50))
        }
    }
}
