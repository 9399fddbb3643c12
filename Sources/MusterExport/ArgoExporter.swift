package import MusterPlan
internal import MusterManifest

/// `muster export argo`: one Argo `Workflow` whose `dag` template has a task per entry, each with
/// a container template of its own.
///
/// | muster | Argo |
/// |---|---|
/// | job | task with a container template |
/// | daemon | template with `daemon: true` |
/// | `ready` | the daemon's `readinessProbe` (`exec`, `tcpSocket`, `httpGet`) |
/// | `succeeded` on X | `X.Succeeded` |
/// | `completed` on X | `(X.Succeeded \|\| X.Failed)` |
/// | `started`/`ready` on daemon X | `X.Daemoned`, and `MUSTER_HOST_X` = `{{tasks.X.ip}}` |
/// | `timeout` | `activeDeadlineSeconds` |
/// | `restart`, `max_restarts`, `backoff` | `retryStrategy` (`limit`, `OnFailure`/`Always`, `backoff` doubling up to 30s) |
/// | `shutdown.timeout` | `podSpecPatch` with `terminationGracePeriodSeconds` (when not 10s) |
/// | `limits.as` | `resources.limits.memory` |
///
/// The DAG runs with `failFast: false`, as muster goes on with what does not depend on a failure.
package struct ArgoExporter: Exporter {
    /// Creates the exporter.
    package init() {}

    /// The Workflow; see the type's table.
    ///
    /// - Throws: `ExportError` for fields Argo cannot express (`ready.log`, `shutdown.signal`, a
    ///   wait for a job to start or a daemon to end, a job's `restart: always`) unless `lossy`,
    ///   and always for an entry without an image or text that Argo would read as a `{{tag}}`.
    package func export(_ plan: Plan, options: ExportOptions) throws(ExportError) -> ExportOutput {
        var problems = ProblemList(.argo, for: plan)
        let names = ExportNames.labels(of: plan.processes, leadingLetter: true, problems: &problems)
        let container = KubernetesContainer(format: .argo, defaultImage: options.image)
        var tasks: [YAMLNode] = []
        var templates: [YAMLMapping] = []
        for (index, spec) in plan.processes.enumerated() {
            let (task, hosts) = self.task(index, in: plan, names: names, problems: &problems)
            tasks.append(task)
            let passed = hosts.map { (task: names[$0], process: plan.processes[$0].name) }
            templates.append(template(spec, name: names[index], hosts: passed, container: container, problems: &problems))
        }
        var dagName = "main"
        while names.contains(dagName) { dagName += "-dag" }
        let dag = YAMLNode.mapping([
            YAMLPair("name", .string(dagName)),
            YAMLPair(
                "dag",
                .mapping([YAMLPair("failFast", .boolean(false)), YAMLPair("tasks", .sequence(tasks))])),
        ])
        let entryTemplates = plan.processes.indices.map { index -> YAMLNode in
            var template = templates[index]
            template.prependComments(problems.comments(for: plan.processes[index].name))
            return template.node
        }
        let project = ExportNames.label(plan.manifest.name) ?? "muster"
        let workflow = YAMLNode.mapping([
            YAMLPair("apiVersion", .string("argoproj.io/v1alpha1")),
            YAMLPair("kind", .string("Workflow")),
            YAMLPair("metadata", .mapping([YAMLPair("generateName", .string(project + "-"))])),
            YAMLPair(
                "spec",
                .mapping([
                    YAMLPair("entrypoint", .string(dagName)),
                    YAMLPair("templates", .sequence([dag] + entryTemplates)),
                ])),
        ])
        let warnings = try problems.finish(lossy: options.lossy)
        let header = ["Exported by muster from \(plan.manifest.path): argo submit this file."] + problems.comments(for: nil)
        return ExportOutput(
            files: [ExportedFile(name: "\(project).argo.yaml", contents: YAMLEmitter.document(workflow, header: header))],
            warnings: warnings)
    }

    /// The DAG task of entry `index`, and the daemons whose address it is given.
    private func task(
        _ index: Int, in plan: Plan, names: [String], problems: inout ProblemList
    ) -> (YAMLNode, [Int]) {
        let spec = plan.processes[index]
        var terms: [String] = []
        var hosts: [Int] = []
        for edge in plan.dependencies[index] {
            let dependency = plan.processes[edge.dependency]
            let name = names[edge.dependency]
            let field = "depends_on.\(dependency.name)"
            switch (dependency.daemon, edge.condition) {
            case (true, .started), (true, .ready):
                terms.append("\(name).Daemoned")
                hosts.append(edge.dependency)
            case (true, .completed), (true, .succeeded):
                problems.cannotExpress(
                    spec.name, field,
                    "Argo stops daemon '\(dependency.name)' when the steps it serves are done, so no step can wait for it to end",
                    lossy: "waits for it to be daemoned instead")
                terms.append("\(name).Daemoned")
                hosts.append(edge.dependency)
            case (false, .succeeded):
                terms.append("\(name).Succeeded")
            case (false, .completed):
                terms.append("(\(name).Succeeded || \(name).Failed)")
            case (false, .started), (false, .ready):
                problems.cannotExpress(
                    spec.name, field,
                    "Argo tells when a step has ended, not when it has started or is ready (only daemons report that)",
                    lossy: "starts without waiting for '\(dependency.name)'")
            }
        }
        var task = YAMLMapping()
        task.add("name", .string(names[index]))
        task.add("template", .string(names[index]))
        task.add("depends", terms.isEmpty ? nil : .string(terms.joined(separator: " && ")))
        if !hosts.isEmpty {
            let parameters = hosts.map { host -> YAMLNode in
                .mapping([
                    YAMLPair("name", .string("\(names[host])-ip")),
                    YAMLPair("value", .string("{{tasks.\(names[host]).ip}}")),
                ])
            }
            task.add("arguments", .mapping([YAMLPair("parameters", .sequence(parameters))]))
        }
        return (task.node, hosts)
    }

    /// The container template of `spec`, given the daemons whose addresses its task passes in
    /// (their task names, and their entries' names).
    private func template(
        _ spec: ProcessSpec, name: String, hosts: [(task: String, process: String)], container: KubernetesContainer,
        problems: inout ProblemList
    ) -> YAMLMapping {
        if let field = Self.fieldWithTemplateTag(spec) {
            problems.refuse(
                spec.name, field,
                "it holds '{{', which Argo would read as the start of a template tag; write it another way (e.g. with a variable)")
        }
        var template = YAMLMapping()
        template.add("name", .string(name))
        if spec.daemon { template.add("daemon", .boolean(true)) }
        if !hosts.isEmpty {
            let parameters = hosts.map { YAMLNode.mapping([YAMLPair("name", .string("\($0.task)-ip"))]) }
            template.add("inputs", .mapping([YAMLPair("parameters", .sequence(parameters))]))
        }
        template.add("activeDeadlineSeconds", spec.timeout.map { .integer(ExportDurations.seconds($0)) })
        template.add("retryStrategy", retryStrategy(of: spec, problems: &problems))
        template.add("podSpecPatch", gracePeriodPatch(of: spec, problems: &problems))
        let hostVariables = hosts.map {
            (ExportNames.variable("MUSTER_HOST_", $0.process), "{{inputs.parameters.\($0.task)-ip}}")
        }
        var fields = YAMLMapping()
        fields.add("image", container.image(of: spec, problems: &problems))
        fields.add("command", KubernetesContainer.command(spec.command))
        fields.add("workingDir", KubernetesContainer.workingDirectory(of: spec))
        fields.add("env", KubernetesContainer.environment(of: spec, extra: hostVariables))
        fields.add("readinessProbe", readinessProbe(of: spec, problems: &problems))
        fields.add("resources", container.resources(of: spec, problems: &problems))
        if let log = spec.logFile {
            problems.warn(spec.name, "log", "Argo keeps every step's output itself (argo logs)", "\(log) is not written")
        }
        template.add("container", fields.node)
        return template
    }

    /// `retryStrategy` from `restart`, `max_restarts` and `backoff`, or a job's `retries` (at once,
    /// on failure only); nil for `restart: no` without retries.
    private func retryStrategy(of spec: ProcessSpec, problems: inout ProblemList) -> YAMLNode? {
        let restart = spec.restart
        guard restart.mode != .no else {
            guard spec.retries > 0 else { return nil }
            var strategy = YAMLMapping()
            strategy.add("limit", .integer(spec.retries))
            strategy.add("retryPolicy", .string("OnFailure"))
            return strategy.node
        }
        if restart.mode == .always && !spec.daemon {
            problems.cannotExpress(
                spec.name, "restart",
                "Argo retries only steps that failed, and restart: always runs this job again after it succeeds too",
                lossy: "retried only when it fails")
        }
        var strategy = YAMLMapping()
        strategy.add("limit", restart.maxRestarts.map { .integer($0) })
        strategy.add("retryPolicy", .string(restart.mode == .always ? "Always" : "OnFailure"))
        strategy.add(
            "backoff",
            .mapping([
                YAMLPair("duration", .string(ExportDurations.text(restart.backoff))),
                YAMLPair("factor", .integer(2)),
                YAMLPair("cap", .string("30s")),
            ]))
        return strategy.node
    }

    /// `podSpecPatch` giving the pod `shutdown.timeout` as its grace period (when it is not
    /// muster's 10 s); `shutdown.signal` other than SIGTERM cannot be expressed.
    private func gracePeriodPatch(of spec: ProcessSpec, problems: inout ProblemList) -> YAMLNode? {
        if spec.shutdown.signal != 15 {
            problems.cannotExpress(
                spec.name, "shutdown.signal",
                "Kubernetes stops a container with SIGTERM (or its image's STOPSIGNAL), and Argo has no field for \(Signals.name(spec.shutdown.signal))",
                lossy: "stopped with SIGTERM")
        }
        guard spec.shutdown.timeout != ShutdownPolicy().timeout else { return nil }
        return .string("{\"terminationGracePeriodSeconds\":\(ExportDurations.seconds(spec.shutdown.timeout))}")
    }

    /// A daemon's `readinessProbe`; a job's probe and a `log:` probe cannot be expressed.
    private func readinessProbe(of spec: ProcessSpec, problems: inout ProblemList) -> YAMLNode? {
        guard let ready = spec.ready else { return nil }
        guard spec.daemon else {
            problems.cannotExpress(
                spec.name, "ready", "Argo waits for a step to be ready only when it is a daemon", lossy: "left out")
            return nil
        }
        guard let probe = KubernetesContainer.probe(ready) else {
            problems.cannotExpress(
                spec.name, "ready.log",
                "Kubernetes probes cannot read a container's output; use an exec, tcp or http probe",
                lossy: "left out, so the daemon counts as ready once it runs")
            return nil
        }
        return probe
    }

    /// The first field of `spec` that holds `{{`, which Argo substitutes everywhere in a template.
    static func fieldWithTemplateTag(_ spec: ProcessSpec) -> String? {
        let hasTag: (String) -> Bool = { $0.contains("{{") }
        if spec.command.arguments.contains(where: hasTag) { return "command" }
        if let key = spec.environment.keys.sorted().first(where: { hasTag(spec.environment[$0]!) }) { return "env.\(key)" }
        if spec.workingDirectoryLocation != nil, hasTag(spec.workingDirectory) { return "cwd" }
        if let image = spec.image, hasTag(image) { return "image" }
        switch spec.ready?.check {
        case .exec(let command)? where command.arguments.contains(where: hasTag): return "ready.exec"
        case .http(let url)? where hasTag(url): return "ready.http"
        default: return nil
        }
    }
}
