internal import MusterControl
internal import MusterManifest
internal import MusterPlan

/// The run's final record, and how it ended as a whole.
extension RunState {
    /// The final record of the run.
    ///
    /// The outcome: `interrupted` after a signal (exit 128 + its number), `failed` when an entry
    /// failed, timed out or was skipped (exit 1), `interrupted` when `muster down` cut work short
    /// (exit 1), else `succeeded` (exit 0). What `muster down` or a signal to `up` skipped is not
    /// a failure in itself.
    func record(startedAt: WallTime, finishedAt: WallTime, authkey: Authkey) -> RunRecord {
        // Entries a reload removed are not part of the run's outcome.
        let records = entries.indices.filter { !entries[$0].removed }.map { index in
            var record = entries[index].record
            record.lastLines = output.lastLines(of: index)
            return record
        }
        let failed = failedFast || records.contains { $0.status.isFailure && !(stoppedByUser && $0.status == .skipped) }
        let (outcome, exitCode): (RunOutcome, Int32)
        if let override = exitCodeOverride {
            (outcome, exitCode) = (.interrupted, override)
        } else if failed {
            (outcome, exitCode) = (.failed, 1)
        } else if stoppedByUser && interruptedWork {
            (outcome, exitCode) = (.interrupted, 1)
        } else {
            (outcome, exitCode) = (.succeeded, 0)
        }
        return RunRecord(
            manifestPath: plan.manifest.path, name: plan.manifest.name, outcome: outcome, exitCode: exitCode,
            startedAt: startedAt, finishedAt: finishedAt, authkeyFingerprint: authkey.fingerprint, entries: records)
    }
}
