internal import MusterManifest
internal import MusterPlan

/// Grouped output: a job's held lines go out as one block when it ends for good.
extension RunState {
    /// Sends job `index`'s block, titled with how it ended: `build — succeeded in 3.2s`,
    /// `test — failed (exited 1) after 0.52s`, `setup — cached`.
    func releaseBlock(_ index: Int, _ termination: Termination?) {
        // The title is made only for a block there is: this runs at every end.
        guard output.holdsLines(of: index) else { return }
        let record = entries[index].record
        guard !record.daemon, let startedAt = record.startedAt else { return }
        let words: String
        switch record.status {
        case .succeeded: words = "succeeded in \(elapsed(index))"
        case .timedOut: words = "timed out after \(elapsed(index))"
        case .cached: words = "cached (its last run's output)"
        default:
            let how = termination.map { " (\($0.description))" } ?? ""
            words = "\(record.status.rawValue.replacingUnderscores)\(how) after \(elapsed(index))"
        }
        let attempts = record.attempts > 1 ? ", attempt \(record.attempts)" : ""
        output.releaseBlock(
            of: index, title: "\(name(index)) — \(words)\(attempts)", startedAt: record.instances.first?.startedAt ?? startedAt,
            finishedAt: record.finishedAt ?? .now())
    }
}

extension String {
    /// `timed_out` as `timed out`.
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
