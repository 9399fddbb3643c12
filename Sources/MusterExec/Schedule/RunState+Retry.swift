internal import MusterManifest
internal import MusterPlan

/// `retries: N`: a failed job runs again at once, up to N more times, and each instance that
/// ends before another starts is kept in the record (for the report, JUnit and the timeline).
extension RunState {
    /// Lines of output kept with a failed attempt.
    static let attemptLines = 50

    /// Whether `index` runs again after `termination` under `retries:`; if so, its next attempt
    /// is launched from an event of its own, as a restart is (after the end has been handled in
    /// full: its process group forgotten, its orphans reaped).
    ///
    /// Only a job's own failure is retried: not a timeout or a stop (muster signalled it), not a
    /// command that could not start (it would fail the same way), and not once the run stops.
    mutating func retry(_ index: Int, after termination: Termination) -> Bool {
        let spec = plan.processes[index]
        guard !spec.daemon, spec.retries > 0, mode == .running, !entries[index].shutDownSent,
            termination != .exited(0), entries[index].record.attempts <= spec.retries
        else { return false }
        if case .couldNotStart = termination { return false }
        let attempt = entries[index].record.attempts
        say("\(name(index)) \(termination.description) after \(elapsed(index)); retrying (attempt \(attempt + 1) of \(spec.retries + 1))")
        archiveInstance(index, termination, keepingLines: true)
        entries[index].restartPending = termination
        entries[index].retryPending = true
        entries[index].record.exitcode = termination.exitcode
        entries[index].record.alive = false
        let events = self.events
        tasksToStart.append { events.yield(.restartDue(index)) }
        return true
    }

    /// Keeps the instance of `index` that just ended as `termination` in its record's
    /// `instances`, before another one starts.
    mutating func archiveInstance(_ index: Int, _ termination: Termination, keepingLines: Bool = false) {
        guard let startedAt = entries[index].record.startedAt else { return }
        entries[index].record.instances.append(
            EntryInstance(
                startedAt: startedAt, readyAt: entries[index].record.readyAt, finishedAt: .now(),
                exitcode: termination.exitcode, ending: termination.description,
                lastLines: keepingLines ? output.lastLines(of: index, count: Self.attemptLines) : []))
        entries[index].record.readyAt = nil
    }
}
