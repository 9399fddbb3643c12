internal import MusterManifest
internal import MusterPlan

/// Readiness probes and restart policies of a run.
extension RunState {
    /// The longest backoff between restarts.
    static let maximumBackoff = Duration.seconds(30)
    /// An instance that stayed up this long resets the backoff to its first value.
    static let stableUptime = Duration.seconds(10)

    /// Starts `index`'s readiness probe (and its log watch), if it has one.
    mutating func startProbe(_ index: Int, _ group: inout DiscardingTaskGroup) {
        guard let probe = plan.processes[index].ready, let launch = launches[index] else { return }
        probeStops[index]?.finish()
        let (stop, stopper) = AsyncStream.makeStream(of: Void.self)
        probeStops[index] = stopper
        let events = self.events
        group.addTask { await ProbeRunner.run(probe, for: launch, stop: stop, events: events) }
    }

    /// Whether `index` comes back after `termination` under its restart policy; if so, its
    /// restart is scheduled after the backoff.
    mutating func scheduleRestart(_ index: Int, after termination: Termination, _ group: inout DiscardingTaskGroup) -> Bool {
        let policy = plan.processes[index].restart
        guard mode == .running, !signalled[index] else { return false }
        switch policy.mode {
        case .no: return false
        case .onFailure: if termination == .exited(0) { return false }
        case .always: break
        }
        if let max = policy.maxRestarts, records[index].restarts >= max {
            records[index].reason = "\(termination.description); restarted \(max) time\(max == 1 ? "" : "s"), the most allowed"
            return false
        }
        if let start = startInstants[index], clock.now - start >= Self.stableUptime { restartStreak[index] = 0 }
        var delay = policy.backoff
        for _ in 0..<min(restartStreak[index], 16) { delay = min(delay * 2, Self.maximumBackoff) }
        delay = min(delay, Self.maximumBackoff)
        restartStreak[index] += 1
        restartPending[index] = termination
        records[index].exitcode = termination.exitcode
        records[index].alive = false
        records[index].ready = false
        say("\(name(index)) \(termination.description); restarting in \(delay.shortDescription)")
        let events = self.events
        group.addTask {
            try? await Task.sleep(for: delay)
            events.yield(.restartDue(index))
        }
        return true
    }

    /// The backoff of `index` is over: launch it again, unless the run has stopped meanwhile.
    mutating func restart(_ index: Int) {
        guard restartPending[index] != nil, mode == .running else { return }
        restartPending[index] = nil
        records[index].restarts += 1
        launch(index)
    }

    /// Once the run stops, entries waiting to restart end: `terminated` when the user ended the
    /// run (`up` stopped, `muster down`), `interrupted` after a signal to `run`, otherwise with
    /// their last instance's result.
    mutating func finishPendingRestarts() {
        for index in restartPending.indices {
            guard let termination = restartPending[index] else { continue }
            restartPending[index] = nil
            if stoppedByUser || exitCodeOverride != nil {
                stopStatus[index] = stoppedByUser ? .terminated : .interrupted
                signalled[index] = true
            }
            finish(index, termination)
        }
    }
}
