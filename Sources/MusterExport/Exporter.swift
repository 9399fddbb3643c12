package import MusterPlan

/// One target of `muster export`: a table from a `Plan` to the files an engine reads. Pure: no
/// file system, no environment, the same files for the same plan and options.
package protocol Exporter: Sendable {
    /// Exports every entry of `plan` (already narrowed to the selected entries).
    ///
    /// What the target cannot express is collected, never dropped in silence: each such field is
    /// an `ExportProblem` naming the entry and the field. Without `options.lossy` they are thrown
    /// together; with it they come back as warnings, and the files carry them as comments.
    ///
    /// - Throws: `ExportError` listing every problem when the plan cannot be exported as asked.
    func export(_ plan: Plan, options: ExportOptions) throws(ExportError) -> ExportOutput
}

/// The targets, by the name `muster export` takes.
package enum ExportFormat: String, CaseIterable, Sendable {
    /// One Argo `Workflow` with a `dag` template.
    case argo
    /// One `batch/v1` Job, for a manifest whose jobs form a single chain.
    case kubernetes
    /// One docker compose file.
    case compose
    /// A folder of systemd units and a target that wants them.
    case systemd
    /// A Procfile of the daemons.
    case procfile

    /// The exporter that writes this format.
    package var exporter: any Exporter {
        switch self {
        case .argo: ArgoExporter()
        case .kubernetes: KubernetesExporter()
        case .compose: ComposeExporter()
        case .systemd: SystemdExporter()
        case .procfile: ProcfileExporter()
        }
    }

    /// Whether the output is a folder of files rather than one file.
    package var writesFolder: Bool { self == .systemd }

    /// The target's name in messages ("Argo", "docker compose").
    var displayName: String {
        switch self {
        case .argo: "Argo"
        case .kubernetes: "a Kubernetes Job"
        case .compose: "docker compose"
        case .systemd: "systemd"
        case .procfile: "a Procfile"
        }
    }
}

/// What an export produced: the files, and the warnings to show (for every field that was left
/// out or changed, with `--lossy` or because the target has no equivalent).
package struct ExportOutput: Sendable {
    /// The files, in the order to write or show them.
    package var files: [ExportedFile]
    /// Warnings, in the order found.
    package var warnings: [ExportProblem]

    /// Creates an output.
    package init(files: [ExportedFile], warnings: [ExportProblem]) {
        self.files = files
        self.warnings = warnings
    }
}

/// One file of an export.
package struct ExportedFile: Sendable, Hashable {
    /// The file's name, without folders (`ci-pipeline.argo.yaml`, `shop-db.service`).
    package var name: String
    /// Its text.
    package var contents: String

    /// Creates a file.
    package init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}
