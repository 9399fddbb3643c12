package import MusterPlan
internal import MusterManifest

/// `muster export procfile`: the daemons, one line each, as foreman and honcho run them:
/// `NAME: cd DIR && VAR=value … COMMAND`.
///
/// A Procfile holds long-running processes and nothing else: jobs are left out, and so are
/// dependencies, probes, restarts, timeouts, shutdown settings, limits and log files, each with a
/// warning and a comment.
package struct ProcfileExporter: Exporter {
    /// Creates the exporter.
    package init() {}

    /// The Procfile; see the type's description. `image:` is for container targets.
    ///
    /// - Throws: `ExportError.refused` when the plan has no daemon, or two names that differ only
    ///   by `.` and `_`.
    package func export(_ plan: Plan, options: ExportOptions) throws(ExportError) -> ExportOutput {
        var problems = ProblemList(.procfile, for: plan)
        var lines: [String] = []
        var owners: [String: String] = [:]
        for spec in plan.processes where !spec.daemon {
            problems.warn(spec.name, nil, "a Procfile holds long-running processes, and this is a job", "left out")
        }
        for spec in plan.processes where spec.daemon {
            let name = String(spec.name.map { $0 == "." ? "_" : $0 })
            if let other = owners[name] {
                problems.refuse(spec.name, "name", "'\(spec.name)' and '\(other)' both become '\(name)' in a Procfile; rename one")
            }
            owners[name] = spec.name
            warnAboutFields(of: spec, problems: &problems)
            lines += problems.comments(for: spec.name).map { "# " + $0 }
            lines.append("\(name): \(commandLine(of: spec, directory: plan.manifest.directory))")
        }
        if owners.isEmpty {
            problems.refuse(nil, nil, "the manifest has no daemon, and a Procfile holds long-running processes only")
        }
        let warnings = try problems.finish(lossy: options.lossy)
        let header = ["# Exported by muster from \(plan.manifest.path); meant to sit beside it (foreman start, honcho start)."]
            + problems.comments(for: nil).map { "# " + $0 }
        return ExportOutput(
            files: [ExportedFile(name: "Procfile", contents: (header + lines).joined(separator: "\n") + "\n")], warnings: warnings)
    }

    /// Warnings for the fields of `spec` a Procfile cannot hold.
    private func warnAboutFields(of spec: ProcessSpec, problems: inout ProblemList) {
        for dependency in spec.dependencies {
            problems.warn(
                spec.name, "depends_on.\(dependency.name)", "a Procfile starts every line at once", "left out")
        }
        if spec.ready != nil {
            problems.warn(spec.name, "ready", "a Procfile has no readiness probes", "left out")
        }
        if spec.restart != RestartPolicy() {
            problems.warn(spec.name, "restart", "a Procfile runner stops everything when one line ends", "left out")
        }
        if spec.timeout != nil {
            problems.warn(spec.name, "timeout", "a Procfile has no longest run time", "left out")
        }
        if spec.shutdown != ShutdownPolicy() {
            problems.warn(
                spec.name, "shutdown", "a Procfile runner stops every line with SIGTERM, and its own grace period", "left out")
        }
        if !spec.limits.isEmpty {
            problems.warn(spec.name, "limits", "a Procfile has no resource limits", "left out")
        }
        if let log = spec.logFile {
            problems.warn(spec.name, "log", "a Procfile runner prints every line's output itself", "\(log) is not written")
        }
    }

    /// `cd DIR && VAR=value … COMMAND` for one line; `cd` only when the manifest gave `cwd:`,
    /// relative to the manifest's folder when inside it (the Procfile sits beside the manifest).
    private func commandLine(of spec: ProcessSpec, directory: String) -> String {
        var parts: [String] = []
        if spec.workingDirectoryLocation != nil {
            let folder = spec.workingDirectory
            let relative = folder == directory ? "." : folder.hasPrefix(directory + "/") ? String(folder.dropFirst(directory.count + 1)) : folder
            parts.append("cd \(ShellQuoting.word(relative)) &&")
        }
        var variables = spec.environment
        variables["MUSTER_NAME"] = spec.name
        parts += variables.sorted { $0.key < $1.key }.map { ShellQuoting.assignment($0.key, $0.value) }
        switch spec.command {
        case .shell(let script): parts.append(ShellQuoting.script(script))
        case .argv(let argv): parts += argv.map(ShellQuoting.word)
        }
        return parts.joined(separator: " ")
    }
}
