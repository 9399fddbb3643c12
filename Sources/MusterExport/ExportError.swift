/// One thing a target cannot hold as the manifest says it: which entry, which field, why, and
/// what the export does instead when it goes on (`--lossy`, or always for a warning).
package struct ExportProblem: Sendable, Hashable, CustomStringConvertible {
    /// How much the problem weighs.
    package enum Severity: Sendable, Hashable {
        /// The target cannot express the field: an error, or with `--lossy` a warning and a comment.
        case inexpressible
        /// The export goes on with the field approximated or left out: always a warning and a comment.
        case warning
        /// Nothing sensible can be written (a graph the target cannot run, no image): an error even
        /// with `--lossy`.
        case refusal
    }

    /// The entry concerned; nil for the manifest as a whole.
    package var process: String?
    /// The field, as the manifest spells it (`ready.log`, `shutdown.signal`, `depends_on.db`).
    package var field: String?
    /// Why the target cannot hold it, and for an error what to do.
    package var reason: String
    /// What the export writes instead (`left out`, `stopped with SIGTERM`); empty for a refusal.
    package var fallback: String
    /// How much it weighs.
    package var severity: Severity

    /// Creates a problem.
    package init(process: String?, field: String?, reason: String, fallback: String, severity: Severity) {
        self.process = process
        self.field = field
        self.reason = reason
        self.fallback = fallback
        self.severity = severity
    }

    /// Where the problem is: `process 'db', ready.log`.
    package var place: String {
        [process.map { "process '\($0)'" }, field].compactMap { $0 }.joined(separator: ", ")
    }

    /// The problem as an error line's text: the place, the reason, and what `--lossy` would do.
    package var errorText: String {
        let lead = place.isEmpty ? "" : place + ": "
        switch severity {
        case .inexpressible: return "\(lead)\(reason) (--lossy: \(fallback))"
        case .warning, .refusal: return lead + reason
        }
    }

    /// The problem as a warning's text: the place, the reason, and what was written instead.
    package var warningText: String {
        let lead = place.isEmpty ? "" : place + ": "
        return fallback.isEmpty ? lead + reason : "\(lead)\(reason); \(fallback)"
    }

    /// The warning's text.
    package var description: String { warningText }
}

/// An export that cannot be written as asked: every problem found, each naming the entry and the
/// field, and the target. Nothing was written when this is thrown.
package struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        /// Fields the target cannot express; `--lossy` exports anyway.
        case inexpressible
        /// The plan does not fit the target at all; `--lossy` does not help.
        case refused
    }

    private let code: Code
    /// The target's name as `muster export` takes it.
    package var format: String
    /// Every problem that is an error, in the order found.
    package var problems: [ExportProblem]
    /// The underlying error; exporters are pure and have none.
    package var cause: (any Error & Sendable)? { nil }

    private init(_ code: Code, format: String, problems: [ExportProblem]) {
        self.code = code
        self.format = format
        self.problems = problems
    }

    /// Fields `format` cannot express (each an `.inexpressible` problem).
    package static func inexpressible(_ format: String, _ problems: [ExportProblem]) -> ExportError {
        ExportError(.inexpressible, format: format, problems: problems)
    }

    /// A plan `format` cannot hold whatever the options (at least one `.refusal` problem).
    package static func refused(_ format: String, _ problems: [ExportProblem]) -> ExportError {
        ExportError(.refused, format: format, problems: problems)
    }

    /// Whether `--lossy` would export the plan anyway.
    package var lossyWouldExport: Bool { code == .inexpressible }

    /// The first line of the report: what failed and what to do.
    package var message: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        switch code {
        case .inexpressible:
            return "cannot export to \(format) (\(count)); change the manifest, or pass --lossy to export with warnings"
        case .refused:
            return "cannot export to \(format) (\(count))"
        }
    }

    /// The message, then each problem on a line of its own.
    package var description: String {
        ([message] + problems.map { "  " + $0.errorText }).joined(separator: "\n")
    }
}
