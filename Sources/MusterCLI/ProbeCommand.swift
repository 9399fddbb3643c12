internal import ArgumentParser
internal import MusterExec
internal import MusterManifest
internal import MusterPlan

/// `muster probe NAME`: one entry's readiness probe, run until it passes or its timeout is over,
/// against whatever is running now. What systemd units exported by muster wait with.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", _superCommandName: "muster",
        abstract: "Run one entry's readiness probe until it passes (exit 0) or its timeout is over (exit 1).",
        discussion: """
            The probe is the entry's ready: field (exec, tcp or http), with its initial_delay, interval and timeout, checked against what is running now: nothing is started. An exec probe runs with the entry's environment and working directory. A log: probe reads the output of a run, and cannot be checked this way (exit 2, as for an entry without a probe).
            """
    )

    @OptionGroup var manifest: ManifestOptions

    @Argument(help: "The entry whose probe to run.", completion: EntryNameCompletion.kind)
    var name: String

    func run() async throws {
        let plan = try manifest.loadPlan(selecting: [name])
        guard let spec = plan.processes.first(where: { $0.name == name }) else { throw ExitCode(2) }
        guard let probe = spec.ready else {
            throw UsageError("process '\(name)' has no ready probe; add ready: {exec|tcp|http: …} to it")
        }
        if case .log = probe.check {
            throw UsageError(
                "process '\(name)' has a log: probe, which reads the output of the run that started it; muster probe checks exec, tcp and http probes")
        }
        switch await StandaloneProbe.run(spec, environment: Terminal.environment) {
        case .ready:
            Terminal.standardError.write("muster: \(name) is ready\n")
        case .notReady(let reason):
            Terminal.standardError.write("muster: \(name): \(reason)\n")
            throw ExitCode(1)
        }
    }
}
