package import MusterPlan
internal import MusterManifest

/// `muster export systemd`: a folder of units, `PROJECT-NAME.service` per entry and
/// `PROJECT.target`, which wants them all.
///
/// | muster | systemd |
/// |---|---|
/// | job | `Type=oneshot`, `RemainAfterExit=yes` |
/// | daemon | `Type=exec` |
/// | `succeeded` on job X | `Requires=X`, `After=X` |
/// | `completed` on job X | `Wants=X`, `After=X` |
/// | `started` on daemon X | `Requires=X`, `After=X` |
/// | `ready` on X with a probe | also `ExecStartPre=muster probe X …` |
/// | `timeout` | `TimeoutStartSec=` (a job: with the probes it waits for), `RuntimeMaxSec=` (a daemon) |
/// | `restart`, `backoff`, `max_restarts` | `Restart=`, `RestartSec=`, `StartLimitBurst=` (with `StartLimitIntervalSec=infinity`) |
/// | `shutdown` | `KillSignal=`, `TimeoutStopSec=` |
/// | `env`, `cwd`, `limits` | `Environment=`, `WorkingDirectory=`, `LimitNOFILE=` … |
package struct SystemdExporter: Exporter {
    /// Creates the exporter.
    package init() {}

    /// The units; see the type's table. `image:` is for container targets and is not used.
    ///
    /// - Throws: `ExportError` unless `lossy`, for what systemd cannot express: a wait for a job to
    ///   start, or for a daemon to end; `ready.log` where a dependent waits for it; a job's
    ///   `restart: always`.
    package func export(_ plan: Plan, options: ExportOptions) throws(ExportError) -> ExportOutput {
        var problems = ProblemList(.systemd, for: plan)
        let prefix = ExportNames.unitPrefix(plan.manifest.name)
        let unitNames = plan.processes.map { "\(prefix)-\($0.name).service" }
        let header = "Exported by muster from \(plan.manifest.path)."
        var units: [[String]] = []
        for index in plan.processes.indices {
            units.append(unit(index, in: plan, unitNames: unitNames, target: "\(prefix).target", options: options, problems: &problems))
        }
        let files = plan.processes.indices.map { index in
            let comments = ([header] + problems.comments(for: plan.processes[index].name)).map { "# " + $0 }
            return ExportedFile(name: unitNames[index], contents: (comments + units[index]).joined(separator: "\n") + "\n")
        }
        let target =
            ["# \(header) Copy these files to /etc/systemd/system, then: systemctl start \(prefix).target"]
            + problems.comments(for: nil).map { "# " + $0 }
            + ["[Unit]", "Description=\(SystemdSyntax.raw(plan.manifest.name)) (exported by muster)"]
            + unitNames.map { "Wants=\($0)" }
            + ["", "[Install]", "WantedBy=multi-user.target"]
        let warnings = try problems.finish(lossy: options.lossy)
        return ExportOutput(
            files: [ExportedFile(name: "\(prefix).target", contents: target.joined(separator: "\n") + "\n")] + files,
            warnings: warnings)
    }

    /// The lines of entry `index`'s unit, from `[Unit]` on.
    private func unit(
        _ index: Int, in plan: Plan, unitNames: [String], target: String, options: ExportOptions,
        problems: inout ProblemList
    ) -> [String] {
        let spec = plan.processes[index]
        var unit: [String] = []
        var service: [String] = []
        var probeTime = Duration.zero
        var requires: [String] = [], wants: [String] = [], after: [String] = [], probes: [String] = []
        for edge in plan.dependencies[index] {
            let dependency = plan.processes[edge.dependency]
            let name = unitNames[edge.dependency]
            let field = "depends_on.\(dependency.name)"
            switch (dependency.daemon, edge.condition) {
            case (false, .succeeded):
                requires.append(name)
                after.append(name)
            case (false, .completed):
                wants.append(name)
                after.append(name)
            case (true, .started):
                requires.append(name)
                after.append(name)
            case (true, .ready):
                requires.append(name)
                after.append(name)
                if let probe = waitForProbe(of: dependency, options: options, problems: &problems) {
                    probes.append(probe.line)
                    probeTime += probe.time
                }
            case (false, .ready) where dependency.ready != nil:
                wants.append(name)
                if let probe = waitForProbe(of: dependency, options: options, problems: &problems) {
                    probes.append(probe.line)
                    probeTime += probe.time
                }
            case (false, .started), (false, .ready):
                problems.cannotExpress(
                    spec.name, field, "systemd orders a unit after a oneshot job has ended, and cannot wait for it to have started",
                    lossy: "starts together with it (Wants= without After=)")
                wants.append(name)
            case (true, .completed), (true, .succeeded):
                problems.cannotExpress(
                    spec.name, field, "daemon '\(dependency.name)' runs until it is stopped, and systemd cannot start a unit when another ends",
                    lossy: "waits for it to start instead")
                requires.append(name)
                after.append(name)
            }
        }
        unit.append("Description=\(SystemdSyntax.raw(plan.manifest.name)): \(spec.name) (\(spec.daemon ? "daemon" : "job"))")
        unit.append("PartOf=\(target)")
        unit += wants.map { "Wants=\($0)" } + requires.map { "Requires=\($0)" } + after.map { "After=\($0)" }
        if spec.restart.mode != .no, let maximum = spec.restart.maxRestarts {
            unit += ["StartLimitIntervalSec=infinity", "StartLimitBurst=\(maximum + 1)"]
        }

        service.append(spec.daemon ? "Type=exec" : "Type=oneshot")
        if !spec.daemon { service.append("RemainAfterExit=yes") }
        service.append("WorkingDirectory=\(SystemdSyntax.raw(spec.workingDirectory))")
        var variables = spec.environment
        variables["MUSTER_NAME"] = spec.name
        service += variables.sorted { $0.key < $1.key }.map { "Environment=\(SystemdSyntax.assignment($0.key, $0.value))" }
        service += probes.map { "ExecStartPre=\($0)" }
        service.append("ExecStart=\(SystemdSyntax.execLine(program(of: spec)))")
        if !spec.daemon {
            service.append("TimeoutStartSec=\(spec.timeout.map { ExportDurations.text($0 + probeTime) } ?? "infinity")")
        } else {
            if !probes.isEmpty { service.append("TimeoutStartSec=infinity") }
            if let timeout = spec.timeout { service.append("RuntimeMaxSec=\(ExportDurations.text(timeout))") }
        }
        service += restart(of: spec, problems: &problems)
        service.append("KillSignal=\(Signals.name(spec.shutdown.signal))")
        // 0 would mean no timeout at all to systemd; muster's 0 is SIGKILL at once.
        let grace = spec.shutdown.timeout == .zero ? "1ms" : ExportDurations.text(spec.shutdown.timeout)
        service.append("TimeoutStopSec=\(grace)")
        service += limits(spec.limits)
        if let log = spec.logFile {
            problems.warn(spec.name, "log", "systemd sends a unit's output to the journal (journalctl -u)", "\(log) is not written")
        }
        return ["[Unit]"] + unit + ["", "[Service]"] + service
    }

    /// The `ExecStartPre=` command that waits for `dependency`'s probe, and the longest it may
    /// take; nil (with a problem) for a `log:` probe, which only a run can watch.
    private func waitForProbe(
        of dependency: ProcessSpec, options: ExportOptions, problems: inout ProblemList
    ) -> (line: String, time: Duration)? {
        guard let ready = dependency.ready else { return nil }
        if case .log = ready.check {
            problems.cannotExpress(
                dependency.name, "ready.log",
                "its dependents wait with muster probe, which cannot read the output of a process it did not start",
                lossy: "left out, so they wait only for it to start")
            return nil
        }
        return (SystemdSyntax.execLine(options.probeCommand + [dependency.name]), ready.initialDelay + ready.timeout)
    }

    /// The command line: `/bin/sh -c SCRIPT`, or the argv with a relative program made absolute
    /// against the working directory (a bare name is looked up by systemd in its own PATH).
    private func program(of spec: ProcessSpec) -> [String] {
        switch spec.command {
        case .shell(let script):
            return ["/bin/sh", "-c", script]
        case .argv(var argv):
            if argv[0].contains("/") || "@-:+!".contains(argv[0].first!) {
                argv[0] = Paths.resolve(argv[0], against: spec.workingDirectory)
            }
            return argv
        }
    }

    /// `Restart=` and `RestartSec=`.
    private func restart(of spec: ProcessSpec, problems: inout ProblemList) -> [String] {
        var mode = spec.restart.mode
        if mode == .always && !spec.daemon {
            problems.cannotExpress(
                spec.name, "restart", "systemd refuses Restart=always for a oneshot unit (a job)", lossy: "Restart=on-failure")
            mode = .onFailure
        }
        switch mode {
        case .no: return ["Restart=no"]
        case .onFailure: return ["Restart=on-failure", "RestartSec=\(ExportDurations.text(spec.restart.backoff))"]
        case .always: return ["Restart=always", "RestartSec=\(ExportDurations.text(spec.restart.backoff))"]
        }
    }

    /// `LimitNOFILE=` and the others; `unlimited` is `infinity`, and the CPU limit's hard value a
    /// second over its soft one, as muster sets it.
    private func limits(_ limits: ProcessLimits) -> [String] {
        let named: [(String, ProcessLimits.Value?)] = [
            ("NOFILE", limits.nofile), ("NPROC", limits.nproc), ("CORE", limits.core), ("CPU", limits.cpu),
            ("AS", limits.addressSpace),
        ]
        return named.compactMap { name, value in
            switch value {
            case nil: return nil
            case .unlimited?: return "Limit\(name)=infinity"
            case .limited(let number)? where name == "CPU": return "LimitCPU=\(number):\(number + 1)"
            case .limited(let number)?: return "Limit\(name)=\(number)"
            }
        }
    }
}
