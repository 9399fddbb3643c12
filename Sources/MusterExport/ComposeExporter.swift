package import MusterPlan
internal import MusterManifest

/// `muster export compose`: one compose file with a service per entry.
///
/// | muster | compose |
/// |---|---|
/// | `command` string | `entrypoint: [/bin/sh, -c]` and the script as `command` |
/// | `command` list | `entrypoint: [PROGRAM]` and the arguments as `command` |
/// | `timeout` | `timeout -s SIGNAL -k GRACE SECONDS` before the entrypoint (the image needs `timeout`) |
/// | `env` (and `MUSTER_NAME`) | `environment` |
/// | `cwd` | `working_dir` |
/// | `started` / `ready` / `succeeded` | `depends_on` with `service_started` / `service_healthy` / `service_completed_successfully` |
/// | `ready` | `healthcheck`: `exec` as `CMD`/`CMD-SHELL`, `tcp` as `nc -z`, `http` as `curl -fsS`; `retries` = timeout ÷ interval |
/// | `restart` | `restart`: `"no"`, `on-failure[:max_restarts]`, `always` |
/// | `shutdown` | `stop_signal`, `stop_grace_period` (when not TERM, 10s) |
/// | `limits` | `ulimits` |
///
/// Every `$` is written `$$`, so that compose passes it on instead of interpolating.
package struct ComposeExporter: Exporter {
    /// Creates the exporter.
    package init() {}

    /// The compose file; see the type's table.
    ///
    /// - Throws: `ExportError` for an entry without an image, and, unless `lossy`, for what
    ///   compose cannot express: a wait for a job to complete with any status or for
    ///   a daemon to end, `ready.log`, `max_restarts` with `always`, `backoff`.
    package func export(_ plan: Plan, options: ExportOptions) throws(ExportError) -> ExportOutput {
        var problems = ProblemList(.compose, for: plan)
        var services: [YAMLPair] = []
        for (index, spec) in plan.processes.enumerated() {
            var service = self.service(index, in: plan, image: options.image, problems: &problems)
            service.prependComments(problems.comments(for: spec.name))
            services.append(YAMLPair(spec.name, service.node))
        }
        let project = ExportNames.label(plan.manifest.name) ?? "muster"
        // The project's name goes on the command line: compose files gained a top-level `name:`
        // after docker-compose 1.29, which Debian still ships and refuses it.
        let file = YAMLNode.mapping([YAMLPair("services", .mapping(services))])
        let warnings = try problems.finish(lossy: options.lossy)
        let header =
            ["Exported by muster from \(plan.manifest.path): docker compose -p \(project) -f this file up."]
            + problems.comments(for: nil)
        return ExportOutput(
            files: [ExportedFile(name: "compose.yaml", contents: YAMLEmitter.document(file, header: header))],
            warnings: warnings)
    }

    /// The service of entry `index`.
    private func service(_ index: Int, in plan: Plan, image: String?, problems: inout ProblemList) -> YAMLMapping {
        let spec = plan.processes[index]
        var service = YAMLMapping()
        if let image = spec.image ?? image {
            service.add("image", .string(Self.escaped(image)))
        } else {
            problems.refuse(
                spec.name, "image",
                "docker compose runs every service in a container, and '\(spec.name)' names no image; add image: to it, or pass --image for every entry that has none")
        }
        let deadline = spec.timeout.map { Self.timeoutPrefix($0, shutdown: spec.shutdown) } ?? []
        switch spec.command {
        case .shell(let script):
            service.add("entrypoint", .strings(deadline + ["/bin/sh", "-c"]))
            service.add("command", .strings([Self.escaped(script)]))
        case .argv(let argv):
            service.add("entrypoint", .strings(deadline + [Self.escaped(argv[0])]))
            service.add("command", argv.count > 1 ? .strings(argv.dropFirst().map(Self.escaped)) : nil)
        }
        if spec.workingDirectoryLocation != nil { service.add("working_dir", .string(Self.escaped(spec.workingDirectory))) }
        var variables = spec.environment
        variables["MUSTER_NAME"] = spec.name
        service.add(
            "environment", .mapping(variables.sorted { $0.key < $1.key }.map { YAMLPair($0.key, .string(Self.escaped($0.value))) }))
        service.add("depends_on", dependencies(index, in: plan, problems: &problems))
        service.add("healthcheck", healthcheck(of: spec, problems: &problems))
        service.add("restart", restart(of: spec, problems: &problems))
        if spec.shutdown.signal != ShutdownPolicy().signal {
            service.add("stop_signal", .string(Signals.name(spec.shutdown.signal)))
        }
        if spec.shutdown.timeout != ShutdownPolicy().timeout {
            service.add("stop_grace_period", .string(ExportDurations.text(spec.shutdown.timeout)))
        }
        service.add("ulimits", ulimits(spec.limits))
        if let log = spec.logFile {
            problems.warn(spec.name, "log", "docker compose keeps every service's output itself (docker compose logs)", "\(log) is not written")
        }
        return service
    }

    /// `depends_on`: each dependency with the compose condition of its muster condition.
    private func dependencies(_ index: Int, in plan: Plan, problems: inout ProblemList) -> YAMLNode? {
        let spec = plan.processes[index]
        var pairs: [YAMLPair] = []
        for edge in plan.dependencies[index] {
            let dependency = plan.processes[edge.dependency]
            let field = "depends_on.\(dependency.name)"
            let condition: String
            switch (dependency.daemon, edge.condition) {
            case (_, .started):
                condition = "service_started"
            case (_, .ready):
                if case .log? = dependency.ready?.check {
                    problems.cannotExpress(
                        dependency.name, "ready.log", "a compose healthcheck runs a command, and cannot read the service's output",
                        lossy: "left out, so its dependents wait only for it to start")
                    condition = "service_started"
                } else {
                    condition = dependency.ready == nil ? "service_started" : "service_healthy"
                }
            case (false, .succeeded):
                condition = "service_completed_successfully"
            case (false, .completed):
                problems.cannotExpress(
                    spec.name, field, "docker compose can wait for a service to succeed, not to end with any status",
                    lossy: "waits for '\(dependency.name)' to succeed")
                condition = "service_completed_successfully"
            case (true, .completed), (true, .succeeded):
                problems.cannotExpress(
                    spec.name, field, "daemon '\(dependency.name)' runs until compose is stopped, so nothing can wait for it to end",
                    lossy: "waits for it to start instead")
                condition = "service_started"
            }
            pairs.append(YAMLPair(dependency.name, .mapping([YAMLPair("condition", .string(condition))])))
        }
        return pairs.isEmpty ? nil : .mapping(pairs)
    }

    /// The `healthcheck` of `ready`: the check, then `interval`, `timeout` (each attempt's, the
    /// probe's whole timeout), `retries` and `start_period`.
    private func healthcheck(of spec: ProcessSpec, problems: inout ProblemList) -> YAMLNode? {
        guard let ready = spec.ready else { return nil }
        let test: [String]
        switch ready.check {
        case .exec(.shell(let script)): test = ["CMD-SHELL", script]
        case .exec(.argv(let argv)): test = ["CMD"] + argv
        case .tcp(let host, let port): test = ["CMD", "nc", "-z", host, String(port)]
        case .http(let url): test = ["CMD", "curl", "-fsS", "-o", "/dev/null", url]
        case .log:
            // Reported where a dependent waits for it; alone it is one more thing left out.
            problems.cannotExpress(
                spec.name, "ready.log", "a compose healthcheck runs a command, and cannot read the service's output",
                lossy: "left out, so its dependents wait only for it to start")
            return nil
        }
        var check = YAMLMapping()
        check.add("test", .strings(test.map(Self.escaped)))
        check.add("interval", .string(ExportDurations.text(ready.interval)))
        check.add("timeout", .string(ExportDurations.text(ready.timeout)))
        check.add("retries", .integer(max(1, Int((ready.timeout.seconds / ready.interval.seconds).rounded(.up)))))
        if ready.initialDelay > .zero { check.add("start_period", .string(ExportDurations.text(ready.initialDelay))) }
        return check.node
    }

    /// `restart`, quoted `"no"` included, since YAML 1.1 reads a bare no as false.
    private func restart(of spec: ProcessSpec, problems: inout ProblemList) -> YAMLNode {
        let restart = spec.restart
        if restart.mode != .no, restart.backoff != RestartPolicy().backoff {
            problems.cannotExpress(
                spec.name, "backoff", "docker waits by its own back-off (100ms, doubling) before a restart", lossy: "left out")
        }
        switch restart.mode {
        case .no:
            return .string("no")
        case .onFailure:
            return .string(restart.maxRestarts.map { "on-failure:\($0)" } ?? "on-failure")
        case .always:
            if restart.maxRestarts != nil {
                problems.cannotExpress(
                    spec.name, "max_restarts", "docker compose limits restarts only with on-failure", lossy: "restarted without a limit")
            }
            return .string("always")
        }
    }

    /// `ulimits` from `limits` (`unlimited` is -1); a soft CPU limit a second under the hard one,
    /// as muster sets it.
    private func ulimits(_ limits: ProcessLimits) -> YAMLNode? {
        let named: [(String, ProcessLimits.Value?)] = [
            ("nofile", limits.nofile), ("nproc", limits.nproc), ("core", limits.core), ("cpu", limits.cpu),
            ("as", limits.addressSpace),
        ]
        let pairs = named.compactMap { name, value -> YAMLPair? in
            switch value {
            case nil: return nil
            case .unlimited?: return YAMLPair(name, .integer(-1))
            case .limited(let number)? where name == "cpu":
                return YAMLPair(name, .mapping([YAMLPair("soft", .integer(Int(clamping: number))), YAMLPair("hard", .integer(Int(clamping: number) &+ 1))]))
            case .limited(let number)?: return YAMLPair(name, .integer(Int(clamping: number)))
            }
        }
        return pairs.isEmpty ? nil : .mapping(pairs)
    }

    /// `timeout -s SIGNAL -k GRACE SECONDS`, which `timeout` (coreutils, busybox) puts before the
    /// command: compose has no longest run time of its own, and this ends the command as muster
    /// would, with the shutdown signal and SIGKILL after the grace (whole seconds, at least 1).
    static func timeoutPrefix(_ timeout: Duration, shutdown: ShutdownPolicy) -> [String] {
        let signal = String(Signals.name(shutdown.signal).dropFirst(3))
        let grace = max(1, ExportDurations.seconds(shutdown.timeout))
        return ["timeout", "-s", signal, "-k", String(grace), String(ExportDurations.seconds(timeout))]
    }

    /// `text` with every `$` doubled: compose interpolates `$VAR` and `${VAR}` in the whole file.
    static func escaped(_ text: String) -> String {
        text.contains("$") ? text.split(separator: "$", omittingEmptySubsequences: false).joined(separator: "$$") : text
    }
}
