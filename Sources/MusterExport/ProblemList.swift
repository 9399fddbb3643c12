internal import MusterManifest
internal import MusterPlan

/// The problems an exporter meets as it goes, and the comments they leave in its files.
///
/// Exporters write everything they can, collecting a problem for each field they cannot; at the
/// end `finish(lossy:)` decides whether the export stands.
struct ProblemList {
    /// The format's name, for the error.
    let format: ExportFormat
    /// Every problem, in the order found.
    private(set) var all: [ExportProblem] = []

    /// A list for `format`, holding already what no target can express of `plan`'s entries:
    /// what only muster's own runs act on.
    init(_ format: ExportFormat, for plan: Plan) {
        self.format = format
        for spec in plan.processes { noteMusterOnlyFields(of: spec) }
    }

    /// `retries` outside Argo (which retries a failed step; elsewhere a job runs once: an error
    /// without `--lossy`), and the dev loop's `watch` (a warning). The job cache's `inputs` and
    /// `outputs` need no word: an exported job runs every time, as a cache miss would.
    private mutating func noteMusterOnlyFields(of spec: ProcessSpec) {
        if spec.retries > 0 && format != .argo {
            cannotExpress(spec.name, "retries", "\(format.displayName) runs a job once, with no retries", lossy: "runs once")
        }
        if spec.watch != nil {
            warn(spec.name, "watch", "watching files is muster up's own", "left out")
        }
    }

    /// A field the target cannot express: an error, or with `--lossy` a warning.
    mutating func cannotExpress(_ process: String?, _ field: String?, _ reason: String, lossy fallback: String) {
        add(ExportProblem(process: process, field: field, reason: reason, fallback: fallback, severity: .inexpressible))
    }

    /// A field the target approximates or leaves out whatever the options: a warning.
    mutating func warn(_ process: String?, _ field: String?, _ reason: String, _ fallback: String) {
        add(ExportProblem(process: process, field: field, reason: reason, fallback: fallback, severity: .warning))
    }

    /// Something that makes the export impossible: an error, even with `--lossy`.
    mutating func refuse(_ process: String?, _ field: String?, _ reason: String) {
        add(ExportProblem(process: process, field: field, reason: reason, fallback: "", severity: .refusal))
    }

    /// Adds `problem` unless the same one is there already (a dependency named by several dependents).
    private mutating func add(_ problem: ExportProblem) {
        if !all.contains(problem) { all.append(problem) }
    }

    /// The comment lines for `process`'s problems (for the manifest's when nil), as the files show
    /// them: `muster: ready.log: Argo has no … ; left out`.
    func comments(for process: String?) -> [String] {
        all.filter { $0.process == process && $0.severity != .refusal }.map { problem in
            let field = problem.field.map { "\($0): " } ?? ""
            return "muster: \(field)\(problem.reason); \(problem.fallback)"
        }
    }

    /// The warnings when the export stands.
    ///
    /// - Throws: `ExportError.refused` when there is a refusal; `ExportError.inexpressible` when a
    ///   field cannot be expressed and `lossy` is off.
    func finish(lossy: Bool) throws(ExportError) -> [ExportProblem] {
        let refusals = all.filter { $0.severity == .refusal }
        if !refusals.isEmpty {
            throw .refused(format.rawValue, refusals + all.filter { $0.severity == .inexpressible && !lossy })
        }
        let errors = all.filter { $0.severity == .inexpressible }
        if !errors.isEmpty && !lossy { throw .inexpressible(format.rawValue, errors) }
        return all
    }
}
