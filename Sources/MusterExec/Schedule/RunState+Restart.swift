internal import MusterManifest
internal import MusterPlan

/// Readiness probes and restart policies of a run.
extension RunState {
    /// The longest backoff between restarts.
    static let maximumBackoff = Duration.seconds(30)
    /// An instance that stayed up this long resets the backoff to its first value.
    static let stableUptime = Duration.seconds(10)

    /// Starts `index`'s readiness probe (and its log watch), if it has one.
    mutating func startProbe(_ index: Int) {
        guard let probe = plan.processes[index].ready, let launch = entries[index].launch else { return }
        entries[index].probeStop?.finish()
        let (stop, stopper) = AsyncStream.makeStream(of: Void.self)
        entries[index].probeStop = stopper
        let events = self.events
        tasksToStart.append { await ProbeRunner.run(probe, for: launch, stop: stop, events: events) }
    }

    /// Whether `index` comes back after `termination` under its restart policy; if so, its
    /// restart is scheduled after the backoff.
    mutating func scheduleRestart(_ index: Int, after termination: Termination) -> Bool {
        let policy = plan.processes[index].restart
        guard mode == .running, !entries[index].shutDownSent else { return false }
        switch policy.mode {
        case .no: return false
        case .onFailure: if termination == .exited(0) { return false }
        case .always: break
        }
        if let max = policy.maxRestarts, entries[index].record.restarts >= max {
            entries[index].record.reason = "\(termination.description); restarted \(max) time\(max == 1 ? "" : "s"), the most allowed"
            return false
        }
        if let start = entries[index].startInstant, clock.now - start >= Self.stableUptime { entries[index].restartStreak = 0 }
        var delay = policy.backoff
        for _ in 0..<min(entries[index].restartStreak, 16) { delay = min(delay * 2, Self.maximumBackoff) }
        delay = min(delay, Self.maximumBackoff)
        entries[index].restartStreak += 1
        archiveInstance(index, termination)
        entries[index].restartPending = termination
        entries[index].record.status = .restarting
        entries[index].record.exitcode = termination.exitcode
        entries[index].record.alive = false
        entries[index].record.ready = false
        say("\(name(index)) \(termination.description); restarting in \(delay.shortDescription)")
        let (events, wait) = (self.events, delay)
        tasksToStart.append {
            try? await Task.sleep(for: wait)
            events.yield(.restartDue(index))
        }
        return true
    }

    /// The backoff of `index` is over: launch it again, unless the run has stopped meanwhile.
    mutating func restart(_ index: Int) {
        guard entries[index].restartPending != nil, mode == .running else { return }
        entries[index].restartPending = nil
        // A job's retry is a new attempt, not a restart.
        if entries[index].retryPending {
            entries[index].retryPending = false
        } else {
            entries[index].record.restarts += 1
        }
        launch(index)
    }

    /// Once the run stops, entries waiting to restart end with their last instance's own end:
    /// muster never signalled it, so it is `succeeded` or `failed`, not `terminated`.
    mutating func finishPendingRestarts() {
        for index in entries.indices {
            guard entries[index].restartPending != nil else { continue }
            cancelRestart(index, because: "the run stopped")
        }
    }

    /// Ends `index`, which waits out its restart backoff, by its last instance's end.
    mutating func cancelRestart(_ index: Int, because why: String) {
        guard let termination = entries[index].restartPending else { return }
        entries[index].restartPending = nil
        entries[index].retryPending = false
        if termination != .exited(0) {
            entries[index].record.reason = "\(termination.description); \(why) before its restart"
        }
        finish(index, termination)
    }
}
