internal import MusterManifest
internal import MusterPlan

/// An entry's life on the loop: launched, started, ended (for good or to restart), skipped.
extension RunState {
    /// Spawns `index` now and records its start; its end reaches the loop as an event.
    mutating func launch(_ index: Int) {
        if launchFromCache(index) { return }
        let spec = plan.processes[index]
        var own = spec.environment
        own["MUSTER_NAME"] = spec.name
        // muster's own variables win over the manifest's, as they always have.
        for key in ["MUSTER_AUTHKEY", "MUSTER_CONTROL_SOCKET"] where sharedEnvironment.variables[key] != nil { own[key] = nil }
        entries[index].alive = true
        entries[index].shutDownSent = false
        entries[index].signalled = false
        aliveCount += 1
        let launch = Launch(index: index, spec: spec, shared: sharedEnvironment, own: own)
        entries[index].launch = launch
        let events = self.events
        // A probe on a local port that someone else already serves would pass at once, against
        // the wrong server: refuse to start instead.
        if let holder = LocalPortHolder.conflict(for: spec.ready, isOwnGroup: { instanceGroups[$0] != nil }) {
            events.yield(.ended(index, .couldNotStart(exitcode: nil, message: holder)))
            return
        }
        // Armed before the process exists, so that a ready line printed at once is not missed.
        output.watchLog(of: index)
        switch ProcessLauncher.spawn(launch) {
        case .failed(let termination):
            events.yield(.ended(index, termination))
        case .spawned(let spawned):
            let child = spawned.process
            // The watchdog learns of the group at once: muster could be SIGKILLed a moment later.
            watchdog?.watch(child.pid)
            entries[index].child = child
            // Said before the reactor reads the pipes: no line of the child's comes before it.
            started(index, child)
            ChildReactor.shared.watch(child, of: index, pipes: spawned.pipes, output: output) { events.yield(.ended(index, $0)) }
            if let timeout = spec.timeout { child.after(timeout) { events.yield(.timedOut(index)) } }
        }
    }

    /// Records that `index` runs as `child`: its attributes, the event line, its probe, and the
    /// dependents that waited for it to start.
    private mutating func started(_ index: Int, _ child: ChildProcess) {
        let probed = plan.processes[index].ready != nil
        entries[index].record.pid = child.pid
        entries[index].record.sentinel = child.pidfd
        instanceGroups[child.pid] = plan.processes[index].shutdown.signal
        entries[index].record.alive = true
        entries[index].record.status = .running
        entries[index].record.startedAt = .now()
        entries[index].startInstant = clock.now
        entries[index].record.ready = !probed
        entries[index].record.readyAt = probed ? nil : entries[index].record.startedAt
        entries[index].record.attempts += 1
        let restarts = entries[index].record.restarts
        say("\(name(index)) started (pid \(child.pid))" + (restarts > 0 ? ", restart \(restarts)" : ""))
        startProbe(index)
        if entries[index].record.ready { answerControlWaiters(index, reached: .ready) }
        skip(scheduler.markStarted(index))
    }

    /// `index`'s main process ended (or never started): restarts it, or records its end.
    mutating func end(_ index: Int, _ termination: Termination) {
        entries[index].alive = false
        aliveCount -= 1
        entries[index].child = nil
        if entries[index].resetPending { return endedForReset(index, termination) }
        if retry(index, after: termination) || scheduleRestart(index, after: termination) { return }
        if entries[index].restartAfterStop && mode == .running {
            // `muster restart`: the entry never ends for the scheduler; its dependents wait for
            // the new instance.
            entries[index].restartAfterStop = false
            archiveInstance(index, termination)
            entries[index].record.exitcode = termination.exitcode
            entries[index].record.alive = false
            say("\(name(index)) \(termination.description); starting it again")
            relaunch(index)
            return
        }
        finish(index, termination)
        entries[index].restartAfterStop = false
        answerControlWaiters(index, reached: .ended)
    }

    /// Records the final end of `index` (no restart follows) and lets its dependents know.
    ///
    /// The status is the one muster stopped it with only when muster signalled the instance while
    /// it still ran; an instance that ended on its own is `succeeded` or `failed` by its own end.
    mutating func finish(_ index: Int, _ termination: Termination) {
        // The record is changed in place: a copy of it (and of the spec) costs more than the rest.
        let finishedAt = WallTime.now()
        entries[index].record.alive = false
        entries[index].record.exitcode = termination.exitcode
        entries[index].record.finishedAt = finishedAt
        if entries[index].record.startedAt == nil, case .couldNotStart = termination { entries[index].record.startedAt = finishedAt }
        let status: EntryStatus
        if entries[index].signalled, let stopped = entries[index].stopStatus {
            status = stopped
        } else if termination == .exited(0) {
            status = .succeeded
        } else {
            status = .failed
            if entries[index].record.reason == nil {
                switch termination {
                case .couldNotStart(_, let message): entries[index].record.reason = message
                default:
                    entries[index].record.reason =
                        plan.processes[index].daemon ? "daemon \(termination.description) before teardown" : termination.description
                }
            }
        }
        entries[index].record.status = status
        releaseBlock(index, termination)
        if status == .succeeded { storeInCache(index) }
        let took = entries[index].startInstant == nil ? "" : " after \(elapsed(index))"
        switch termination {
        case .couldNotStart(let code, let message):
            say("\(name(index)) cannot start: \(message)" + (code.map { " (exit \($0))" } ?? ""))
        default:
            say("\(name(index)) \(termination.description)\(took)" + (status == .failed || status == .timedOut ? " [\(status.rawValue)]" : ""))
        }
        let failure: String
        switch status {
        case .timedOut: failure = "timed out"
        case .failed: failure = "failed"
        default: failure = entries[index].stoppedByHand ? "was stopped by muster stop" : termination.description
        }
        skip(scheduler.markEnded(index, success: termination == .exited(0), failure: failure))
        rerunEnded(index, success: termination == .exited(0))
        if status == .failed || status == .timedOut {
            failFast(after: "\(plan.processes[index].name) \(failure)")
        }
    }

    /// Records entries that will never start.
    mutating func skip(_ skips: [Scheduler.Skip]) {
        for skip in skips {
            entries[skip.index].record.status = .skipped
            entries[skip.index].record.reason = skip.reason
            say("\(name(skip.index)) skipped: \(skip.reason)")
        }
        if let job = skips.first(where: { !plan.processes[$0.index].daemon }) {
            failFast(after: "\(name(job.index)) was skipped")
        }
    }

    /// Under `--fail-fast`, while running: shuts everything down after `what` ("build failed").
    private mutating func failFast(after what: String) {
        guard options.failFast, mode == .running else { return }
        failedFast = true
        say("--fail-fast: \(what); shutting everything down")
        stopAll(reason: "stopped by --fail-fast after \(what)")
    }
}
