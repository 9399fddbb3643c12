package import MusterPlan
internal import MusterManifest

/// `muster export kubernetes`: one `batch/v1` Job for a manifest whose jobs form a single chain.
///
/// | muster | Job |
/// |---|---|
/// | daemon | native sidecar: an init container with `restartPolicy: Always` |
/// | its `ready` | the sidecar's `startupProbe`: the next container starts once it passes |
/// | the chain's jobs | init containers in dependency order; the last job is the main container |
/// | `timeout` | the Job's `activeDeadlineSeconds`: the jobs' timeouts and the sidecars' probe timeouts added up |
/// | `shutdown.timeout` | the pod's `terminationGracePeriodSeconds` (when not 10s; the longest of them) |
/// | `limits.as` | `resources.limits.memory` |
///
/// The pod runs once (`restartPolicy: Never`, `backoffLimit: 0`), as `muster run` does. Any other
/// graph (jobs that do not wait for one another, no job at all) is refused with the hint to use
/// `argo`.
package struct KubernetesExporter: Exporter {
    /// Creates the exporter.
    package init() {}

    /// The Job; see the type's table.
    ///
    /// - Throws: `ExportError.refused` for a graph that is not one chain of jobs, or an entry
    ///   without an image; `.inexpressible` for fields a Job cannot hold (a wait for a job to
    ///   start or to complete with any status, a job's `restart` or probe, a sidecar's `timeout`,
    ///   `shutdown.signal`, `ready.log`) unless `lossy`.
    package func export(_ plan: Plan, options: ExportOptions) throws(ExportError) -> ExportOutput {
        var problems = ProblemList(.kubernetes, for: plan)
        let names = ExportNames.labels(of: plan.processes, problems: &problems)
        let order = plan.stages.flatMap { $0 }
        guard let main = chainEnd(plan, order: order, problems: &problems) else {
            throw .refused(ExportFormat.kubernetes.rawValue, problems.all.filter { $0.severity == .refusal })
        }
        checkConditions(plan, problems: &problems)
        let container = KubernetesContainer(format: .kubernetes, defaultImage: options.image)
        var containers: [Int: YAMLMapping] = [:]
        for index in order {
            containers[index] = self.container(
                plan.processes[index], name: names[index], container: container, problems: &problems)
        }
        let grace = gracePeriod(plan, problems: &problems)
        let deadline = self.deadline(plan, order: order, main: main, problems: &problems)
        let nodes = order.map { index -> YAMLNode in
            var mapping = containers[index]!
            mapping.prependComments(problems.comments(for: plan.processes[index].name))
            return mapping.node
        }
        let mainPosition = order.firstIndex(of: main)!
        var pod = YAMLMapping()
        pod.add("restartPolicy", .string("Never"))
        pod.add("terminationGracePeriodSeconds", grace.map { .integer($0) })
        pod.add("initContainers", mainPosition == 0 ? nil : .sequence(Array(nodes[..<mainPosition])))
        pod.add("containers", .sequence([nodes[mainPosition]]))
        var spec = YAMLMapping()
        spec.add("backoffLimit", .integer(0))
        spec.add("activeDeadlineSeconds", deadline.map { .integer($0) })
        spec.add("template", .mapping([YAMLPair("spec", pod.node)]))
        let project = ExportNames.label(plan.manifest.name) ?? "muster"
        let job = YAMLNode.mapping([
            YAMLPair("apiVersion", .string("batch/v1")),
            YAMLPair("kind", .string("Job")),
            YAMLPair("metadata", .mapping([YAMLPair("name", .string(project))])),
            YAMLPair("spec", spec.node),
        ])
        let warnings = try problems.finish(lossy: options.lossy)
        let header = ["Exported by muster from \(plan.manifest.path): kubectl apply -f this file."] + problems.comments(for: nil)
        return ExportOutput(
            files: [ExportedFile(name: "\(project).job.yaml", contents: YAMLEmitter.document(job, header: header))],
            warnings: warnings)
    }

    /// The last job of the chain, which becomes the main container; nil with refusals when the
    /// jobs do not form one chain, or something waits for the last of them.
    private func chainEnd(_ plan: Plan, order: [Int], problems: inout ProblemList) -> Int? {
        let jobs = order.filter { !plan.processes[$0].daemon }
        guard let last = jobs.last else {
            problems.refuse(
                nil, nil,
                "the manifest has no job, and a Job's main container is its last job; use argo (or compose) for daemons alone")
            return nil
        }
        let reaches = Self.transitiveDependencies(plan)
        var isChain = true
        for (earlier, later) in zip(jobs, jobs.dropFirst()) where !reaches[later].contains(earlier) {
            problems.refuse(
                nil, nil,
                "jobs '\(plan.processes[earlier].name)' and '\(plan.processes[later].name)' do not wait for one another, and a Job runs its jobs one after another as a single chain; use argo, which runs any graph")
            isChain = false
        }
        for index in order where index != last && reaches[index].contains(last) {
            problems.refuse(
                plan.processes[index].name, nil,
                "it waits for '\(plan.processes[last].name)', the last job, which a Job runs as its main container after everything else; use argo")
            isChain = false
        }
        return isChain ? last : nil
    }

    /// For each entry, every entry it waits for, directly or not.
    static func transitiveDependencies(_ plan: Plan) -> [Set<Int>] {
        var result = [Set<Int>?](repeating: nil, count: plan.processes.count)
        func visit(_ index: Int) -> Set<Int> {
            if let known = result[index] { return known }
            var all = Set<Int>()
            for edge in plan.dependencies[index] {
                all.insert(edge.dependency)
                all.formUnion(visit(edge.dependency))
            }
            result[index] = all
            return all
        }
        return plan.processes.indices.map(visit)
    }

    /// Conditions a chain of containers cannot keep: every job before a dependent has succeeded,
    /// and every sidecar runs until the end.
    private func checkConditions(_ plan: Plan, problems: inout ProblemList) {
        for edge in plan.edges {
            let dependent = plan.processes[edge.dependent].name
            let dependency = plan.processes[edge.dependency]
            let field = "depends_on.\(dependency.name)"
            switch (dependency.daemon, edge.condition) {
            case (true, .started), (true, .ready), (false, .succeeded):
                continue
            case (true, .completed), (true, .succeeded):
                problems.cannotExpress(
                    dependent, field, "a sidecar runs until the Job's main container has ended, so nothing can wait for it to end",
                    lossy: "waits for it to start instead")
            case (false, .completed):
                problems.cannotExpress(
                    dependent, field, "a job that fails ends the Job, so nothing runs after a failed job",
                    lossy: "runs only when '\(dependency.name)' succeeds")
            case (false, .started), (false, .ready):
                problems.cannotExpress(
                    dependent, field, "init containers run one after another, so nothing starts while a job still runs",
                    lossy: "waits for '\(dependency.name)' to succeed")
            }
        }
    }

    /// The container of `spec`: a native sidecar for a daemon, a plain container for a job.
    private func container(
        _ spec: ProcessSpec, name: String, container: KubernetesContainer, problems: inout ProblemList
    ) -> YAMLMapping {
        var fields = YAMLMapping()
        fields.add("name", .string(name))
        fields.add("image", container.image(of: spec, problems: &problems))
        fields.add("command", KubernetesContainer.command(spec.command))
        fields.add("workingDir", KubernetesContainer.workingDirectory(of: spec))
        fields.add("env", KubernetesContainer.environment(of: spec))
        fields.add("resources", container.resources(of: spec, problems: &problems))
        if spec.daemon {
            fields.add("restartPolicy", .string("Always"))
            fields.add("startupProbe", startupProbe(of: spec, problems: &problems))
            checkSidecarRestart(spec, problems: &problems)
            if spec.timeout != nil {
                problems.cannotExpress(
                    spec.name, "timeout", "a sidecar has no deadline of its own (the Job's covers the whole run)",
                    lossy: "left out")
            }
        } else {
            if spec.ready != nil {
                problems.cannotExpress(
                    spec.name, "ready", "Kubernetes probes the readiness only of sidecars, not of a Job's steps",
                    lossy: "left out")
            }
            if spec.restart.mode != .no {
                problems.cannotExpress(
                    spec.name, "restart",
                    "this Job runs its pod once (restartPolicy: Never, backoffLimit: 0); Kubernetes retries only whole pods, or every container without a limit",
                    lossy: "run once")
            }
        }
        if spec.shutdown.signal != 15 {
            problems.cannotExpress(
                spec.name, "shutdown.signal",
                "Kubernetes stops a container with SIGTERM (or its image's STOPSIGNAL), and has no field for \(Signals.name(spec.shutdown.signal))",
                lossy: "stopped with SIGTERM")
        }
        if let log = spec.logFile {
            problems.warn(spec.name, "log", "Kubernetes keeps every container's output itself (kubectl logs)", "\(log) is not written")
        }
        return fields
    }

    /// A sidecar's `startupProbe` from `ready`; a `log:` probe cannot be expressed.
    private func startupProbe(of spec: ProcessSpec, problems: inout ProblemList) -> YAMLNode? {
        guard let ready = spec.ready else { return nil }
        guard let probe = KubernetesContainer.probe(ready) else {
            problems.cannotExpress(
                spec.name, "ready.log", "Kubernetes probes cannot read a container's output; use an exec, tcp or http probe",
                lossy: "left out, so what comes next starts once the sidecar runs")
            return nil
        }
        return probe
    }

    /// The kubelet restarts a native sidecar whenever it ends, with its own back-off.
    private func checkSidecarRestart(_ spec: ProcessSpec, problems: inout ProblemList) {
        let restart = spec.restart
        if restart.mode == .onFailure {
            problems.cannotExpress(
                spec.name, "restart", "the kubelet restarts a sidecar whenever it ends, whatever its status",
                lossy: "restarted whenever it ends")
        }
        if restart.mode != .no, restart.maxRestarts != nil {
            problems.cannotExpress(
                spec.name, "max_restarts", "the kubelet restarts a sidecar without a limit", lossy: "restarted without a limit")
        }
        if restart.mode != .no, restart.backoff != RestartPolicy().backoff {
            problems.cannotExpress(
                spec.name, "backoff", "the kubelet waits by its own back-off (10s, doubling up to 5 minutes)",
                lossy: "left out")
        }
    }

    /// The pod's grace period: the longest `shutdown.timeout`, when one is not muster's 10 s; a
    /// warning for each entry that asked for less, as a pod has one grace period.
    private func gracePeriod(_ plan: Plan, problems: inout ProblemList) -> Int? {
        let timeouts = plan.processes.map(\.shutdown.timeout)
        guard let longest = timeouts.max(), timeouts.contains(where: { $0 != ShutdownPolicy().timeout }) else { return nil }
        let seconds = ExportDurations.seconds(longest)
        for spec in plan.processes where ExportDurations.seconds(spec.shutdown.timeout) != seconds {
            problems.warn(
                spec.name, "shutdown.timeout", "a pod has one grace period for all its containers",
                "the pod's \(seconds)s applies")
        }
        return seconds
    }

    /// The Job's deadline: every job's timeout and every sidecar's probe time before the main
    /// container, added up; nil when no job has a timeout. Some jobs with and some without
    /// cannot be expressed.
    private func deadline(_ plan: Plan, order: [Int], main: Int, problems: inout ProblemList) -> Int? {
        let jobs = order.filter { !plan.processes[$0].daemon }
        let timed = jobs.filter { plan.processes[$0].timeout != nil }
        guard !timed.isEmpty else { return nil }
        if timed.count < jobs.count {
            let untimed = jobs.filter { plan.processes[$0].timeout == nil }.map { "'\(plan.processes[$0].name)'" }
            for index in timed {
                problems.cannotExpress(
                    plan.processes[index].name, "timeout",
                    "a Job has one deadline for its whole chain, made of every job's timeout, and \(untimed.joined(separator: ", ")) \(untimed.count == 1 ? "has" : "have") none",
                    lossy: "left out")
            }
            return nil
        }
        var total = Duration.zero
        for index in order {
            let spec = plan.processes[index]
            if spec.daemon, let ready = spec.ready, KubernetesContainer.probe(ready) != nil {
                total += ready.initialDelay + ready.timeout
            }
            if !spec.daemon, let timeout = spec.timeout { total += timeout }
        }
        return ExportDurations.seconds(total)
    }
}
